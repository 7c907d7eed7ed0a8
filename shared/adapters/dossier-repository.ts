import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DossierChange } from '#domain/dossier-change';
import { ConflictError, NotFoundError } from '#domain/errors';
import { addCountsOp } from './counters.ts';
import type { AuditEventRecord, AwardRecord, DocumentRecord, DossierRecord, PublicTask, TaskRecord } from '#schemas/records';
import { type CancellationCodes, commitChained, commitPlan, type PlannedItem } from './chained-write.ts';
import { requireEnv } from './config.ts';
import { documentClient, queryAll } from './dynamo.ts';

const table = () => requireEnv('TABLE_NAME');

export const keys = {
  dossier: (id: string) => ({ PK: `DOSSIER#${id}`, SK: 'META' }),
  document: (id: string, documentId: string) => ({ PK: `DOSSIER#${id}`, SK: `DOC#${documentId}` }),
  event: (id: string, seq: number) => ({ PK: `DOSSIER#${id}`, SK: `EVENT#${String(seq).padStart(8, '0')}` }),
  task: (id: string, step: string) => ({ PK: `DOSSIER#${id}`, SK: `TASK#${step}` }),
  award: (a: AwardRecord) => ({ PK: `AWARDS#${a.year}`, SK: `${a.awardCode}#${a.dossierId}#${String(a.nomineeIndex).padStart(4, '0')}` }),
};

/**
 * Open tasks are indexed by the role that must act, sorted by due date; a unit's tasks carry its unitId and
 * are filtered on it, so the sweeper can walk every open task with one query per role.
 */
export function openTaskKey(assigneeRole: string): string {
  return `OPEN#${assigneeRole}`;
}

function dossierItem(d: DossierRecord) {
  return {
    ...keys.dossier(d.id),
    ...d,
    GSI1PK: `UNIT#${d.unitId}`,
    GSI1SK: `${d.year}#${d.createdAt}#${d.id}`,
    GSI2PK: `STATUS#${d.status}`,
    GSI2SK: `${d.updatedAt}#${d.id}`,
  };
}

function strip<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, GSI3PK: _e, GSI3SK: _f, ...rest } = item;
  return rest as T;
}

const notFound = (id: string) =>
  new NotFoundError({ field: 'dossierId', messages: { vi: `Không tìm thấy hồ sơ ${id}`, en: `Dossier ${id} not found` } });

const concurrentChange = (cause: unknown) =>
  new ConflictError({
    code: 'CONCURRENT_CHANGE',
    messages: {
      vi: 'Hồ sơ vừa được người khác thay đổi hoặc thao tác đã được thực hiện; hãy tải lại',
      en: 'The dossier was changed by someone else or the action was already taken; reload it',
    },
    cause,
  });

/**
 * Items by key in BatchGetItem requests (strongly consistent, 100 keys each); keys that do not exist are
 * absent from the result. Keys DynamoDB leaves unprocessed are asked for again, with a growing pause.
 */
async function batchGet(itemKeys: readonly Record<string, string>[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < itemKeys.length; start += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
      [table()]: { Keys: itemKeys.slice(start, start + 100), ConsistentRead: true },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 1000)));
      const out: BatchGetCommandOutput = await documentClient.send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(out.Responses?.[table()] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return items;
}

/** Several dossiers in one request, e.g. for a batch of stream records; the ones that do not exist are absent from the map. */
export async function getDossiers(ids: Iterable<string>): Promise<Map<string, DossierRecord>> {
  const items = await batchGet([...new Set(ids)].map((id) => keys.dossier(id)));
  return new Map(items.map((item) => strip<DossierRecord>(item)).map((dossier) => [dossier.id, dossier]));
}

/**
 * A dossier with one item stored under it, read together in one request instead of two (a handler that acts
 * on a task or a document needs both; every request costs a round trip and a read on the bill alike).
 */
async function getDossierWithItem(id: string, itemKey: Record<string, string>): Promise<{ dossier: DossierRecord; item?: Record<string, unknown> }> {
  const items = await batchGet([keys.dossier(id), itemKey]);
  const meta = items.find((i) => i.SK === 'META');
  if (!meta) throw notFound(id);
  const item = items.find((i) => i.SK === itemKey.SK);
  return { dossier: strip<DossierRecord>(meta), ...(item ? { item } : {}) };
}

/** The dossier and its task of `step`, if one was ever registered. */
export async function getDossierAndTask(id: string, step: string): Promise<{ dossier: DossierRecord; task?: TaskRecord }> {
  const { dossier, item } = await getDossierWithItem(id, keys.task(id, step));
  return { dossier, ...(item ? { task: strip<TaskRecord>(item) } : {}) };
}

/**
 * The dossier and one of its documents, if it exists: the caller decides whether the person may see the
 * dossier before saying whether the document exists (see {@link documentNotFound}).
 */
export async function getDossierAndDocument(id: string, documentId: string): Promise<{ dossier: DossierRecord; document?: DocumentRecord }> {
  const { dossier, item } = await getDossierWithItem(id, keys.document(id, documentId));
  return { dossier, ...(item ? { document: strip<DocumentRecord>(item) } : {}) };
}

export async function getDossier(id: string): Promise<DossierRecord> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: keys.dossier(id), ConsistentRead: true }));
  if (!out.Item) throw notFound(id);
  return strip<DossierRecord>(out.Item);
}

/**
 * Creates a dossier with its first audit event, and any items that must exist with it (a cluster's ranking);
 * `refused` names a failed condition of those items (a cluster ranked already).
 */
export async function createDossier(dossier: DossierRecord, firstEvent: AuditEventRecord, extra: readonly PlannedItem[] = [], refused?: (codes: CancellationCodes, cause: Error) => Error | undefined): Promise<void> {
  await commitPlan(
    {
      items: [
        { Put: { Item: dossierItem(dossier), ConditionExpression: 'attribute_not_exists(PK)' } },
        { Put: { Item: { ...keys.event(dossier.id, firstEvent.seq), ...firstEvent }, ConditionExpression: 'attribute_not_exists(PK)' } },
        ...extra,
      ],
    },
    { ...(refused ? { refused: (codes: CancellationCodes, _plan: unknown, cause: Error) => refused(codes, cause) } : {}), conflict: concurrentChange },
  );
}

/**
 * Persists a planned change atomically: the dossier (only if nobody changed it since it was read: its version
 * is the chain head's guard), its next audit event, the counter increments the plan implies, and any items the
 * step writes with it (task flips, documents, awards). A person decided on the dossier as read, so a moved head
 * is a 409, never a re-plan.
 */
export async function commitChange(change: DossierChange, extra: readonly PlannedItem[] = []): Promise<void> {
  await commitPlan({ items: changeItems(change, extra) }, { conflict: concurrentChange });
}

/**
 * A change planned on what `read` gives, for a write whose outcome does not depend on who came first (a document's
 * check, done once, whose event chains after any other): when another change moved the dossier on meanwhile, it is
 * read and planned again, under the one chained write's retry policy. `plan` may refuse on what it is given.
 */
export function commitReplannedChange<S>(read: () => Promise<S>, plan: (state: S) => { change: DossierChange; extra?: readonly PlannedItem[] }): Promise<void> {
  return commitChained({
    read,
    plan: (state) => {
      const { change, extra } = plan(state);
      return { items: changeItems(change, extra) };
    },
    replan: {},
    conflict: concurrentChange,
  });
}

/** The plan's items in transaction order: the head (the dossier at its version) first. */
export function changeItems(change: DossierChange, extra: readonly PlannedItem[] = []): PlannedItem[] {
  const { before, after, auditEvent, counts } = change;
  return [
    {
      Put: {
        Item: dossierItem(after),
        ConditionExpression: '#v = :expected',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':expected': before.version },
      },
    },
    { Put: { Item: { ...keys.event(after.id, auditEvent.seq), ...auditEvent }, ConditionExpression: 'attribute_not_exists(PK)' } },
    ...(Object.keys(counts).length > 0 ? [addCountsOp(after.year, after.id, counts)] : []),
    ...extra,
  ];
}

export const ops = {
  putDocument: (doc: DocumentRecord): PlannedItem => ({ Put: { Item: { ...keys.document(doc.dossierId, doc.documentId), ...doc } } }),
  /**
   * PENDING → DONE/CANCELLED only if the stored token is still the one that was read: a replay cannot pass.
   * With a `handoff` (the answer owed to the execution) the task moves from its role's open-task partition to
   * the undelivered-handoff partition of the same sparse index, where the sweep finds it if the send fails.
   */
  closeTask: (task: TaskRecord, state: 'DONE' | 'CANCELLED', by: string, at: string, handoff?: Handoff): PlannedItem => ({
    Update: {
      Key: keys.task(task.dossierId, task.step),
      UpdateExpression: handoff
        ? 'SET #s = :state, completedAt = :at, completedBy = :by, handoff = :handoff, GSI3PK = :hk, GSI3SK = :hs'
        : 'SET #s = :state, completedAt = :at, completedBy = :by REMOVE GSI3PK, GSI3SK',
      ConditionExpression: '#s = :pending AND #t = :token',
      ExpressionAttributeNames: { '#s': 'state', '#t': 'token' },
      ExpressionAttributeValues: {
        ':state': state, ':pending': 'PENDING', ':token': task.token, ':at': at, ':by': by,
        ...(handoff ? { ':handoff': handoff, ':hk': HANDOFF_KEY, ':hs': `${at}#${task.dossierId}#${task.step}` } : {}),
      },
    },
  }),
  /** Marks a reminder/escalation as done once: a second sweep (or a concurrent one) fails this condition. */
  markTask: (task: TaskRecord, field: 'remindedAt' | 'escalatedAt', at: string): PlannedItem => ({
    Update: {
      Key: keys.task(task.dossierId, task.step),
      UpdateExpression: 'SET #f = :at',
      ConditionExpression: '#s = :pending AND attribute_not_exists(#f)',
      ExpressionAttributeNames: { '#f': field, '#s': 'state' },
      ExpressionAttributeValues: { ':at': at, ':pending': 'PENDING' },
    },
  }),
  putAward: (award: AwardRecord): PlannedItem => ({ Put: { Item: { ...keys.award(award), ...award }, ConditionExpression: 'attribute_not_exists(PK)' } }),
  /** Marks a register row revoked, keeping it: only a row that exists and is not revoked yet (a replay cannot pass). */
  revokeAward: (award: Pick<AwardRecord, 'year' | 'awardCode' | 'dossierId' | 'nomineeIndex'>, revoked: NonNullable<AwardRecord['revoked']>): PlannedItem => ({
    Update: {
      Key: keys.award(award as AwardRecord),
      UpdateExpression: 'SET revoked = :r',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revoked)',
      ExpressionAttributeValues: { ':r': revoked },
    },
  }),
};

/** The answer a closed task owes its execution: SendTaskSuccess's output, or SendTaskFailure's error and cause. */
export type Handoff = { output: string } | { error: string; cause: string };

/** GSI3 partition of tasks closed with an answer not yet delivered to Step Functions. */
const HANDOFF_KEY = 'HANDOFF#undelivered';

/** Closed tasks whose answer has not reached their execution yet (oldest first). */
export async function listUndeliveredHandoffs(): Promise<TaskRecord[]> {
  const items = await queryAll({ TableName: table(), IndexName: 'GSI3', KeyConditionExpression: 'GSI3PK = :k', ExpressionAttributeValues: { ':k': HANDOFF_KEY } });
  return items.map((i) => strip<TaskRecord>(i));
}

/** The answer reached the execution (or the wait had already ended): out of the outbox, once. */
export async function markHandoffDelivered(task: TaskRecord, at: string): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.task(task.dossierId, task.step),
      UpdateExpression: 'SET handoff.deliveredAt = :at REMOVE GSI3PK, GSI3SK',
      ConditionExpression: '#t = :token AND attribute_exists(handoff) AND attribute_not_exists(handoff.deliveredAt)',
      ExpressionAttributeNames: { '#t': 'token' },
      ExpressionAttributeValues: { ':at': at, ':token': task.token },
    }),
  ).catch((error: unknown) => {
    // Someone else (the sweep, a retried request) marked it first.
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  });
}

export async function putDocument(doc: DocumentRecord): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: table(), Item: { ...keys.document(doc.dossierId, doc.documentId), ...doc } }));
}

export const documentNotFound = (documentId: string) =>
  new NotFoundError({ field: 'documentId', messages: { vi: `Không tìm thấy tài liệu ${documentId}`, en: `Document ${documentId} not found` } });

/** Everything stored under one dossier, in one query (META, documents, events, tasks). */
export async function getDossierBundle(id: string) {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': `DOSSIER#${id}` },
    ConsistentRead: true,
  });
  const meta = items.find((i) => i.SK === 'META');
  if (!meta) throw notFound(id);
  const of = <T>(prefix: string) => items.filter((i) => String(i.SK).startsWith(prefix)).map((i) => strip<T>(i));
  return {
    dossier: strip<DossierRecord>(meta),
    documents: of<DocumentRecord>('DOC#'),
    events: of<AuditEventRecord>('EVENT#'),
    tasks: of<TaskRecord>('TASK#'),
  };
}

export async function getTask(dossierId: string, step: string): Promise<TaskRecord | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: keys.task(dossierId, step), ConsistentRead: true }));
  return out.Item ? strip<TaskRecord>(out.Item) : undefined;
}

/**
 * Stores the token of a human wait. A wait that begins again for a still-PENDING task (the local runtime
 * resuming after a restart, or a Step Functions retry) replaces only the token and keeps the due date.
 * `existing` is the task as the caller read it (see {@link getDossierAndTask}).
 */
export async function registerTask(task: TaskRecord, existing: TaskRecord | undefined): Promise<TaskRecord> {
  const stored = existing?.state === 'PENDING' ? { ...existing, token: task.token } : task;
  await documentClient.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...keys.task(task.dossierId, task.step),
        ...stored,
        GSI3PK: openTaskKey(stored.assigneeRole),
        GSI3SK: `${stored.dueAt}#${stored.dossierId}`,
      },
    }),
  );
  return stored;
}

/** Open tasks of one role (and unit), earliest due first. GSI3 is sparse: only PENDING tasks are in it. */
export async function listOpenTasks(query: { role: string; unitId?: string; dueBefore?: string }): Promise<TaskRecord[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'GSI3',
    KeyConditionExpression: query.dueBefore ? 'GSI3PK = :k AND GSI3SK < :due' : 'GSI3PK = :k',
    ...(query.unitId ? { FilterExpression: 'unitId = :u' } : {}),
    ExpressionAttributeValues: {
      ':k': openTaskKey(query.role),
      ...(query.dueBefore ? { ':due': query.dueBefore } : {}),
      ...(query.unitId ? { ':u': query.unitId } : {}),
    },
  });
  return items.map((i) => strip<TaskRecord>(i));
}

export function withoutToken(task: TaskRecord): PublicTask {
  const { token: _secret, handoff, ...rest } = task;
  return handoff && !handoff.deliveredAt ? { ...rest, handoffPending: true } : rest;
}

/** Every dossier of a status, all pages (the integrity check walks them all). */
export async function listAllDossiersByStatus(status: string): Promise<DossierRecord[]> {
  const items = await queryAll({ TableName: table(), IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :s', ExpressionAttributeValues: { ':s': `STATUS#${status}` } });
  return items.map((i) => strip<DossierRecord>(i));
}

export async function listAwards(year: number): Promise<AwardRecord[]> {
  const out = await documentClient.send(
    new QueryCommand({ TableName: table(), KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': `AWARDS#${year}` } }),
  );
  return (out.Items ?? []).map((i) => strip<AwardRecord>(i));
}
