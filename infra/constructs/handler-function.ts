import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Architecture, type CfnFunction, type ILayerVersion, LayerVersion, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { acknowledge, arnToken } from './nag.ts';
import { Construct } from 'constructs';
import { HANDLER_BUNDLING, powertoolsLayerParameter, powertoolsVersion } from '../bundling.ts';
import { HANDLER_ENTRY_METADATA, projectRoot } from '../paths.ts';
import path from 'node:path';

export { HANDLER_ENTRY_METADATA, projectRoot };

export interface HandlerFunctionProps {
  /** Folder name under functions/, e.g. 'create-dossier'. */
  readonly name: string;
  readonly description: string;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
}

/**
 * One Lambda per concern with the project's defaults (Node.js 22, arm64, X-Ray, ESM bundle built by the
 * local esbuild — never Docker — and a log group with retention). Each function gets its own role; access is
 * added only through the bind helpers below, so every grant is explicit and least-privilege.
 */
export class HandlerFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const entry = `functions/${props.name}/handler.ts`;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to this function's log group only.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `Role of ${props.name}` });
    logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Fn', {
      role,
      entry: path.join(projectRoot, entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: Tracing.ACTIVE,
      logGroup,
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      // No NODE_OPTIONS=--enable-source-maps: with it, Node parses the bundle's whole source map (the SDK's
      // included, 0.02–2.8 MB) at every cold start, +60–180 ms measured (bench/README.md). The maps still ship;
      // set that option on one function to read source-mapped stack traces while debugging.
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        TZ_LOCAL: 'Asia/Ho_Chi_Minh',
        ...props.environment,
      },
      layers: [powertoolsLayer(this)],
      bundling: {
        format: OutputFormat.ESM,
        target: HANDLER_BUNDLING.target,
        minify: HANDLER_BUNDLING.minify,
        charset: HANDLER_BUNDLING.charset === 'utf8' ? Charset.UTF8 : Charset.ASCII,
        sourceMap: true,
        mainFields: [...HANDLER_BUNDLING.mainFields],
        banner: HANDLER_BUNDLING.banner,
        // Set explicitly: CDK's default would leave the AWS SDK out and use the runtime's unpinned copy.
        externalModules: [...HANDLER_BUNDLING.external],
        loader: { ...HANDLER_BUNDLING.loader },
        // esbuild runs in the project root, where the alias targets are resolved.
        esbuildArgs: Object.fromEntries(Object.entries(HANDLER_BUNDLING.alias).map(([from, to]) => [`--alias:${from}`, to])),
        forceDockerBundling: false,
        // When a synth skips bundling (tests, the local runtime), CDK would fingerprint the whole project
        // directory (node_modules included) for every function; a fixed hash stands in for the unbuilt asset.
        ...(Stack.of(scope).bundlingRequired ? {} : { assetHash: `unbundled-${props.name}` }),
      },
    });
    (this.fn.node.defaultChild as CfnFunction).addMetadata(HANDLER_ENTRY_METADATA, entry);
    acknowledge(this, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions');
    acknowledge(this, 'AwsSolutions-L1', 'Node.js 22 is the runtime fixed by the design card (Node 20 is end-of-life); raise it deliberately, with a test run');
  }

  bindTable(table: ITable, access: 'RO' | 'RW'): this {
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'RO') table.grantReadData(this.fn);
    else table.grantReadWriteData(this.fn);
    acknowledge(this, `AwsSolutions-IAM5[Resource::${arnToken(table)}/index/*]`, 'Queries on the GSIs of this one table; the grant names the table, not any other');
    return this;
  }

  bindBucket(envName: string, bucket: IBucket, access: 'R' | 'W' | 'RW'): this {
    this.fn.addEnvironment(envName, bucket.bucketName);
    if (access === 'R') bucket.grantRead(this.fn);
    else if (access === 'W') bucket.grantPut(this.fn);
    else bucket.grantReadWrite(this.fn);
    this.acknowledgeBucketGrant(bucket, '*');
    return this;
  }

  /** CDK's bucket grants use action wildcards (s3:GetObject* covers versions and ACL reads) on one bucket's objects. */
  acknowledgeBucketGrant(bucket: IBucket, keyPattern: string): void {
    const reason = `CDK bucket grant on ${keyPattern === '*' ? 'the objects' : `objects under ${keyPattern}`} of one bucket; the action wildcards are CDK's read/write action groups`;
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:Abort*', 's3:DeleteObject*']) {
      acknowledge(this, `AwsSolutions-IAM5[Action::${action}]`, reason);
    }
    acknowledge(this, `AwsSolutions-IAM5[Resource::${arnToken(bucket)}/${keyPattern}]`, reason);
  }

  get region(): string {
    return Stack.of(this).region;
  }
}

/** One layer reference per stack, shared by every function (its ARN is read from AWS's public SSM parameter at deploy). */
function powertoolsLayer(scope: Construct): ILayerVersion {
  const stack = Stack.of(scope);
  const id = 'PowertoolsLayer';
  return (
    (stack.node.tryFindChild(id) as ILayerVersion | undefined) ??
    LayerVersion.fromLayerVersionArn(stack, id, StringParameter.valueForStringParameter(stack, powertoolsLayerParameter(powertoolsVersion())))
  );
}
