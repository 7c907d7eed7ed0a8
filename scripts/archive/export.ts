import { AdminListGroupsForUserCommand, paginateListUsers } from '@aws-sdk/client-cognito-identity-provider';
import { type AttributeValue, paginateQuery, paginateScan } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { restoredArchiveKey } from '#adapters/restored-archive';
import { humanSteps } from '#domain/lifecycle';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, jsonLines, type Manifest, type ObjectEntry, objectPath, packArchive, sha256, type UserEntry } from './format.ts';
import type { Target } from './target.ts';

type Item = Record<string, AttributeValue>;

/** Parallel scan segments per table and objects fetched at once: enough to keep a table or bucket busy, not a flood. */
const SCAN_SEGMENTS = 4;
const OBJECT_CONCURRENCY = 16;

/** Runs `fn` over `items`, `limit` at a time. */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

/** Every item of a table, in its marshalled form, read by parallel segments and sorted by key (a stable archive). */
export async function scanTable(target: Target, tableName: string): Promise<Item[]> {
  const segments = await Promise.all(
    Array.from({ length: SCAN_SEGMENTS }, async (_, segment) => {
      const items: Item[] = [];
      for await (const page of paginateScan({ client: target.dynamodb }, { TableName: tableName, Segment: segment, TotalSegments: SCAN_SEGMENTS, ConsistentRead: true })) {
        items.push(...((page.Items ?? []) as Item[]));
      }
      return items;
    }),
  );
  return segments.flat().sort(byKey);
}

const keyOf = (i: Item) => `${i.PK?.S ?? ''}\u0000${i.SK?.S ?? ''}`;
const byKey = (a: Item, b: Item) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0);

/**
 * Every key of a bucket. ListObjects (V1) paged by Marker: the local S3 (s3rver 3.7) answers a ListObjectsV2
 * that would be truncated with an InternalError, so a bucket of more than 1,000 objects could not be listed by V2.
 */
export async function listKeys(target: Target, bucket: string, maxKeys = 1000): Promise<string[]> {
  const keys: string[] = [];
  for (let marker: string | undefined; ; ) {
    const page = await target.s3.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: maxKeys, ...(marker ? { Marker: marker } : {}) }));
    const found = (page.Contents ?? []).map((o) => o.Key ?? '').filter((k) => k !== '');
    keys.push(...found);
    if (!page.IsTruncated || found.length === 0) return keys;
    marker = found.at(-1);
  }
}

async function exportBucket(target: Target, bucket: string, bucketId: string, files: Map<string, Uint8Array>): Promise<ObjectEntry[]> {
  const keys = await listKeys(target, bucket);
  const entries = new Map<string, ObjectEntry>();
  await eachLimited(keys, OBJECT_CONCURRENCY, async (key) => {
    const out = await target.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = await out.Body!.transformToByteArray();
    const metadata = out.Metadata && Object.keys(out.Metadata).length > 0 ? out.Metadata : undefined;
    files.set(objectPath(bucketId, key), bytes);
    entries.set(key, { key, ...(out.ContentType ? { contentType: out.ContentType } : {}), ...(metadata ? { metadata } : {}), size: bytes.length, sha256: sha256(bytes) });
  });
  return keys.sort().map((k) => entries.get(k)!);
}

/** The pool's accounts as an administrator sees them, with their groups. */
async function exportUsers(target: Target): Promise<UserEntry[]> {
  const users: UserEntry[] = [];
  for await (const page of paginateListUsers({ client: target.cognito }, { UserPoolId: target.userPoolId })) {
    for (const u of page.Users ?? []) {
      const groups = await target.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: target.userPoolId, Username: u.Username ?? '' }));
      users.push({
        username: u.Username ?? '',
        attributes: Object.fromEntries((u.Attributes ?? []).map((a) => [a.Name ?? '', a.Value ?? ''])),
        groups: (groups.Groups ?? []).map((g) => g.GroupName ?? '').sort(),
        enabled: u.Enabled !== false,
        ...(u.UserCreateDate ? { createdAt: new Date(u.UserCreateDate).toISOString() } : {}),
      });
    }
  }
  return users.sort((a, b) => (a.username < b.username ? -1 : 1));
}

/** A dossier's partition caught mid-change: its head is not its last event, or its open task is not its status's step. */
function inFlight(items: Item[]): boolean {
  const meta = items.find((i) => i.SK?.S === 'META');
  if (!meta) return true;
  const events = items.filter((i) => i.SK?.S?.startsWith('EVENT#'));
  const lastSeq = Number(events.at(-1)?.SK?.S?.slice('EVENT#'.length) ?? 0);
  if (Number(meta.eventSeq?.N ?? 0) !== lastSeq) return true;
  const status = meta.status?.S ?? '';
  const pending = items.filter((i) => i.SK?.S?.startsWith('TASK#') && i.state?.S === 'PENDING').map((i) => i.SK!.S!.slice('TASK#'.length));
  const waitingStep = Object.entries(humanSteps).find(([, s]) => s.status === status)?.[0];
  return pending.some((step) => step !== waitingStep) || (waitingStep !== undefined && !pending.includes(waitingStep));
}

/**
 * A scan reads item by item, not at one instant: a dossier changed while it ran may come out half old, half
 * new. Each dossier that looks so is read again on its own (consistent reads) until two reads agree — a
 * dossier really waiting for an undelivered answer agrees with itself at once.
 */
async function settleDossiers(target: Target, tableName: string, items: Item[]): Promise<Item[]> {
  const byDossier = new Map<string, Item[]>();
  for (const item of items) {
    const pk = item.PK?.S ?? '';
    if (pk.startsWith('DOSSIER#')) byDossier.set(pk, [...(byDossier.get(pk) ?? []), item]);
  }
  const reread = new Map<string, Item[]>();
  for (const [pk, own] of byDossier) {
    if (!inFlight(own)) continue;
    let previous = JSON.stringify(own);
    for (let attempt = 0; attempt < 10; attempt++) {
      const fresh: Item[] = [];
      for await (const page of paginateQuery({ client: target.dynamodb }, { TableName: tableName, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': { S: pk } }, ConsistentRead: true })) fresh.push(...((page.Items ?? []) as Item[]));
      const now = JSON.stringify(fresh);
      reread.set(pk, fresh);
      if (now === previous || !inFlight(fresh)) break;
      previous = now;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  if (reread.size === 0) return items;
  return [...items.filter((i) => !reread.has(i.PK?.S ?? '')), ...[...reread.values()].flat()].sort(byKey);
}

export interface ExportResult {
  readonly bytes: Uint8Array;
  readonly manifest: Manifest;
}

/**
 * Reads everything the province's records are: every table's items, the documents and reports buckets, and
 * the user pool's accounts, and packs them into one archive. Best taken while nobody works (the tables are
 * read item by item, not at one instant); an answer committed but not yet delivered to its workflow is named
 * in the manifest, since its dossier cannot be resumed from the archive alone.
 */
export async function exportArchive(target: Target, log: (line: string) => void = () => {}): Promise<ExportResult> {
  const files = new Map<string, Uint8Array>();
  const tables: Manifest['tables'] = {};
  let lastEventAt = '';
  const undeliveredAnswers: Manifest['undeliveredAnswers'] = [];
  for (const [id, name] of Object.entries(target.tables).sort()) {
    // The mark of an earlier import describes that system, not the records: a later import writes its own.
    const scanned = (await scanTable(target, name)).filter((i) => !(id === target.recordsTable && i.PK?.S === restoredArchiveKey.PK && i.SK?.S === restoredArchiveKey.SK));
    const items = id === target.recordsTable ? await settleDossiers(target, name, scanned) : scanned;
    const file = `tables/${id}.jsonl`;
    files.set(file, jsonLines(items));
    tables[id] = { name, items: items.length, file };
    if (id === target.recordsTable) {
      for (const item of items) {
        const pk = item.PK?.S ?? '';
        const sk = item.SK?.S ?? '';
        if (!pk.startsWith('DOSSIER#')) continue;
        if (sk.startsWith('EVENT#') && (item.at?.S ?? '') > lastEventAt) lastEventAt = item.at?.S ?? '';
        if (sk.startsWith('TASK#')) {
          const task = unmarshall(item) as { dossierId: string; step: string; handoff?: { deliveredAt?: string } };
          if (task.handoff && !task.handoff.deliveredAt) undeliveredAnswers.push({ dossierId: task.dossierId, step: task.step });
        }
      }
    }
    log(`  table ${id}: ${items.length} items`);
  }
  const buckets: Manifest['buckets'] = {};
  for (const [id, name] of Object.entries(target.buckets).sort()) {
    const entries = await exportBucket(target, name, id, files);
    const file = `buckets/${id}.jsonl`;
    files.set(file, jsonLines(entries));
    buckets[id] = { name, objects: entries.length, file };
    log(`  bucket ${id}: ${entries.length} objects`);
  }
  const users = await exportUsers(target);
  files.set('users.jsonl', jsonLines(users));
  log(`  users: ${users.length}`);
  const packed = packArchive(
    {
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      lastEventAt,
      source: { kind: target.kind, name: target.name, region: target.region },
      tables,
      buckets,
      users: { count: users.length, file: 'users.jsonl' },
      undeliveredAnswers,
    },
    files,
  );
  return packed;
}
