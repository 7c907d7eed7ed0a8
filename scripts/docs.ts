/**
 * `npm run docs`: regenerates the generated parts of README.md from the code — the workflow picture from the
 * synthesized state machine, and the route table from the route descriptors (shared/schemas/routes/). The infra tests fail when README.md
 * is out of date, so the docs cannot drift from the definition.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { routeDescriptors } from '#schemas/routes';
import { projectRoot } from '../infra/constructs/handler-function.ts';
import { type AslDefinition, workflowMermaid } from './workflow-mermaid.ts';
import { AwardWorkflowStack, defaultStackProps } from '../infra/stack.ts';

export const readmePath = path.join(projectRoot, 'README.md');

/** The state machine definition with the Lambda ARNs reduced to their logical ids (they do not matter to the picture). */
export function synthesizedDefinition(): AslDefinition {
  // An App given no outdir leaves a ~24 MB cdk.out* folder in the temp folder for good: this one is removed.
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-docs-'));
  let template: Template;
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new AwardWorkflowStack(app, 'Docs', { ...defaultStackProps, env: { region: 'ap-southeast-1', account: '123456789012' } });
    template = Template.fromStack(stack as Stack);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const join = (machine!.Properties as { DefinitionString: { 'Fn::Join': [string, unknown[]] } }).DefinitionString['Fn::Join'];
  return JSON.parse(join[1].map((part) => (typeof part === 'string' ? part : 'x')).join(join[0])) as AslDefinition;
}

export function generatedSections(): Record<string, string> {
  const auth = { public: 'public', signedIn: 'JWT', account: 'JWT, no role needed' } as const;
  const routes = routeDescriptors
    .map((r) => {
      const who = 'roles' in r ? r.roles.roles.join(', ') : 'access' in r ? r.access : { public: 'anyone', account: 'anyone signed in', signedIn: 'any role' }[r.auth];
      return `| \`${r.method}\` | \`${r.path}\` | ${auth[r.auth]} | ${who} | ${r.summary} |`;
    })
    .join('\n');
  return {
    'workflow-diagram': `\`\`\`mermaid\n${workflowMermaid(synthesizedDefinition())}\n\`\`\``,
    routes: `| Method | Path | Auth | Who may | What it does |\n|---|---|---|---|---|\n${routes}`,
  };
}

/** README.md with every `<!-- name:start -->…<!-- name:end -->` block replaced by its generated content. */
export function renderReadme(current: string): string {
  let text = current;
  for (const [name, body] of Object.entries(generatedSections())) {
    const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(text)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`);
    text = text.replace(pattern, `$1\n${body}\n$2`);
  }
  return text;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, 'scripts/docs.ts')) {
  const current = readFileSync(readmePath, 'utf8');
  const next = renderReadme(current);
  writeFileSync(readmePath, next);
  console.log(next === current ? 'README.md is up to date' : 'README.md updated');
}
