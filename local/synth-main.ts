/**
 * Child process of the local runtime: synthesizes the production stack for the local account/region and
 * prints the path of its template. Same stack class and props as `cdk deploy`, except the app URL and data
 * retention (local state is disposable).
 */
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { AwardWorkflowStack, defaultStackProps } from '../infra/stack.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template.ts';

const [appUrl, outdir] = process.argv.slice(2);
if (!appUrl || !outdir) throw new Error('usage: synth-main.ts <appUrl> <outdir>');
const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new AwardWorkflowStack(app, 'Local', { ...defaultStackProps, retainData: false, appUrl, env: { region: LOCAL_REGION, account: LOCAL_ACCOUNT } });
const artifact = app.synth().getStackByName(stack.stackName);
console.log(path.resolve(outdir, artifact.templateFile));
