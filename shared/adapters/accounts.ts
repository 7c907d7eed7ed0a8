import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '#domain/roles';
import { requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';

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
}

const table = () => requireEnv('TABLE_NAME');
const key = (userId: string) => ({ PK: `ACCOUNT#${userId}`, SK: 'META' });

export async function getAccount(userId: string): Promise<AccountEntry | undefined> {
  // Strongly consistent: a request right after a person is disabled must already see it.
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: key(userId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { PK: _pk, SK: _sk, ...entry } = out.Item;
  return entry as AccountEntry;
}

export async function putAccount(entry: AccountEntry): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: table(), Item: { ...key(entry.userId), ...entry } }));
}
