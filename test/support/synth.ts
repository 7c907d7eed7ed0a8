import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type AppProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwardWorkflowStack, defaultStackProps } from '#infra/stack';

/**
 * Runs `use` with an App whose cloud assembly goes to a scratch folder, removed when `use` returns. An App given no
 * outdir makes a `cdk.out*` folder in the system temp folder and never removes it: about 24 MB (the staged web and
 * function assets) per synthesis, 700 of them (17 GB) on this machine by 04/12/2026. What `use` keeps of the
 * synthesis (a Template, a stack's template) is in memory, not in the folder.
 */
export function withScratchApp<T>(use: (app: App) => T, props: AppProps = {}): T {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-test-'));
  try {
    return use(new App({ ...props, outdir }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Synthesizes the production stack with bundling skipped (fast); the same props `cdk deploy` uses. */
export function synthStack(overrides: Partial<typeof defaultStackProps> = {}) {
  return withScratchApp(
    (app) => {
      const stack = new AwardWorkflowStack(app, 'Test', {
        ...defaultStackProps,
        ...overrides,
        env: { region: 'ap-southeast-1', account: '123456789012' },
      });
      return { app, stack, template: Template.fromStack(stack) };
    },
    { context: { 'aws:cdk:bundling-stacks': [] } },
  );
}

/** The state machine definition as Step Functions receives it, with Lambda ARNs filled in. */
export function stateMachineDefinition(template: Template): { StartAt: string; States: Record<string, Record<string, unknown>> } {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const join = (machine!.Properties as { DefinitionString: { 'Fn::Join': [string, unknown[]] } }).DefinitionString['Fn::Join'];
  const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'ap-southeast-1', 'AWS::AccountId': '123456789012' };
  const text = join[1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const p = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      if (p.Ref && pseudo[p.Ref]) return pseudo[p.Ref];
      if (p['Fn::GetAtt']) return `arn:aws:lambda:ap-southeast-1:123456789012:function:${p['Fn::GetAtt'][0]}`;
      throw new Error(`unexpected token in the definition: ${JSON.stringify(part)}`);
    })
    .join(join[0]);
  return JSON.parse(text);
}
