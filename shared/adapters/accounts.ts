import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DirectoryEvent } from '#domain/directory-audit';
import { ConflictError } from '#domain/errors';
import type { Role } from '#domain/roles';
import { AccountRecord, DirectoryEventRecord } from '#schemas/records';
import { commitChained } from './chained-write.ts';
import { requireEnv } from './config.ts';
import { auditedItems } from './directory-changes.ts';
import { documentClient, queryAll } from './dynamo.ts';

/**
 * What the directory says of an account now: its roles, unit and whether it may act. Written by the people
 * function on every change and read on every signed-in request, so a change (a person disabled, moved to
 * another unit, given or stripped of a role) takes effect at once, not when their token expires.
 */
export interface AccountEntry {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly unitId?: string;
  readonly enabled: boolean;
  readonly updatedAt: string;
  /** Head of the person's audit chain (directory-audit.ts). */
  readonly eventSeq?: number;
  readonly lastHash?: string;
}

const table = () => requireEnv('TABLE_NAME');
const key = (userId: string) => ({ PK: `ACCOUNT#${userId}`, SK: 'META' });
const eventKey = (username: string, seq: number) => ({ PK: `PERSON#${username}`, SK: `EVENT#${String(seq).padStart(8, '0')}` });

export async function getAccount(userId: string): Promise<AccountEntry | undefined> {
  // Strongly consistent: a request right after a person is disabled must already see it.
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: key(userId), ConsistentRead: true }));
  return out.Item ? AccountRecord.parse(out.Item) : undefined;
}

/** A change of an account: the entry with its chain head moved on, and the event that moved it. */
export type AccountChange = { readonly entry: AccountEntry & { eventSeq: number; lastHash: string }; readonly event: DirectoryEvent };

/**
 * The account and the audit event of its change, in one transaction: the event's number must be free and the
 * account's chain head must still be the one the event was chained to. The change is the pool's, already made:
 * when another change to the same person committed first it is planned again on the account as it now stands.
 */
export async function commitAccountChange(userId: string, plan: (current: AccountEntry | undefined) => AccountChange): Promise<void> {
  await commitChained<AccountEntry | undefined>({
    read: () => getAccount(userId),
    plan: (current) => {
      const { entry, event } = plan(current);
      return auditedItems({
        record: { Item: { ...key(entry.userId), ...entry }, ConditionExpression: 'attribute_not_exists(eventSeq) OR eventSeq = :prev', ExpressionAttributeValues: { ':prev': event.seq - 1 } },
        event: { key: eventKey(event.entityId, event.seq), entity: 'person', entityId: event.entityId, item: event },
      });
    },
    replan: { fromItem: (item) => AccountRecord.parse(item) },
    conflict: (cause) =>
      new ConflictError({ code: 'CONCURRENT_CHANGE', messages: { vi: 'Tài khoản vừa được người khác thay đổi; vui lòng thử lại', en: 'The account was changed meanwhile; please try again' }, cause }),
  });
}

/** A person's audit events, oldest first. */
export async function personHistory(username: string): Promise<DirectoryEvent[]> {
  const items = await queryAll({ TableName: table(), KeyConditionExpression: 'PK = :p AND begins_with(SK, :e)', ExpressionAttributeValues: { ':p': `PERSON#${username}`, ':e': 'EVENT#' }, ConsistentRead: true });
  return items.map((item) => DirectoryEventRecord.parse(item));
}
