import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { duplicate, staleVersion, type UnitChange } from '#domain/units';
import type { UnitAuditEventRecord, UnitRecord } from '#schemas/records';
import { requireEnv } from './config.ts';
import { atVersion, commitWithAuditEvent, isNew } from './directory-changes.ts';
import { documentClient, queryAll } from './dynamo.ts';

/**
 * The unit directory in the single table. Every unit sits in one partition (`UNITS`): a province has hundreds
 * of units, not millions, and pages and reports need all their names in one query. Each unit's audit trail
 * has its own partition (`UNIT#<id>`, `EVENT#<seq>`), written in the same transaction as the change.
 */
const table = () => requireEnv('TABLE_NAME');
const unitKey = (unitId: string) => ({ PK: 'UNITS', SK: `UNIT#${unitId}` });
const eventKey = (unitId: string, seq: number) => ({ PK: `UNIT#${unitId}`, SK: `EVENT#${String(seq).padStart(8, '0')}` });

function strip<T>(item: Record<string, unknown>): T {
  const { PK: _p, SK: _s, ...rest } = item;
  return rest as T;
}

export async function getUnit(unitId: string): Promise<UnitRecord | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: unitKey(unitId), ConsistentRead: true }));
  return out.Item ? strip<UnitRecord>(out.Item) : undefined;
}

export async function listUnits(): Promise<UnitRecord[]> {
  const items = await queryAll({ TableName: table(), KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': 'UNITS' }, ConsistentRead: true });
  return items.map((i) => strip<UnitRecord>(i));
}

export async function unitHistory(unitId: string): Promise<UnitAuditEventRecord[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'PK = :p AND begins_with(SK, :e)',
    ExpressionAttributeValues: { ':p': `UNIT#${unitId}`, ':e': 'EVENT#' },
    ConsistentRead: true,
  });
  return items.map((i) => {
    const { GSI1PK: _a, GSI1SK: _b, ...event } = strip<UnitAuditEventRecord & { GSI1PK?: string; GSI1SK?: string }>(i);
    return event;
  });
}

/**
 * Stores a planned change and its audit event atomically: a new unit only if its id is free, a changed unit
 * only if nobody changed it since it was read (version), the event only if its sequence number is free.
 */
export async function commitUnitChange(change: UnitChange): Promise<void> {
  const { unit, event } = change;
  const first = unit.version === 1;
  await commitWithAuditEvent({
    record: { Item: { ...unitKey(unit.unitId), ...unit }, ...(first ? isNew : atVersion('version', unit.version - 1)) },
    event: { key: eventKey(unit.unitId, event.seq), entity: 'unit', entityId: unit.unitId, item: event },
    onConflict: () => (first ? duplicate(unit.unitId) : staleVersion()),
  });
}
