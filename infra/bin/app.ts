import { App } from 'aws-cdk-lib';
import { AwardWorkflowStack, defaultStackProps } from '../stack.ts';

const app = new App();
const parseProvince = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, string>;
const stage = app.node.tryGetContext('stage') ?? 'prod';
new AwardWorkflowStack(app, `ThiDuaKhenThuong-${stage}`, {
  ...defaultStackProps,
  retainData: stage === 'prod',
  appUrl: app.node.tryGetContext('appUrl') ?? defaultStackProps.appUrl,
  // -c province='{"name":"…","place":"…","regulation":"Quyết định số …"}': the formal documents' province.
  ...(app.node.tryGetContext('province') ? { province: parseProvince(app.node.tryGetContext('province')) } : {}),
  env: { region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1', account: process.env.CDK_DEFAULT_ACCOUNT },
});
