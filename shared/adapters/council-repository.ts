import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Recusal } from '#domain/council';
import { ConflictError, NotFoundError } from '#domain/errors';
import { requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';

const table = () => requireEnv('TABLE_NAME');
/** Ballots are kept in their own table, which has no stream (see infra/constructs/storage.ts). */
const ballotsTable = () => requireEnv('BALLOTS_TABLE_NAME');

export interface CouncilSession {
  readonly id: string;
  readonly date: string;
  readonly title: string;
  readonly memberIds: string[];
  readonly dossierIds: string[];
  readonly state: 'open' | 'closed';
  readonly createdAt: string;
  readonly createdBy: string;
  readonly results?: Record<string, unknown>[];
  /** Per dossier: members who may not vote on it (automatic or declared). */
  readonly recusals: Record<string, Recusal[]>;
  readonly minutesKey?: string;
  readonly closedAt?: string;
}

export async function createSession(session: CouncilSession): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: table(), Item: { PK: `SESSION#${session.id}`, SK: 'META', ...session }, ConditionExpression: 'attribute_not_exists(PK)' }),
  );
}

export async function getSession(id: string): Promise<CouncilSession> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: { PK: `SESSION#${id}`, SK: 'META' }, ConsistentRead: true }));
  if (!out.Item) throw new NotFoundError({ field: 'sessionId', messages: { vi: `Không tìm thấy phiên họp ${id}`, en: `Council session ${id} not found` } });
  const { PK: _p, SK: _s, ...session } = out.Item;
  return session as CouncilSession;
}

/**
 * Secret ballot by construction: one transaction writes the participation (member + dossier, refused if it
 * exists) and a ballot holding only the choice under a random id — no member id, no timestamp.
 */
export async function castBallot(sessionId: string, dossierId: string, memberId: string, choice: string): Promise<void> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          { ConditionCheck: { TableName: table(), Key: { PK: `SESSION#${sessionId}`, SK: 'META' }, ConditionExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':open': 'open' } } },
          { Put: { TableName: table(), Item: { PK: `SESSION#${sessionId}`, SK: `VOTED#${dossierId}#${memberId}`, dossierId, memberId }, ConditionExpression: 'attribute_not_exists(PK)' } },
          { Put: { TableName: ballotsTable(), Item: { PK: `SESSION#${sessionId}#${dossierId}`, SK: randomUUID(), choice } } },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      throw new ConflictError({ code: 'BALLOT_REFUSED', messages: { vi: 'Đã bỏ phiếu cho hồ sơ này hoặc phiên họp đã đóng', en: 'Already voted on this dossier, or the session is closed' }, cause: error });
    }
    throw error;
  }
}

async function querySession(sessionId: string, prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}`, ':p': prefix },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Who has voted on what — never how. */
export async function listParticipations(sessionId: string): Promise<{ dossierId: string; memberId: string }[]> {
  return (await querySession(sessionId, 'VOTED#')).map((i) => ({ dossierId: String(i.dossierId), memberId: String(i.memberId) }));
}

/** The choices of one dossier's ballots, unlinkable to members; read only by the tally. */
export async function listBallotChoices(sessionId: string, dossierId: string): Promise<string[]> {
  const choices: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(
      new QueryCommand({
        TableName: ballotsTable(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}#${dossierId}` },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    choices.push(...(out.Items ?? []).map((i) => String(i.choice)));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return choices;
}

/** A member steps aside from one dossier: only while the session is open and before voting on it. */
export async function addRecusal(sessionId: string, dossierId: string, recusal: Recusal): Promise<void> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: { PK: `SESSION#${sessionId}`, SK: 'META' },
              UpdateExpression: 'SET recusals.#d = list_append(recusals.#d, :r)',
              ConditionExpression: '#s = :open',
              ExpressionAttributeNames: { '#s': 'state', '#d': dossierId },
              ExpressionAttributeValues: { ':open': 'open', ':r': [recusal] },
            },
          },
          { ConditionCheck: { TableName: table(), Key: { PK: `SESSION#${sessionId}`, SK: `VOTED#${dossierId}#${recusal.memberId}` }, ConditionExpression: 'attribute_not_exists(PK)' } },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      throw new ConflictError({ code: 'RECUSAL_REFUSED', messages: { vi: 'Phiên họp đã đóng hoặc đã bỏ phiếu cho hồ sơ này', en: 'The session is closed, or you already voted on this dossier' }, cause: error });
    }
    throw error;
  }
}

/** open → closed with its results, once: a second close finds it closed and reads the stored results. */
export async function closeSession(sessionId: string, results: Record<string, unknown>[], at: string, minutesKey: string): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: table(),
        Key: { PK: `SESSION#${sessionId}`, SK: 'META' },
        UpdateExpression: 'SET #s = :closed, results = :r, closedAt = :at, minutesKey = :m',
        ConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':closed': 'closed', ':open': 'open', ':r': results, ':at': at, ':m': minutesKey },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
