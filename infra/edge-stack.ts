import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export interface EdgeProtectionStackProps extends StackProps {
  /** Requests one client IP may make in any 5 minutes before WAF blocks it (AWS's minimum is 10). */
  readonly requestsPerIpPer5Minutes: number;
}

/**
 * AWS WAF for the web app's CloudFront distribution, which also serves the API under /api/*. The API is an HTTP
 * API (API Gateway v2), which WAF cannot be associated with (only REST APIs, ALBs, AppSync, Cognito and
 * CloudFront can), so the web ACL sits on the distribution; the API stage is throttled as well
 * (infra/constructs/api.ts), which also bounds calls made straight to the execute-api endpoint. A CloudFront web ACL must live
 * in us-east-1, hence this small stack of its own: deploy it first, then give its WebAclArn output to the main
 * stack (`-c webAclArn=…` or cdk.json), which attaches it to the distribution. (A cross-region reference would
 * do the same with a custom resource and SSM parameters in both regions; one context value is simpler.)
 */
export class EdgeProtectionStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeProtectionStackProps) {
    super(scope, id, props);
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const managed = (priority: number, name: string, countOnly: string[] = []) => ({
      name,
      priority,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...(countOnly.length ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}) } },
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
        // The API is behind this ACL too (served under /api/* by the distribution): a dossier's JSON with its
        // nominee list is often over the rule set's 8 KB body limit, and the API bounds its bodies itself (zod).
        managed(2, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        managed(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn });
  }
}
