import { type RosterChange, staleRoster } from '#domain/council-roster';
import { ConflictError } from '#domain/errors';
import type { RosterAuditEventRecord, RosterRecord } from '#schemas/records';
import { requireEnv } from './config.ts';
import { atVersion, commitWithAuditEvent, isNew } from './directory-changes.ts';
import { queryAll } from './dynamo.ts';

/**
 * The council's rosters in the single table, all in one partition (`COUNCIL_ROSTERS`: a term lasts years, a
 * province keeps a handful). Each roster's audit trail has its own partition (`ROSTER#<id>`, `EVENT#<seq>`),
 * written in the same transaction as the change, as the unit directory does. A `HEAD` item in the roster
 * partition counts every change: a change commits only if no other change came since the rosters were read,
 * so two overlapping terms written at once cannot both pass the overlap check.
 */
const table = () => requireEnv('TABLE_NAME');
const PARTITION = 'COUNCIL_ROSTERS';
const rosterKey = (rosterId: string) => ({ PK: PARTITION, SK: `ROSTER#${rosterId}` });
const headKey = { PK: PARTITION, SK: 'HEAD' };
const eventKey = (rosterId: string, seq: number) => ({ PK: `ROSTER#${rosterId}`, SK: `EVENT#${String(seq).padStart(8, '0')}` });

function strip<T>(item: Record<string, unknown>): T {
  const { PK: _p, SK: _s, ...rest } = item;
  return rest as T;
}

/** Every roster, with the change count they were read at (pass it back to commit a change). */
export async function listRosters(): Promise<{ rosters: RosterRecord[]; changes: number }> {
  const items = await queryAll({ TableName: table(), KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': PARTITION }, ConsistentRead: true });
  const head = items.find((i) => i.SK === 'HEAD');
  const rosters = items.filter((i) => String(i.SK).startsWith('ROSTER#')).map((i) => strip<RosterRecord>(i));
  return { rosters: rosters.sort((a, b) => b.validFrom.localeCompare(a.validFrom)), changes: Number(head?.changes ?? 0) };
}

export async function rosterHistory(rosterId: string): Promise<RosterAuditEventRecord[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'PK = :p AND begins_with(SK, :e)',
    ExpressionAttributeValues: { ':p': `ROSTER#${rosterId}`, ':e': 'EVENT#' },
    ConsistentRead: true,
  });
  return items.map((i) => {
    const { GSI1PK: _a, GSI1SK: _b, ...event } = strip<RosterAuditEventRecord & { GSI1PK?: string; GSI1SK?: string }>(i);
    return event;
  });
}

const concurrentChange = () =>
  new ConflictError({
    code: 'ROSTERS_CHANGED',
    field: 'validFrom',
    messages: { vi: 'Danh sách Hội đồng vừa được người khác thay đổi; vui lòng thử lại', en: 'The council rosters changed meanwhile; please try again' },
  });

/**
 * Stores a planned change and its audit event atomically: a new roster only if its id is free, a changed one
 * only at the version read, and either only if no roster changed since `changes` was read.
 */
export async function commitRosterChange(change: RosterChange, changes: number): Promise<void> {
  const { roster, event } = change;
  const first = roster.version === 1;
  await commitWithAuditEvent({
    record: { Item: { ...rosterKey(roster.rosterId), ...roster }, ...(first ? isNew : atVersion('version', roster.version - 1)) },
    event: { key: eventKey(roster.rosterId, event.seq), entity: 'roster', entityId: roster.rosterId, item: event },
    extra: [{ Item: { ...headKey, changes: changes + 1 }, ConditionExpression: 'attribute_not_exists(PK) OR changes = :c', ExpressionAttributeValues: { ':c': changes } }],
    // The roster itself changed since it was read, or another roster change came first (the head's count).
    onConflict: (codes) => (codes[0] === 'ConditionalCheckFailed' && !first ? staleRoster() : concurrentChange()),
  });
}
