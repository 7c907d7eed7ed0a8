import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../infra/paths.ts';
import { cached, sourceKey } from './build-cache.ts';

export const LOCAL_REGION = 'ap-southeast-1';
export const LOCAL_ACCOUNT = '000000000000';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { readonly Type: string; readonly Default?: string }>;
}

/** A valid URL found nowhere else: the cached template is synthesized with it, and it is replaced on reading. */
export const APP_URL_PLACEHOLDER = 'http://app-url.placeholder.invalid';

/**
 * The template of the very stack `cdk deploy` ships, for the app served at `appUrl`: synthesized once per state
 * of the sources (see build-cache.ts) with a placeholder app URL, which is the only input that differs from one
 * start to the next. Everything local is read from this template.
 */
export async function synthesizeTemplate(appUrl: string, outdir: string, key = sourceKey()): Promise<CfnTemplate> {
  const entry = await cached(`template-${key}.json`, async (into) => {
    writeFileSync(into, JSON.stringify(await synthesizeFresh(APP_URL_PLACEHOLDER, outdir)));
  });
  return withAppUrl(readFileSync(entry.path, 'utf8'), appUrl);
}

/** The template text synthesized with the placeholder, for the app at `appUrl` (it is only ever used as a string). */
export function withAppUrl(templateText: string, appUrl: string): CfnTemplate {
  return JSON.parse(templateText.replaceAll(APP_URL_PLACEHOLDER, JSON.stringify(appUrl).slice(1, -1))) as CfnTemplate;
}

/**
 * Synthesizes the stack (local/synth-main.ts) in a child process, so loading aws-cdk-lib does not block
 * the emulators starting meanwhile. Asset bundling is skipped: the local runtime bundles the handler sources itself.
 */
function synthesizeFresh(appUrl: string, outdir: string): Promise<CfnTemplate> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'local/synth-main.ts'), appUrl, outdir], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      // CDK's built-in CloudFormation rule check (a WASM engine, ~2 s) runs in `cdk synth` and the infra tests;
      // the local runtime only needs the template.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', CDK_VALIDATION: 'false' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const file = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !file.endsWith('.template.json')) {
        reject(new Error(`cdk synth failed (exit ${code}):\n${err || out}`));
        return;
      }
      resolvePromise(JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate);
    });
  });
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** Local physical names: stable across restarts because logical ids are. */
export function physicalName(logicalId: string, type: string): string {
  if (type === 'AWS::S3::Bucket') return logicalId.toLowerCase().slice(0, 63);
  return logicalId;
}

/** ARN/Ref values CloudFormation would produce, for the local stand-ins. */
export function localAttribute(template: CfnTemplate, logicalId: string, attribute: 'Ref' | string): string {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`Template has no resource ${logicalId}`);
  const name = physicalName(logicalId, resource.Type);
  const arn = (service: string, rest: string) => `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${rest}`;
  switch (resource.Type) {
    case 'AWS::DynamoDB::Table':
      if (attribute === 'Ref') return name;
      if (attribute === 'StreamArn') return `${arn('dynamodb', `table/${name}`)}/stream/local`;
      return arn('dynamodb', `table/${name}`);
    case 'AWS::S3::Bucket':
      if (attribute === 'Ref') return name;
      if (attribute === 'Arn') return `arn:aws:s3:::${name}`;
      return `${name}.s3.localhost`;
    case 'AWS::StepFunctions::StateMachine':
      return attribute === 'Name' ? name : arn('states', `stateMachine:${name}`);
    case 'AWS::Lambda::Function':
      return attribute === 'Ref' ? name : arn('lambda', `function:${name}`);
    case 'AWS::Cognito::UserPool':
      return attribute === 'Ref' ? 'local-user-pool' : arn('cognito-idp', 'userpool/local-user-pool');
    case 'AWS::Cognito::UserPoolClient':
      return 'local-web-client';
    case 'AWS::Logs::LogGroup':
      return attribute === 'Ref' ? name : arn('logs', `log-group:${name}`);
    default:
      return attribute === 'Ref' ? name : arn('local', `${resource.Type}/${name}/${attribute}`);
  }
}

const pseudo: Record<string, string> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Local',
  'AWS::NoValue': '',
};

/** Resolves the intrinsic functions CDK emits in the properties we read (Ref, GetAtt, Join, Sub, Select, Split). */
export function resolve(template: CfnTemplate, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(template, v));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const [fn] = keys as [string];
    const arg = obj[fn];
    switch (fn) {
      case 'Ref': {
        const name = arg as string;
        const parameter = template.Parameters?.[name];
        // No SSM locally: a public SSM parameter (the Powertools layer ARN) stays a name; the local bundles hold what the layer would.
        if (parameter) return parameter.Type.startsWith('AWS::SSM::Parameter::Value') ? `ssm:${parameter.Default}` : parameter.Default;
        return pseudo[name] ?? localAttribute(template, name, 'Ref');
      }
      case 'Fn::GetAtt': {
        const [id, attr] = (Array.isArray(arg) ? arg : String(arg).split('.')) as [string, string];
        return localAttribute(template, id, attr);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        return (resolve(template, parts) as unknown[]).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        return (resolve(template, list) as unknown[])[Number(index)];
      }
      case 'Fn::Split': {
        const [sep, source] = arg as [string, unknown];
        return String(resolve(template, source)).split(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, unknown>];
        return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
          if (name in vars) return String(resolve(template, vars[name]));
          if (pseudo[name] !== undefined) return pseudo[name];
          const [id, attr] = name.split('.') as [string, string | undefined];
          return localAttribute(template, id, attr ?? 'Ref');
        });
      }
      default:
        break;
    }
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolve(template, v)]));
}
