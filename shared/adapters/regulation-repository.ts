import type { DirectoryEvent } from '#domain/directory-audit';
import { ConflictError } from '#domain/errors';
import type { Regulation } from '#domain/regulation';
import { StoredRegulationRecord } from '#schemas/records';
import { requireEnv } from './config.ts';
import { atVersion, commitWithAuditEvent, isNew } from './directory-changes.ts';
import { queryAll } from './dynamo.ts';

/**
 * The province's regulation versions, one item per effective date in one partition (`REGULATION`): a province
 * issues a few a year. Each version's audit event sits in its own partition, written in the same transaction.
 */
const table = () => requireEnv('TABLE_NAME');
const key = (effectiveFrom: string) => ({ PK: 'REGULATION', SK: `FROM#${effectiveFrom}` });
const eventKey = (effectiveFrom: string, seq: number) => ({ PK: `REGULATION#${effectiveFrom}`, SK: `EVENT#${String(seq).padStart(8, '0')}` });

export type StoredRegulation = Regulation & { lastHash?: string };

export async function listRegulations(): Promise<StoredRegulation[]> {
  const items = await queryAll({ TableName: table(), KeyConditionExpression: 'PK = :p AND begins_with(SK, :f)', ExpressionAttributeValues: { ':p': 'REGULATION', ':f': 'FROM#' }, ConsistentRead: true });
  return items.map((item) => StoredRegulationRecord.parse(item));
}

/** Stores a version only if nobody stored another of the same date since it was read, with its audit event. */
export async function commitRegulation(regulation: Regulation, event: DirectoryEvent): Promise<void> {
  const first = regulation.version === 1;
  await commitWithAuditEvent({
    record: { Item: { ...key(regulation.effectiveFrom), ...regulation, lastHash: event.hash }, ...(first ? isNew : atVersion('version', regulation.version - 1)) },
    event: { key: eventKey(regulation.effectiveFrom, event.seq), entity: 'regulation', entityId: event.entityId, item: event },
    onConflict: (_codes, cause) =>
      new ConflictError({ code: 'STALE_VERSION', field: 'effectiveFrom', messages: { vi: 'Văn bản vừa được người khác sửa; hãy tải lại và thử lại', en: 'Someone changed this text meanwhile; reload and try again' }, cause }),
  });
}
