import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type AttributeValue, BatchWriteItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { councilRuleOf } from '#domain/regulation';
import { type ExecutionInput, humanStepNames, terminalStates } from '#domain/workflow';
import { restoredArchiveKey } from '#adapters/restored-archive';
import { eachLimited } from './export.ts';
import { ArchiveError, type Manifest, ObjectEntry, objectPath, openArchive, parseJsonLines, sha256, UserEntry } from './format.ts';
import type { Target } from './target.ts';

type Item = Record<string, AttributeValue>;

const WRITE_CONCURRENCY = 8;
const OBJECT_CONCURRENCY = 16;

/** Thrown when the target already holds records: an import never merges into, nor overwrites, a live system. */
export class TargetNotEmptyError extends Error {
  override name = 'TargetNotEmptyError';
}

/**
 * Empty: no item in any table, no object in the records' buckets, and no account in the pool but its first
 * administrator (made outside the app when a province sets up, README "Setting up a province").
 */
export async function assertEmpty(target: Target): Promise<void> {
  const found: string[] = [];
  for (const [id, name] of Object.entries(target.tables)) {
    const out = await target.dynamodb.send(new ScanCommand({ TableName: name, Limit: 1 }));
    if ((out.Items ?? []).length > 0) found.push(`table ${id}`);
  }
  for (const [id, name] of Object.entries(target.buckets)) {
    const out = await target.s3.send(new ListObjectsCommand({ Bucket: name, MaxKeys: 1 }));
    if ((out.Contents ?? []).length > 0) found.push(`bucket ${id}`);
  }
  const users = await target.cognito.send(new ListUsersCommand({ UserPoolId: target.userPoolId, Limit: 2 }));
  if ((users.Users ?? []).length > 1) found.push('user pool (more than the first administrator)');
  if (found.length > 0) {
    throw new TargetNotEmptyError(
      `Hệ thống đích đã có dữ liệu, không nhập gì cả / the target system is not empty, nothing was imported: ${found.join(', ')}. ` +
        'Nhập vào một hệ thống mới / import into a fresh system (locally: `npm start -- --reset --no-seed`).',
    );
  }
}

async function writeItems(target: Target, tableName: string, items: Item[]): Promise<void> {
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await eachLimited(batches, WRITE_CONCURRENCY, async (batch) => {
    let pending: WriteRequest[] = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      if (attempt > 12) throw new Error(`DynamoDB kept ${pending.length} items of ${tableName} unprocessed`);
      const out = await target.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = out.UnprocessedItems?.[tableName] ?? [];
    }
  });
}

/** Local: accounts come back with their ids. AWS: Cognito gives each a new id (sub); the old ones are listed. */
async function importUsers(target: Target, users: UserEntry[], log: (line: string) => void): Promise<void> {
  if (target.localBaseUrl) {
    const res = await fetch(`${target.localBaseUrl}/_local/users`, { method: 'POST', body: JSON.stringify({ users }) });
    if (!res.ok) throw new Error(`restoring accounts failed: ${res.status} ${await res.text()}`);
    return;
  }
  const existing = new Set(((await target.cognito.send(new ListUsersCommand({ UserPoolId: target.userPoolId }))).Users ?? []).map((u) => u.Username));
  for (const user of users) {
    if (existing.has(user.username)) continue; // the first administrator, made in the console
    const attributes = Object.entries(user.attributes).filter(([n]) => n !== 'sub').map(([Name, Value]) => ({ Name, Value }));
    await target.cognito.send(new AdminCreateUserCommand({ UserPoolId: target.userPoolId, Username: user.username, UserAttributes: attributes, MessageAction: 'SUPPRESS' }));
    for (const group of user.groups) await target.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: target.userPoolId, Username: user.username, GroupName: group }));
    if (!user.enabled) await target.cognito.send(new AdminDisableUserCommand({ UserPoolId: target.userPoolId, Username: user.username }));
  }
  log(`  ${users.length} accounts recreated with new ids (Cognito assigns them); records keep naming the old ids — see docs/runbook.md`);
}

interface Resumption {
  readonly dossierId: string;
  readonly input: ExecutionInput;
}

/**
 * Which dossiers need an execution in the new system, and where it starts. Waiting at a person's step (a
 * PENDING task): a new execution that starts at that wait (the definition's ResumeOrStart choice), whose
 * register-task keeps the task and only replaces the token the old engine issued. Submitted with no step
 * yet (the old execution was in the completeness check): a new execution from the start, as the sweep's
 * repair would. An answer committed but not delivered (named in the manifest) is not resumed.
 */
export function resumptionsOf(records: Item[], manifest: Manifest): Resumption[] {
  const dossiers = new Map<string, Record<string, unknown>>();
  const pending = new Map<string, string>();
  const withTask = new Set<string>();
  for (const item of records) {
    const pk = item.PK?.S ?? '';
    const sk = item.SK?.S ?? '';
    if (!pk.startsWith('DOSSIER#')) continue;
    const id = pk.slice('DOSSIER#'.length);
    if (sk === 'META') dossiers.set(id, unmarshall(item));
    else if (sk.startsWith('TASK#')) {
      withTask.add(id);
      if (item.state?.S === 'PENDING') pending.set(id, sk.slice('TASK#'.length));
    }
  }
  const undelivered = new Set(manifest.undeliveredAnswers.map((a) => a.dossierId));
  const out: Resumption[] = [];
  for (const [id, dossier] of dossiers) {
    const status = String(dossier.status);
    if (undelivered.has(id) || (terminalStates as readonly string[]).includes(status) || status === 'Draft' || status === 'Withdrawn') continue;
    const step = pending.get(id);
    const base = { dossierId: id, awardCode: String(dossier.awardCode), needsCouncilVote: councilRuleOf(dossier as never).vote !== 'none' };
    if (step && (humanStepNames as string[]).includes(step)) out.push({ dossierId: id, input: { ...base, resumeAt: step as ExecutionInput['resumeAt'] & string } });
    else if (status === 'Submitted' && !withTask.has(id)) out.push({ dossierId: id, input: base });
  }
  return out;
}

/** Starts each resumed execution (named after its dossier, as every execution: a second start is refused by Step Functions). */
export async function resumeWorkflows(target: Target, resumptions: Resumption[]): Promise<{ started: number; alreadyRunning: number }> {
  let started = 0;
  let alreadyRunning = 0;
  await eachLimited(resumptions, 8, async ({ dossierId, input }) => {
    try {
      await target.sfn.send(new StartExecutionCommand({ stateMachineArn: target.stateMachineArn, name: dossierId, input: JSON.stringify(input) }));
      started += 1;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ExecutionAlreadyExists') throw error;
      alreadyRunning += 1;
    }
  });
  return { started, alreadyRunning };
}

export interface ImportResult {
  readonly manifest: Manifest;
  readonly items: number;
  readonly objects: number;
  readonly users: number;
  readonly resumed: number;
}

/**
 * Restores an archive into an empty system: checks the archive whole (openArchive) and the target empty
 * first, then writes the restored-archive mark (so no e-mail is sent again for a restored event), the items,
 * the objects and the accounts, closes the mark's window, and last gives every waiting dossier a new execution at its step.
 * `resumeOnly` re-runs just that last part (it is idempotent), for an import interrupted there.
 */
export async function importArchive(target: Target, archive: Uint8Array, options: { resumeOnly?: boolean; log?: (line: string) => void; /** The benchmark's: skip the wait for the next minute. */ noWait?: boolean } = {}): Promise<ImportResult> {
  const log = options.log ?? (() => {});
  const { manifest, files } = openArchive(archive);
  const missing = [...Object.keys(manifest.tables).filter((id) => !target.tables[id]), ...Object.keys(manifest.buckets).filter((id) => !target.buckets[id])];
  if (missing.length > 0) throw new ArchiveError(`Hệ thống đích không có / the target has no ${missing.join(', ')}: is it the same application?`);
  const itemsOf = (id: string) => parseJsonLines(files.get(manifest.tables[id]!.file)!) as Item[];
  const records = itemsOf(target.recordsTable);
  const resumptions = resumptionsOf(records, manifest);
  if (options.resumeOnly) {
    const { started } = await resumeWorkflows(target, resumptions);
    return { manifest, items: 0, objects: 0, users: 0, resumed: started };
  }
  await assertEmpty(target);

  const mark = { ...restoredArchiveKey, exportedAt: manifest.exportedAt, importStartedAt: new Date().toISOString(), archiveSha256: sha256(archive), source: manifest.source };
  await target.dynamodb.send(new PutItemCommand({ TableName: target.tables[target.recordsTable], Item: marshall(mark), ConditionExpression: 'attribute_not_exists(PK)' }));
  let items = 0;
  for (const id of Object.keys(manifest.tables)) {
    const list = itemsOf(id);
    await writeItems(target, target.tables[id]!, list);
    items += list.length;
    log(`  table ${id}: ${list.length} items`);
  }
  let objects = 0;
  for (const [id, b] of Object.entries(manifest.buckets)) {
    const entries = parseJsonLines(files.get(b.file)!).map((e) => ObjectEntry.parse(e));
    await eachLimited(entries, OBJECT_CONCURRENCY, async (entry) => {
      const body = files.get(objectPath(id, entry.key));
      if (!body || sha256(body) !== entry.sha256) throw new ArchiveError(`object ${entry.key} does not match its entry`);
      await target.s3.send(new PutObjectCommand({ Bucket: target.buckets[id], Key: entry.key, Body: body, ...(entry.contentType ? { ContentType: entry.contentType } : {}), ...(entry.metadata ? { Metadata: entry.metadata } : {}) }));
    });
    objects += entries.length;
    log(`  bucket ${id}: ${entries.length} objects`);
  }
  const users = parseJsonLines(files.get(manifest.users.file)!).map((u) => UserEntry.parse(u));
  await importUsers(target, users, log);
  log(`  users: ${users.length}`);
  // The window closes: from here on, every audit event is new and mailed (notify reads the mark).
  await target.dynamodb.send(new UpdateItemCommand({ TableName: target.tables[target.recordsTable], Key: marshall(restoredArchiveKey), UpdateExpression: 'SET importFinishedAt = :t', ExpressionAttributeValues: { ':t': { S: new Date().toISOString() } } }));
  const closedAt = Date.now();
  const { started } = await resumeWorkflows(target, resumptions);
  log(`  workflows resumed: ${started}`);
  // Stream times are rounded down (see writtenByImport): let the minute of the close pass before anyone works.
  const nextMinute = Math.ceil((closedAt + 1) / 60_000) * 60_000;
  if (!options.noWait) await new Promise((r) => setTimeout(r, Math.max(0, nextMinute - Date.now() + 1000)));
  for (const a of manifest.undeliveredAnswers) log(`  not resumed (its answer never reached the old workflow): dossier ${a.dossierId}, step ${a.step}`);
  return { manifest, items, objects, users: users.length, resumed: started };
}
