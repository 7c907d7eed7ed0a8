import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type DossierListItem, type ListRequest, listItem, matchesFilters, positionPattern } from '#domain/dossier-list';
import { type DossierStatus, humanSteps } from '#domain/lifecycle';
import type { DossierRecord, TaskRecord } from '#schemas/records';
import { requireEnv } from './config.ts';
import { getDossiers, openTaskKey } from './dossier-repository.ts';
import { decodePageCursor, documentClient, encodePageCursor } from './dynamo.ts';

/**
 * The dossier list, read from the table's indexes with Query only — never a Scan (docs/architecture.md §3):
 *  - by last change: the status index (GSI2, `STATUS#<s>` sorted by `<updatedAt>#<id>`), one partition per status
 *    asked for, merged in order — the sort key holds the dossier id, so it is unique across partitions and one
 *    position (the last key read) resumes every partition at once;
 *  - by deadline, and the overdue list: the open-task index (GSI3, `OPEN#<role>` sorted by `<dueAt>#<id>`), one
 *    partition per waiting step's role, merged the same way; "overdue" is a bound on the key (due before now);
 *  - a unit's list by last change: the unit index (GSI1, `UNIT#<u>` with the year as key prefix), one unit's
 *    dossiers (a bounded set: at most {@link UNIT_MAX} read), ordered here.
 * Form, year, unit, status and the text search are checked on each dossier read ({@link matchesFilters}), so
 * the work of one request is bounded: it stops after examining {@link MAX_EXAMINED} index entries even if the
 * page is not full, and answers the position reached as `next` (a short page with `next` = keep reading).
 * No new index was needed, so records written before this list (imports, migrations) are listed too.
 */
const table = () => requireEnv('TABLE_NAME');
export const MAX_EXAMINED = 1000;
const CHUNK = 100;
const UNIT_MAX = 2000;

type Item = Record<string, unknown>;
interface Walk {
  readonly index: string;
  readonly pkName: string;
  readonly skName: string;
  readonly ascending: boolean;
  /** Exclusive bounds on the sort key (the position read to, the overdue line). */
  readonly lo?: string | undefined;
  readonly hi?: string | undefined;
}
interface Partition {
  readonly pk: string;
  buffer: Item[];
  start?: Item | undefined;
  done: boolean;
}

function strip<T>(item: Item): T {
  const { PK: _pk, SK: _sk, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, GSI3PK: _e, GSI3SK: _f, ...rest } = item;
  return rest as T;
}

/** The next entries of one partition past the bounds, in the walk's order. */
async function refill(p: Partition, w: Walk): Promise<void> {
  const range = w.lo !== undefined && w.hi !== undefined ? ' AND #sk BETWEEN :lo AND :hi' : w.lo !== undefined ? ' AND #sk > :lo' : w.hi !== undefined ? ' AND #sk < :hi' : '';
  while (!p.buffer.length && !p.done) {
    const out = await documentClient.send(
      new QueryCommand({
        TableName: table(),
        IndexName: w.index,
        KeyConditionExpression: `#pk = :pk${range}`,
        ExpressionAttributeNames: { '#pk': w.pkName, ...(range ? { '#sk': w.skName } : {}) },
        ExpressionAttributeValues: { ':pk': p.pk, ...(w.lo !== undefined ? { ':lo': w.lo } : {}), ...(w.hi !== undefined ? { ':hi': w.hi } : {}) },
        ScanIndexForward: w.ascending,
        Limit: CHUNK,
        ...(p.start ? { ExclusiveStartKey: p.start } : {}),
      }),
    );
    // BETWEEN includes its ends; the bounds are exclusive.
    p.buffer = (out.Items ?? []).filter((i) => i[w.skName] !== w.lo && i[w.skName] !== w.hi);
    p.start = out.LastEvaluatedKey;
    p.done = !out.LastEvaluatedKey;
  }
}

/** The next entry across partitions in the walk's order (k-way merge on the sort key), or undefined at the end. */
async function nextEntry(parts: readonly Partition[], w: Walk): Promise<Item | undefined> {
  await Promise.all(parts.filter((p) => !p.buffer.length && !p.done).map((p) => refill(p, w)));
  let best: Partition | undefined;
  for (const p of parts) {
    const head = p.buffer[0];
    if (!head) continue;
    const bestHead = best?.buffer[0];
    if (!bestHead || (w.ascending ? String(head[w.skName]) < String(bestHead[w.skName]) : String(head[w.skName]) > String(bestHead[w.skName]))) best = p;
  }
  return best?.buffer.shift();
}

const mayHaveMore = (parts: readonly Partition[]) => parts.some((p) => p.buffer.length > 0 || !p.done);

function boundsOf(ascending: boolean, after: string | undefined, before?: string): { lo?: string; hi?: string } {
  const hi = ascending ? before : [after, before].filter((x): x is string => x !== undefined).sort()[0];
  return { ...(ascending && after !== undefined ? { lo: after } : {}), ...(hi !== undefined ? { hi } : {}) };
}

export interface ListPage {
  readonly dossiers: DossierListItem[];
  readonly next?: string;
}

/** One page of the list. `cursor` is a `next` this list gave for the same order; anything else is a 400 naming it. */
export async function listDossierPage(request: ListRequest, limit: number, cursor: string | undefined, now: Date): Promise<ListPage> {
  const after = cursor
    ? decodePageCursor(cursor, ['sort', 'order', 'after'], (k) => k.sort === request.sort && k.order === request.order && positionPattern.test(String(k.after))).after
    : undefined;
  const { rows, position } =
    request.sort === 'deadline'
      ? await byDeadline(request, limit, after, now)
      : request.filters.unitId !== undefined
        ? await ofUnit(request, limit, after)
        : await byLastChange(request, limit, after);
  return position ? { dossiers: rows, next: encodePageCursor({ sort: request.sort, order: request.order, after: position }) } : { dossiers: rows };
}

type Read = Promise<{ rows: DossierListItem[]; position?: string | undefined }>;

async function byLastChange({ filters, order }: ListRequest, limit: number, after: string | undefined): Read {
  const w: Walk = { index: 'GSI2', pkName: 'GSI2PK', skName: 'GSI2SK', ascending: order === 'asc', ...boundsOf(order === 'asc', after) };
  const parts: Partition[] = filters.statuses.map((s) => ({ pk: `STATUS#${s}`, buffer: [], done: false }));
  const rows: DossierListItem[] = [];
  let position: string | undefined;
  for (let examined = 0; rows.length < limit && examined < MAX_EXAMINED; examined += 1) {
    const entry = await nextEntry(parts, w);
    if (!entry) return { rows };
    position = String(entry[w.skName]);
    const dossier = strip<DossierRecord>(entry);
    if (matchesFilters(dossier, filters)) rows.push(listItem(dossier));
  }
  return { rows, position: mayHaveMore(parts) ? position : undefined };
}

/** The roles that act at the steps whose waiting status the list covers. */
const rolesFor = (statuses: readonly DossierStatus[]) => [...new Set(Object.values(humanSteps).filter((s) => statuses.includes(s.status)).map((s) => s.role))];

async function byDeadline({ filters, order }: ListRequest, limit: number, after: string | undefined, now: Date): Read {
  const ascending = order === 'asc';
  const w: Walk = { index: 'GSI3', pkName: 'GSI3PK', skName: 'GSI3SK', ascending, ...boundsOf(ascending, after, filters.overdue ? now.toISOString() : undefined) };
  // Overdue and ascending: both bounds; BETWEEN needs lo ≤ hi, and a position past the line means the end.
  if (w.lo !== undefined && w.hi !== undefined && w.lo >= w.hi) return { rows: [] };
  const parts: Partition[] = rolesFor(filters.statuses).map((role) => ({ pk: openTaskKey(role), buffer: [], done: false }));
  const rows: DossierListItem[] = [];
  let position: string | undefined;
  let examined = 0;
  let leftOver = false;
  while (rows.length < limit && examined < MAX_EXAMINED) {
    const batch: TaskRecord[] = [];
    const positions: string[] = [];
    while (batch.length < Math.min(CHUNK, MAX_EXAMINED - examined)) {
      const entry = await nextEntry(parts, w);
      if (!entry) break;
      positions.push(String(entry[w.skName]));
      batch.push(strip<TaskRecord>(entry));
    }
    if (!batch.length) break;
    const dossiers = await getDossiers(batch.map((t) => t.dossierId));
    for (const [i, task] of batch.entries()) {
      if (rows.length >= limit) {
        leftOver = true;
        break;
      }
      examined += 1;
      position = positions[i];
      const dossier = dossiers.get(task.dossierId);
      if (dossier && dossier.status === humanSteps[task.step as keyof typeof humanSteps]?.status && matchesFilters(dossier, filters)) rows.push(listItem(dossier, task, now));
    }
  }
  return { rows, position: leftOver || mayHaveMore(parts) ? position : undefined };
}

async function ofUnit({ filters, order }: ListRequest, limit: number, after: string | undefined): Read {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await documentClient.send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'GSI1',
        KeyConditionExpression: filters.year !== undefined ? 'GSI1PK = :u AND begins_with(GSI1SK, :y)' : 'GSI1PK = :u',
        ExpressionAttributeValues: { ':u': `UNIT#${filters.unitId}`, ...(filters.year !== undefined ? { ':y': `${filters.year}#` } : {}) },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start && items.length < UNIT_MAX);
  const key = (d: DossierRecord) => `${d.updatedAt}#${d.id}`;
  const ascending = order === 'asc';
  const sorted = items
    .map((i) => strip<DossierRecord>(i))
    .filter((d) => matchesFilters(d, filters) && (after === undefined || (ascending ? key(d) > after : key(d) < after)))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (ascending ? 1 : -1));
  const page = sorted.slice(0, limit);
  const last = page.at(-1);
  return { rows: page.map((d) => listItem(d)), position: sorted.length > limit && last ? key(last) : undefined };
}
