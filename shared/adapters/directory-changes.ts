import type { DirectoryEntity, DirectoryEvent } from '#domain/directory-audit';
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
