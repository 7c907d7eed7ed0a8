import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { EdgeProtectionStack } from '#infra/edge-stack';
import { synthStack, withScratchApp } from '../support/synth.ts';

/** Issue 28: running it in production — alarms, dashboard, backups, log retention, limits at the edge. */
const { template } = synthStack({ alarmEmails: ['a@example.gov.vn', 'b@example.gov.vn'], logRetentionDays: 180, backupRetentionDays: 42, noncurrentVersionDays: 60, apiThrottle: { rateLimit: 50, burstLimit: 80 } });
type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };
const resources = (type: string) => Object.entries(template.findResources(type)) as [string, Resource][];
const alarms = resources('AWS::CloudWatch::Alarm');
/** The logical ids an alarm's metric (or metric math) refers to, as one string to search. */
const watched = (alarm: Resource) => JSON.stringify([alarm.Properties.Dimensions, alarm.Properties.Metrics]);
const alarmsOn = (logicalId: string) => alarms.filter(([, a]) => watched(a).includes(`"${logicalId}"`));
/** The first of a list, which the test requires to exist. */
function first<T>(list: readonly T[]): T {
  expect(list.length).toBeGreaterThan(0);
  return list[0] as T;
}
const metricNamesOf = (alarm: Resource) => [alarm.Properties.MetricName, ...(alarm.Properties.Metrics ?? []).map((m: { MetricStat?: { Metric: { MetricName: string } } }) => m.MetricStat?.Metric.MetricName)].filter(Boolean);

describe('alarms', () => {
  const [[topicId]] = resources('AWS::SNS::Topic').filter(([, t]) => /Alarm/.test(t.Properties.DisplayName ?? '') || /cảnh báo/.test(t.Properties.DisplayName ?? '')) as [[string, Resource]];

  it('every alarm notifies the alarm topic, when it fires and when it clears', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.AlarmDescription, id).toBeTruthy();
    }
  });

  it("the topic's e-mail subscribers are the administrators given as a stack prop, and it is encrypted and TLS-only", () => {
    const subscriptions = resources('AWS::SNS::Subscription').filter(([, s]) => s.Properties.TopicArn.Ref === topicId);
    expect(subscriptions.map(([, s]) => [s.Properties.Protocol, s.Properties.Endpoint]).sort()).toEqual([['email', 'a@example.gov.vn'], ['email', 'b@example.gov.vn']]);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const [, policy] = resources('AWS::SNS::TopicPolicy').find(([, p]) => JSON.stringify(p.Properties.Topics).includes(topicId))!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('each function is watched by an errors and a throttles alarm, which names it', () => {
    const functions = resources('AWS::Lambda::Function').filter(([, f]) => f.Metadata?.['award:handlerEntry']);
    expect(functions.length).toBeGreaterThan(40);
    for (const [id] of functions) {
      const watching = alarmsOn(id);
      expect(watching.map(([, a]) => metricNamesOf(a).filter((m) => m === 'Errors' || m === 'Throttles')[0]).sort(), id).toEqual(['Errors', 'Throttles']);
      for (const [, a] of watching) expect(JSON.stringify(a.Properties.AlarmDescription)).toMatch(/function (errors|throttled): /);
    }
  });

  it('keeps the stack within CloudFormation\'s 500 resources', () => {
    expect(Object.keys(template.toJSON().Resources).length).toBeLessThanOrEqual(450);
  });

  it('the state machine has failed, timed-out and aborted execution alarms', () => {
    const [machine] = first(resources('AWS::StepFunctions::StateMachine'));
    expect(alarmsOn(machine).flatMap(([, a]) => metricNamesOf(a)).sort()).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
  });

  it('the notification dead-letter queue alarms as soon as it holds a message', () => {
    const [queue] = first(resources('AWS::SQS::Queue'));
    const [, alarm] = first(alarmsOn(queue));
    expect(alarm.Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('the API has a 5xx-rate and a p95-latency alarm', () => {
    const [api] = first(resources('AWS::ApiGatewayV2::Api'));
    const names = alarmsOn(api).flatMap(([, a]) => metricNamesOf(a)).sort();
    expect(names).toEqual(['5xx', 'Count', 'Latency']);
  });

  it('both tables have a throttles and a system-errors alarm', () => {
    for (const [table] of resources('AWS::DynamoDB::Table')) {
      const names = new Set(alarmsOn(table).flatMap(([, a]) => metricNamesOf(a)));
      expect([...names].sort(), table).toEqual(['ReadThrottleEvents', 'SystemErrors', 'WriteThrottleEvents']);
    }
  });

  it('SES bounce and complaint rates, the daily sweep not having run and the year-end job missed each have an alarm', () => {
    const byMetric = (name: string) => alarms.filter(([, a]) => metricNamesOf(a).includes(name));
    expect(byMetric('Reputation.BounceRate')).toHaveLength(1);
    expect(byMetric('Reputation.ComplaintRate')).toHaveLength(1);
    const [, heartbeat] = first(byMetric('Heartbeat'));
    // No heartbeat at all is what it reports: missing data breaches.
    expect(heartbeat.Properties).toMatchObject({ TreatMissingData: 'breaching', ComparisonOperator: 'LessThanThreshold' });
    expect(heartbeat.Properties.Metrics[0].MetricStat.Metric).toEqual({ Namespace: 'ThiDuaKhenThuong', MetricName: 'Heartbeat', Dimensions: [{ Name: 'service', Value: 'sweep-deadlines' }] });
    expect(byMetric('YearEndMissed')).toHaveLength(1);
  });

  it('one dashboard shows the whole workflow', () => {
    const [, dashboard] = first(resources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const metric of ['ExecutionsFailed', '5xx', 'Errors', 'ReadThrottleEvents', 'ApproximateNumberOfMessagesVisible', 'Heartbeat', 'DossiersSubmitted', 'DossiersAwarded', 'OverdueSteps', 'Reputation.BounceRate']) {
      expect(body, metric).toContain(metric);
    }
  });
});

describe('mail feedback', () => {
  it('the SES configuration set publishes bounces and complaints to a topic the mail-feedback function subscribes to', () => {
    const [, destination] = first(resources('AWS::SES::ConfigurationSetEventDestination'));
    expect(destination.Properties.EventDestination.MatchingEventTypes.sort()).toEqual(['bounce', 'complaint']);
    const topic = destination.Properties.EventDestination.SnsDestination.TopicARN.Ref as string;
    const [fnId] = resources('AWS::Lambda::Function').find(([, f]) => f.Metadata?.['award:handlerEntry'] === 'functions/mail-feedback/handler.ts')!;
    const subscription = resources('AWS::SNS::Subscription').find(([, s]) => s.Properties.TopicArn.Ref === topic);
    expect(subscription?.[1].Properties).toMatchObject({ Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] } });
    // Only SES, for this account, may publish to it.
    const [, policy] = resources('AWS::SNS::TopicPolicy').find(([, p]) => JSON.stringify(p.Properties.Topics).includes(topic))!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Principal: { Service: 'ses.amazonaws.com' }, Action: 'sns:Publish' }));
  });
});

describe('logs and backups', () => {
  it('every log group keeps its logs for the set retention, and every function logs into one of them', () => {
    const groups = resources('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(40);
    for (const [id, group] of groups) expect(group.Properties.RetentionInDays, id).toBe(180);
    for (const [id, fn] of resources('AWS::Lambda::Function')) expect(fn.Properties.LoggingConfig?.LogGroup, id).toBeDefined();
  });

  it('a daily AWS Backup plan with the set retention covers the records table and the documents and reports buckets (not the secret ballots)', () => {
    const [, plan] = first(resources('AWS::Backup::BackupPlan'));
    const [rule] = plan.Properties.BackupPlan.BackupPlanRule;
    expect(rule).toMatchObject({ ScheduleExpression: 'cron(0 2 * * ? *)', ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh', Lifecycle: { DeleteAfterDays: 42 } });
    const [, selection] = first(resources('AWS::Backup::BackupSelection'));
    const covered = JSON.stringify(selection.Properties.BackupSelection.Resources);
    const ids = (type: string, pattern: RegExp) => resources(type).map(([id]) => id).filter((id) => pattern.test(id));
    for (const id of [...ids('AWS::DynamoDB::Table', /Records/), ...ids('AWS::S3::Bucket', /Documents|Reports/)]) expect(covered, id).toContain(id);
    expect(ids('AWS::S3::Bucket', /Documents|Reports/)).toHaveLength(2);
    for (const id of ids('AWS::DynamoDB::Table', /Ballots/)) expect(covered).not.toContain(id);
  });

  it("every bucket expires objects' old versions after the set days", () => {
    for (const [id, bucket] of resources('AWS::S3::Bucket')) {
      expect(bucket.Properties.LifecycleConfiguration?.Rules, id).toContainEqual(expect.objectContaining({ Id: 'NoncurrentVersions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 60 } }));
    }
  });
});

describe('limits at the edge', () => {
  it('the HTTP API stage is throttled at the rate and burst given as stack props', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80 }) });
  });

  it('WAF (scope CLOUDFRONT, in us-east-1) has a per-IP rate rule and AWS managed rules, and the web distribution uses it once its ARN is given', () => {
    // An HTTP API cannot take a web ACL: it goes on the web app's CloudFront distribution (infra/edge-stack.ts).
    const { edge, acl } = withScratchApp((app) => {
      const edge = new EdgeProtectionStack(app, 'Edge', { requestsPerIpPer5Minutes: 500, env: { region: 'us-east-1', account: '123456789012' } });
      return { edge, acl: Template.fromStack(edge) };
    });
    acl.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP' } }, Action: { Block: {} } }),
        // The API is behind it too: the 8 KB body rule only counts, so a dossier with its nominee list passes.
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }] } } }),
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } } }),
      ]),
    });
    const nag = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(edge);
    expect(nag.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId}`))).toEqual([]);
    const arn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/award-web/abc';
    synthStack({ webAclArn: arn }).template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: arn }) });
  });

  it('the distribution behind the web ACL serves the API under /api/*: same origin for the app, uncached, every method, Authorization passed on', () => {
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    const apiBehavior = distribution.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === 'api/*');
    expect(apiBehavior).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // managed CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // managed AllViewerExceptHostHeader (API Gateway answers its own Host only)
    });
    const origin = distribution.Origins.find((o: { Id: string }) => o.Id === apiBehavior.TargetOriginId);
    // The origin is the HTTP API's own host name, taken from its endpoint.
    expect(origin.DomainName).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [expect.stringMatching(/^ApiHttp/), 'ApiEndpoint'] }] }] });
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    // The app's config.json and the OpenAPI document no longer name the execute-api endpoint: the app calls its own
    // origin (as locally), and the document's server is the distribution.
    const markers = JSON.stringify(Object.values(template.findResources('Custom::CDKBucketDeployment'))[0]!.Properties.SourceMarkers);
    expect(markers).not.toContain('ApiEndpoint');
    expect(markers).toMatch(/"Fn::GetAtt":\["WebsiteCdn[0-9A-F]+","DomainName"\]/);
  });
});
