import { App } from 'aws-cdk-lib';
import { EdgeProtectionStack } from '../edge-stack.ts';
import { AwardWorkflowStack, defaultStackProps } from '../stack.ts';

const app = new App();
const context = (key: string): unknown => app.node.tryGetContext(key);
const parseJson = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const stage = context('stage') ?? 'prod';
const account = process.env.CDK_DEFAULT_ACCOUNT;
// The web ACL of the web app's CloudFront distribution: CloudFront's WAF scope lives in us-east-1 only.
new EdgeProtectionStack(app, `ThiDuaKhenThuong-${stage}-edge`, {
  requestsPerIpPer5Minutes: Number(context('wafRequestsPerIpPer5Minutes') ?? 1000),
  env: { region: 'us-east-1', account },
});
new AwardWorkflowStack(app, `ThiDuaKhenThuong-${stage}`, {
  ...defaultStackProps,
  retainData: stage === 'prod',
  appUrl: (context('appUrl') as string | undefined) ?? defaultStackProps.appUrl,
  // -c province='{"name":"…","place":"…","regulation":"Quyết định số …"}': the formal documents' province.
  ...(context('province') ? { province: parseJson<Record<string, string>>(context('province')) } : {}),
  // Operations settings (cdk.json context or -c): who gets the alarms, how long logs, backups and old versions stay.
  ...(context('alarmEmails') ? { alarmEmails: parseJson<string[]>(context('alarmEmails')) } : {}),
  ...(context('logRetentionDays') ? { logRetentionDays: Number(context('logRetentionDays')) } : {}),
  ...(context('backupRetentionDays') ? { backupRetentionDays: Number(context('backupRetentionDays')) } : {}),
  ...(context('noncurrentVersionDays') ? { noncurrentVersionDays: Number(context('noncurrentVersionDays')) } : {}),
  ...(context('apiThrottle') ? { apiThrottle: parseJson<{ rateLimit: number; burstLimit: number }>(context('apiThrottle')) } : {}),
  // The edge stack's WebAclArn output, once it is deployed (`cdk deploy ThiDuaKhenThuong-prod-edge` first).
  ...(context('webAclArn') ? { webAclArn: context('webAclArn') as string } : {}),
  env: { region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1', account },
});
