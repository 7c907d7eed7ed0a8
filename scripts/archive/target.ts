import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CloudFormationClient, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { projectRoot } from '#infra/paths';
import { LOCAL_STACK_FILE, type LocalStack } from '#local/stack-file';

/** A running system: its tables, the buckets that hold records, its workflow and its user pool, with clients. */
export interface Target {
  readonly kind: 'local' | 'aws';
  /** The stack's name, or the local state folder. */
  readonly name: string;
  readonly region: string;
  /** Logical id → physical name. */
  readonly tables: Record<string, string>;
  /** The records' buckets (documents and reports), logical id → physical name; not the access logs nor the website. */
  readonly buckets: Record<string, string>;
  /** Logical id of the records table (the one with a stream; the restored-archive mark goes there). */
  readonly recordsTable: string;
  readonly stateMachineArn: string;
  readonly userPoolId: string;
  /** Local only: the gateway, for restoring accounts with their ids (POST /_local/users). */
  readonly localBaseUrl?: string;
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly sfn: SFNClient;
  readonly cognito: CognitoIdentityProviderClient;
}

/** The buckets that hold the province's records, by the Storage construct's ids (infra/constructs/storage.ts). */
const recordBucket = /^Storage(Documents|Reports)[0-9A-F]{8}$/;
const recordsTableId = /^StorageRecords[0-9A-F]{8}$/;

function pick(resources: Record<string, string>, pattern: RegExp): Record<string, string> {
  return Object.fromEntries(Object.entries(resources).filter(([id]) => pattern.test(id)));
}

function recordsTableOf(tables: Record<string, string>): string {
  const id = Object.keys(tables).find((t) => recordsTableId.test(t));
  if (!id) throw new Error(`No records table among ${Object.keys(tables).join(', ')}`);
  return id;
}

/** The instance `npm start` runs on this state folder, from the stack.json it writes on every start. */
export function localTarget(stateDir = process.env.LOCAL_STATE_DIR ? path.resolve(process.env.LOCAL_STATE_DIR) : path.join(projectRoot, '.local')): Target {
  const file = path.join(stateDir, LOCAL_STACK_FILE);
  if (!existsSync(file)) {
    throw new Error(`Hệ thống cục bộ chưa chạy / no local system is running on ${stateDir} (no ${LOCAL_STACK_FILE}): start it with \`npm start\` (an import target: \`npm start -- --no-seed\`), or name an AWS stack with --stack`);
  }
  const stack = JSON.parse(readFileSync(file, 'utf8')) as LocalStack;
  const common = { region: stack.region, credentials: stack.credentials };
  return {
    kind: 'local',
    name: stateDir,
    region: stack.region,
    tables: stack.tables,
    buckets: pick(stack.buckets, recordBucket),
    recordsTable: recordsTableOf(stack.tables),
    stateMachineArn: stack.stateMachineArn,
    userPoolId: stack.userPoolId,
    localBaseUrl: stack.baseUrl,
    // The emulators themselves, not the functions' fault proxies: an export or import is no function's traffic.
    dynamodb: new DynamoDBClient({ ...common, endpoint: stack.endpoints.dynamodb, maxAttempts: 8 }),
    s3: new S3Client({ ...common, endpoint: stack.endpoints.s3, forcePathStyle: true }),
    sfn: new SFNClient({ ...common, endpoint: stack.endpoints.sfn }),
    cognito: new CognitoIdentityProviderClient({ ...common, endpoint: stack.endpoints.cognito }),
  };
}

/** A deployed stack, found by name with the normal credential chain (AWS_PROFILE, AWS_REGION, …). */
export async function awsTarget(stackName: string): Promise<Target> {
  const cfn = new CloudFormationClient({});
  const resources: { id: string; type: string; physical: string }[] = [];
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackName })) {
    for (const r of page.StackResourceSummaries ?? []) resources.push({ id: r.LogicalResourceId ?? '', type: r.ResourceType ?? '', physical: r.PhysicalResourceId ?? '' });
  }
  const ofType = (type: string) => Object.fromEntries(resources.filter((r) => r.type === type).map((r) => [r.id, r.physical]));
  const tables = ofType('AWS::DynamoDB::Table');
  const [stateMachineArn] = Object.values(ofType('AWS::StepFunctions::StateMachine'));
  const [userPoolId] = Object.values(ofType('AWS::Cognito::UserPool'));
  if (!stateMachineArn || !userPoolId) throw new Error(`Stack ${stackName} has no state machine or user pool: is it this application's stack?`);
  const region = await cfn.config.region();
  return {
    kind: 'aws',
    name: stackName,
    region,
    tables,
    buckets: pick(ofType('AWS::S3::Bucket'), recordBucket),
    recordsTable: recordsTableOf(tables),
    stateMachineArn,
    userPoolId,
    dynamodb: new DynamoDBClient({ maxAttempts: 8 }),
    s3: new S3Client({}),
    sfn: new SFNClient({}),
    cognito: new CognitoIdentityProviderClient({}),
  };
}

/** `--stack <name>` for AWS, else `--state-dir <dir>` (or LOCAL_STATE_DIR, or .local/) for `npm start`. */
export async function targetFromArgs(args: readonly string[]): Promise<Target> {
  const flagValue = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const stack = flagValue('--stack');
  if (stack) return awsTarget(stack);
  const stateDir = flagValue('--state-dir');
  return localTarget(stateDir ? path.resolve(stateDir) : undefined);
}

export function closeTarget(target: Target): void {
  for (const c of [target.dynamodb, target.s3, target.sfn, target.cognito]) c.destroy();
}
