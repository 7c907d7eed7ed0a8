import { App } from 'aws-cdk-lib';
import { AwardWorkflowStack, defaultStackProps } from '../stack.ts';

const app = new App();
const stage = app.node.tryGetContext('stage') ?? 'prod';
new AwardWorkflowStack(app, `ThiDuaKhenThuong-${stage}`, {
  ...defaultStackProps,
  retainData: stage === 'prod',
  appUrl: app.node.tryGetContext('appUrl') ?? defaultStackProps.appUrl,
  env: { region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1', account: process.env.CDK_DEFAULT_ACCOUNT },
});
