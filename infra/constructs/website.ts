import path from 'node:path';
import { Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { AllowedMethods, Distribution, HeadersFrameOption, HeadersReferrerPolicy, HttpVersion, OriginProtocolPolicy, OriginRequestPolicy, ResponseHeadersPolicy, SecurityPolicyProtocol, ViewerProtocolPolicy, CachePolicy } from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { projectRoot } from '../paths.ts';
import { buildOpenApiDocument } from '#schemas/openapi';
import { buildWeb, CONTENT_SECURITY_POLICY } from '../web-build.ts';
import { acknowledge } from './nag.ts';

export interface WebsiteProps {
  readonly accessLogs: IBucket;
  /** The HTTP API's endpoint (https://{id}.execute-api.{region}.amazonaws.com): served under /api/* by the distribution. */
  readonly apiEndpoint: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly signInDomain: string;
  /** The state machine's ASL (deploy-time token): the dossier page draws the very workflow that runs. */
  readonly workflowDefinition: string;
  /** The AWS WAF web ACL (scope CLOUDFRONT, made in us-east-1 by EdgeProtectionStack); none until it is deployed. */
  readonly webAclArn?: string;
  /** Days an old version of a site object is kept. */
  readonly noncurrentVersionDays: number;
}

/**
 * The web app as a static site: a private bucket behind CloudFront (origin access control), security headers
 * on every response, and the same build the local runtime serves. Its configuration is written at deploy time
 * as config.json from the stack's own values — nothing is hard-coded in the bundle.
 *
 * The API is served by the same distribution under /api/*, as the local runtime serves both from one origin:
 * the app's calls are same-origin (no CORS preflight, which the HTTP API is not configured to answer), and they
 * pass the web ACL, so its per-IP rate rule and managed rules cover the API too (WAF cannot attach to an HTTP API
 * itself). Nothing is cached there, and every viewer header but Host goes to the origin (API Gateway answers only
 * its own Host name), the Authorization header included.
 */
export class Website extends Construct {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebsiteProps) {
    super(scope, id);
    const bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'website/',
      lifecycleRules: [{ id: 'NoncurrentVersions', noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays) }],
    });
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Security headers of the award dossier web app',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Award dossier web app',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      },
      additionalBehaviors: {
        'api/*': {
          origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.apiEndpoint)), { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          // A redirect would turn a POST into a GET: plain HTTP is refused instead.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cdn/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });
    acknowledge(this.distribution, 'AwsSolutions-CFR1', 'Served to civil servants and the public in Vietnam and abroad (published awards); no geographic restriction wanted');
    if (!props.webAclArn) {
      acknowledge(this.distribution, 'AwsSolutions-CFR2', 'The web ACL is made in us-east-1 by EdgeProtectionStack and attached once its ARN is given (webAclArn); the API stage is throttled meanwhile');
    }
    acknowledge(this.distribution, 'AwsSolutions-CFR4', 'The default *.cloudfront.net certificate allows TLSv1 at the edge; a province serves the app on its own domain with an ACM certificate and TLS 1.2 (minimumProtocolVersion is set)');

    const stack = Stack.of(this);
    const { region } = stack;
    const deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: bucket,
      sources: [
        // Built only when this stack's assets are bundled (cdk synth/deploy); the local runtime skips bundling
        // and builds and serves the site itself, so its synth points at the sources instead of building twice.
        Source.asset(stack.bundlingRequired ? buildWeb(path.join(projectRoot, '.build', 'web')) : path.join(projectRoot, 'web')),
        Source.jsonData('config.json', {
          // Same origin: the distribution serves the API under /api/* (above).
          apiUrl: '',
          auth: 'cognito',
          cognito: { region, userPoolId: props.userPoolId, clientId: props.userPoolClientId, domain: props.signInDomain },
          workflowDefinition: props.workflowDefinition,
        }),
        // The API's OpenAPI 3.1 description, generated from the routes and zod schemas: a static document, no function.
        Source.jsonData('openapi.json', buildOpenApiDocument(`https://${this.distribution.distributionDomainName}`)),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
      // Its own log group, so the stack's log retention applies to it too (the default one would never expire).
      logGroup: new LogGroup(this, 'DeployLogs', { removalPolicy: RemovalPolicy.DESTROY }),
    });
    // CDK's deployment handler (one per stack): its grants are CDK's, scoped to the asset and site buckets.
    const role = deployment.handlerRole;
    acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', "CDK's BucketDeployment handler uses the AWS managed basic execution role (its own logs only)");
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      acknowledge(role, `AwsSolutions-IAM5[Action::${action}]`, "CDK's BucketDeployment syncs the built site from the asset bucket into the site bucket (read the asset, replace the site's objects)");
    }
    acknowledge(role, `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>/*]`, 'The deployment writes every object of the site bucket');
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', 'CloudFront invalidation as granted by CDK (the handler invalidates only this distribution)');
    // cdk-nag prints the asset bucket's ARN with unresolved account/region as pseudo-parameter names.
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const assetRegion = Token.isUnresolved(region) ? '<AWS::Region>' : region;
    acknowledge(role, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${assetRegion}/*]`, 'The deployment reads the web build from the CDK asset bucket');
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler) acknowledge(handler, 'AwsSolutions-L1', "CDK's BucketDeployment handler runtime is chosen by aws-cdk-lib (it runs the AWS CLI layer), updated with the library");
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
