import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export interface EdgeProtectionStackProps extends StackProps {
  /** Requests one client IP may make in any 5 minutes before WAF blocks it (AWS's minimum is 10). */
  readonly requestsPerIpPer5Minutes: number;
}

/**
 * AWS WAF for the web app's CloudFront distribution. The API is an HTTP API (API Gateway v2), which WAF cannot
 * be associated with (only REST APIs, ALBs, AppSync, Cognito and CloudFront can), so the web ACL sits on the
 * distribution, and the API stage is throttled instead (infra/constructs/api.ts). A CloudFront web ACL must live
 * in us-east-1, hence this small stack of its own: deploy it first, then give its WebAclArn output to the main
 * stack (`-c webAclArn=…` or cdk.json), which attaches it to the distribution. (A cross-region reference would
 * do the same with a custom resource and SSM parameters in both regions; one context value is simpler.)
 */
export class EdgeProtectionStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeProtectionStackProps) {
    super(scope, id, props);
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const managed = (priority: number, name: string) => ({
      name,
      priority,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      overrideAction: { none: {} },
      visibilityConfig: visibility(name),
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('award-web'),
      rules: [
        {
          name: 'RequestsPerIp',
          priority: 0,
          statement: { rateBasedStatement: { limit: props.requestsPerIpPer5Minutes, aggregateKeyType: 'IP' } },
          action: { block: {} },
          visibilityConfig: visibility('RequestsPerIp'),
        },
        managed(1, 'AWSManagedRulesAmazonIpReputationList'),
        managed(2, 'AWSManagedRulesCommonRuleSet'),
        managed(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn });
  }
}
