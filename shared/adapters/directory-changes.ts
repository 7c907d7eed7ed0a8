import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DirectoryEntity, DirectoryEvent } from '#domain/directory-audit';
import { requireEnv } from './config.ts';
import { decodePageCursor, documentClient, queryPage } from './dynamo.ts';

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

/**
 * The directory's one write: a record (or its chain's head) and the audit event of the change, in one
 * transaction, with any `extra` items. The event goes under its entity's own key, only if that sequence number
 * is free, and on the all-changes list. A failed condition becomes `onConflict(codes)`, the cancellation codes
 * in item order (record, event, extra…), so each caller names its own conflict; anything else is rethrown.
 */
export async function commitWithAuditEvent(change: {
  readonly record: GuardedPut;
  readonly event: { readonly key: { PK: string; SK: string }; readonly entity: DirectoryEntity; readonly entityId: string; readonly item: { readonly seq: number; readonly at: string } };
  readonly extra?: readonly GuardedPut[];
  readonly onConflict: (codes: readonly (string | undefined)[], error: Error) => Error;
}): Promise<void> {
  const { record, event } = change;
  const eventItem = { ...event.key, ...directoryChangeKeys(event.entity, event.entityId, event.item.seq, event.item.at), ...event.item };
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [record, { Item: eventItem, ...isNew }, ...(change.extra ?? [])].map((put) => ({ Put: { TableName: table(), ...put } })),
      }),
    );
  } catch (error) {
    const codes = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((r) => r.Code) : [];
    if (codes.includes('ConditionalCheckFailed')) throw change.onConflict(codes, error as Error);
    throw error;
  }
}

export interface DirectoryChangeQuery {
  readonly entity?: DirectoryEntity | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** A unit's or a roster's event names it `unitId` / `rosterId` (their chains predate this list); the list speaks of every entity one way. */
function toEvent(item: Record<string, unknown>): DirectoryEvent {
  const { PK: _p, SK: _s, GSI1PK: _a, GSI1SK: _b, ...rest } = item;
  if (rest.entity === undefined && typeof rest.unitId === 'string') {
    const { unitId, ...event } = rest;
    return { entity: 'unit', entityId: unitId, ...event } as unknown as DirectoryEvent;
  }
  if (rest.entity === undefined && typeof rest.rosterId === 'string') {
    const { rosterId, ...event } = rest;
    return { entity: 'roster', entityId: rosterId, ...event } as unknown as DirectoryEvent;
  }
  return rest as unknown as DirectoryEvent;
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
