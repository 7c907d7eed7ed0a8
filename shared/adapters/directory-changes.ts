import type { DirectoryEntity, DirectoryEvent } from '#domain/directory-audit';
import { DirectoryEventRecord } from '#schemas/records';
import { cancellationReasons } from './aws-errors.ts';
import { type CancellationCodes, type ChainedPlan, commitPlan } from './chained-write.ts';
import { requireEnv } from './config.ts';
import { decodePageCursor, queryPage } from './dynamo.ts';

/**
 * All directory changes, newest first, for the administrator's "who changed what" page. Each entity keeps its own
 * hash chain in its own partition; every event is also indexed on GSI1 under one key, so one query reads the
 * province's changes across units, people and the roster (a few thousand a year: one partition is enough).
 */
const CHANGES = 'DIRECTORY#CHANGES';
const table = () => requireEnv('TABLE_NAME');

/** The GSI1 keys that put an event on the all-changes list. */
export function directoryChangeKeys(entity: DirectoryEntity, entityId: string, seq: number, at: string): { GSI1PK: string; GSI1SK: string } {
  return { GSI1PK: CHANGES, GSI1SK: `${at}#${entity}#${entityId}#${String(seq).padStart(8, '0')}` };
}

/** One Put of a directory write: the item and the condition it is written under. */
export interface GuardedPut {
  readonly Item: Record<string, unknown>;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

/** The guard of a record written for the first time: its key must be free. */
export const isNew = { ConditionExpression: 'attribute_not_exists(PK)' } as const;
/** The guard of a record changed at the version it was read at. */
export const atVersion = (attribute: string, expected: number) => ({ ConditionExpression: `${attribute} = :expected`, ExpressionAttributeValues: { ':expected': expected } });

/** A directory change: the record (or its chain's head) and the audit event of the change, with any `extra` items. */
export interface AuditedChange {
  readonly record: GuardedPut;
  readonly event: { readonly key: { PK: string; SK: string }; readonly entity: DirectoryEntity; readonly entityId: string; readonly item: { readonly seq: number; readonly at: string } };
  readonly extra?: readonly GuardedPut[];
}

/**
 * The plan of a directory change: the record first (its guard is the chain head's), then the event under its
 * entity's own key, only if that sequence number is free, and on the all-changes list, then the extra items.
 */
export function auditedItems(change: AuditedChange): ChainedPlan {
  const { record, event } = change;
  const eventItem = { ...event.key, ...directoryChangeKeys(event.entity, event.entityId, event.item.seq, event.item.at), ...event.item };
  return { items: [record, { Item: eventItem, ...isNew }, ...(change.extra ?? [])].map((put) => ({ Put: put })) };
}

/**
 * The directory's one write, through the one chained write (chained-write.ts). A failed condition becomes
 * `onConflict(codes)`, the cancellation codes in item order (record, event, extra…), so each caller names its
 * own conflict; so do transaction conflicts that outlast the retries.
 */
export async function commitWithAuditEvent(change: AuditedChange & { readonly onConflict: (codes: CancellationCodes, error: Error) => Error }): Promise<void> {
  await commitPlan(auditedItems(change), {
    refused: (codes, _plan, cause) => (codes.includes('ConditionalCheckFailed') ? change.onConflict(codes, cause) : undefined),
    conflict: (cause) => change.onConflict((cancellationReasons(cause) ?? []).map((r) => r.Code ?? 'None'), cause),
  });
}

export interface DirectoryChangeQuery {
  readonly entity?: DirectoryEntity | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** A unit's or a roster's event names it `unitId` / `rosterId` (their chains predate this list); the list speaks of every entity one way. */
export function toEvent(item: Record<string, unknown>): DirectoryEvent {
  if (item.entity === undefined && typeof item.unitId === 'string') {
    const { unitId, ...event } = item;
    return DirectoryEventRecord.parse({ entity: 'unit', entityId: unitId, ...event });
  }
  if (item.entity === undefined && typeof item.rosterId === 'string') {
    const { rosterId, ...event } = item;
    return DirectoryEventRecord.parse({ entity: 'roster', entityId: rosterId, ...event });
  }
  return DirectoryEventRecord.parse(item);
}

/** How each entity's events are told apart (units and rosters carry their own id field, not `entity`). */
const entityFilter: Record<DirectoryEntity, string> = { unit: 'attribute_exists(unitId)', roster: 'attribute_exists(rosterId)', person: 'entity = :e', regulation: 'entity = :e', awardHistory: 'entity = :e' };

export async function listDirectoryChanges(query: DirectoryChangeQuery): Promise<{ changes: DirectoryEvent[]; next?: string }> {
  const { items, next } = await queryPage(
    {
      TableName: table(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ...(query.entity ? { FilterExpression: entityFilter[query.entity] } : {}),
      ExpressionAttributeValues: { ':pk': CHANGES, ...(query.entity && entityFilter[query.entity].includes(':e') ? { ':e': query.entity } : {}) },
      ScanIndexForward: false,
    },
    query.limit,
    query.cursor ? decodePageCursor(query.cursor, ['PK', 'SK', 'GSI1PK', 'GSI1SK'], (k) => k.GSI1PK === CHANGES) : undefined,
    ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
  );
  const changes = items.map(toEvent);
  return next ? { changes, next } : { changes };
}
