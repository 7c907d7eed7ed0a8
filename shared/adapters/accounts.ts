import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DirectoryEvent } from '#domain/directory-audit';
import type { Role } from '#domain/roles';
import { requireEnv } from './config.ts';
import { commitWithAuditEvent } from './directory-changes.ts';
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
  if (!out.Item) return undefined;
  const { PK: _pk, SK: _sk, ...entry } = out.Item;
  return entry as AccountEntry;
}

/** Thrown when another change to the same person committed first: read again and retry. */
export class AccountChanged extends Error {}

/**
 * The account and the audit event of its change, in one transaction: the event's number must be free and the
 * account's chain head must still be the one the event was chained to.
 */
export async function commitAccountChange(entry: AccountEntry & { eventSeq: number; lastHash: string }, event: DirectoryEvent): Promise<void> {
  await commitWithAuditEvent({
    record: { Item: { ...key(entry.userId), ...entry }, ConditionExpression: 'attribute_not_exists(eventSeq) OR eventSeq = :prev', ExpressionAttributeValues: { ':prev': event.seq - 1 } },
    event: { key: eventKey(event.entityId, event.seq), entity: 'person', entityId: event.entityId, item: event },
    onConflict: () => new AccountChanged(),
  });
}

/** A person's audit events, oldest first. */
export async function personHistory(username: string): Promise<DirectoryEvent[]> {
  const items = await queryAll({ TableName: table(), KeyConditionExpression: 'PK = :p AND begins_with(SK, :e)', ExpressionAttributeValues: { ':p': `PERSON#${username}`, ':e': 'EVENT#' }, ConsistentRead: true });
  return items.map(({ PK: _p, SK: _s, GSI1PK: _a, GSI1SK: _b, ...event }) => event as unknown as DirectoryEvent);
}
