import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DirectoryEvent } from '#domain/directory-audit';
import { type ChainHead, noEvents } from '#domain/directory-audit';
import { ConflictError } from '#domain/errors';
import { AwardHistoryRecord } from '#schemas/records';
import type { PlannedItem } from './chained-write.ts';
import { requireEnv } from './config.ts';
import { atVersion, commitWithAuditEvent, isNew } from './directory-changes.ts';
import { documentClient, queryAll } from './dynamo.ts';

/**
 * A person's earlier awards, one partition per person key (award-history.ts): entries under `AWARD#<year>#…`,
 * the chain head of the entries people typed in under `META`, their audit events under `EVENT#<seq>` (also on
 * the directory's all-changes list). Entries the system writes with a dossier's change are audited by that
 * dossier's own chain instead.
 */
const table = () => requireEnv('TABLE_NAME');
const pk = (personKey: string) => `NOMINEE#${personKey}`;
const entryKey = (e: Pick<AwardHistoryRecord, 'personKey' | 'year' | 'awardCode' | 'entryId'>) => ({ PK: pk(e.personKey), SK: `AWARD#${e.year}#${e.awardCode}#${e.entryId}` });

export async function listHistory(personKey: string): Promise<AwardHistoryRecord[]> {
  const items = await queryAll({ TableName: table(), KeyConditionExpression: 'PK = :p AND begins_with(SK, :a)', ExpressionAttributeValues: { ':p': pk(personKey), ':a': 'AWARD#' }, ConsistentRead: true });
  return items.map((item) => AwardHistoryRecord.parse(item));
}

/** Where the person's chain of typed-in entries stands. */
export async function historyHead(personKey: string): Promise<ChainHead> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: { PK: pk(personKey), SK: 'META' }, ConsistentRead: true }));
  return out.Item ? { eventSeq: Number(out.Item.eventSeq), lastHash: String(out.Item.lastHash) } : noEvents;
}

/** An entry typed in, with its audit event, only if nobody added one to the same person since the head was read. */
export async function commitHistoryEntry(entry: AwardHistoryRecord, head: ChainHead, event: DirectoryEvent): Promise<void> {
  await commitWithAuditEvent({
    record: { Item: { PK: pk(entry.personKey), SK: 'META', eventSeq: event.seq, lastHash: event.hash }, ...(head.eventSeq === 0 ? isNew : atVersion('eventSeq', head.eventSeq)) },
    event: { key: { PK: pk(entry.personKey), SK: `EVENT#${String(event.seq).padStart(8, '0')}` }, entity: 'awardHistory', entityId: event.entityId, item: event },
    extra: [{ Item: { ...entryKey(entry), ...entry }, ...isNew }],
    onConflict: (_codes, cause) =>
      new ConflictError({ code: 'CONCURRENT_CHANGE', messages: { vi: 'Lịch sử khen thưởng vừa được người khác cập nhật; vui lòng thử lại', en: 'The award history was changed meanwhile; try again' }, cause }),
  });
}

/** An entry the system writes in the same transaction as a dossier's change (commitChange's extra items). */
export const putHistoryOp = (entry: AwardHistoryRecord): PlannedItem => ({ Put: { Item: { ...entryKey(entry), ...entry }, ConditionExpression: 'attribute_not_exists(PK)' } });
