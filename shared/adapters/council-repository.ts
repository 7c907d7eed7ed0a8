import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { chainHash, GENESIS_HASH } from '#domain/audit';
import type { Recusal } from '#domain/council';
import { ConflictError, NotFoundError } from '#domain/errors';
import { requireEnv } from './config.ts';
import { documentClient, queryAll } from './dynamo.ts';

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
  /** Head of the session's hash-chained event log. */
  readonly eventSeq: number;
  readonly lastHash: string;
}

export interface SessionEvent {
  readonly sessionId: string;
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: 'opened' | 'ballotCast' | 'recusalDeclared' | 'closed';
  readonly details: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

const sessionKey = (id: string) => ({ PK: `SESSION#${id}`, SK: 'META' });
const eventKey = (id: string, seq: number) => ({ PK: `SESSION#${id}`, SK: `EVENT#${String(seq).padStart(8, '0')}` });

function nextEvent(session: Pick<CouncilSession, 'id' | 'eventSeq' | 'lastHash'>, actor: string, action: SessionEvent['action'], details: Record<string, unknown>): SessionEvent {
  const body = { sessionId: session.id, seq: session.eventSeq + 1, at: new Date().toISOString(), actor, action, details, prevHash: session.lastHash };
  return { ...body, hash: chainHash(session.lastHash, body) };
}

/** Moves the session's chain head one event on, only if nobody else did in between (and, unless closing, while open). */
function advance(session: CouncilSession, event: SessionEvent, set = '', values: Record<string, unknown> = {}) {
  return {
    Update: {
      TableName: table(),
      Key: sessionKey(session.id),
      UpdateExpression: `SET eventSeq = :seq, lastHash = :hash${set}`,
      ConditionExpression: '#s = :open AND eventSeq = :prev',
      ExpressionAttributeNames: { '#s': 'state', ...(set.includes('#d') ? { '#d': values[':dossierId'] as string } : {}) },
      ExpressionAttributeValues: { ':open': 'open', ':seq': event.seq, ':hash': event.hash, ':prev': session.eventSeq, ...Object.fromEntries(Object.entries(values).filter(([k]) => k !== ':dossierId')) },
    },
  };
}

const putEvent = (event: SessionEvent) => ({ Put: { TableName: table(), Item: { ...eventKey(event.sessionId, event.seq), ...event }, ConditionExpression: 'attribute_not_exists(PK)' } });

/**
 * Runs a chained write: on a lost race for the chain head (another member voted at the same moment) it
 * re-reads the session and tries again; `refused` explains a cancellation that is not such a race.
 */
async function chained(
  sessionId: string,
  build: (session: CouncilSession) => NonNullable<TransactWriteCommandInput['TransactItems']>,
  refused: (reasons: (string | undefined)[], session: CouncilSession) => Error | undefined,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const session = await getSession(sessionId);
    if (session.state !== 'open') throw sessionClosed();
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: build(session) }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
      const explained = refused(reasons, session);
      if (explained) throw explained;
      if (attempt >= 20) throw new ConflictError({ code: 'BUSY', messages: { vi: 'Hệ thống đang bận, vui lòng thử lại', en: 'Busy, please try again' }, cause: error });
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}

const sessionClosed = () => new ConflictError({ code: 'SESSION_CLOSED', field: 'sessionId', messages: { vi: 'Phiên họp đã kết thúc', en: 'The session is closed' } });

export async function createSession(session: Omit<CouncilSession, 'eventSeq' | 'lastHash'>): Promise<CouncilSession> {
  const opened = nextEvent({ id: session.id, eventSeq: 0, lastHash: GENESIS_HASH }, session.createdBy, 'opened', {
    memberIds: session.memberIds,
    dossierIds: session.dossierIds,
    recusals: session.recusals,
  });
  const stored: CouncilSession = { ...session, eventSeq: opened.seq, lastHash: opened.hash };
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [{ Put: { TableName: table(), Item: { ...sessionKey(session.id), ...stored }, ConditionExpression: 'attribute_not_exists(PK)' } }, putEvent(opened)],
    }),
  );
  return stored;
}

export async function getSession(id: string): Promise<CouncilSession> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: sessionKey(id), ConsistentRead: true }));
  if (!out.Item) throw new NotFoundError({ field: 'sessionId', messages: { vi: `Không tìm thấy phiên họp ${id}`, en: `Council session ${id} not found` } });
  const { PK: _p, SK: _s, ...session } = out.Item;
  return session as CouncilSession;
}

/**
 * Secret ballot by construction: one transaction writes the participation (member + dossier, refused if it
 * exists), the session's chained event (who took part, never the choice) and, in the stream-less ballots
 * table, a ballot holding only the choice under a random id — no member id, no timestamp.
 */
export async function castBallot(sessionId: string, dossierId: string, memberId: string, choice: string): Promise<void> {
  await chained(
    sessionId,
    (session) => {
      const event = nextEvent(session, memberId, 'ballotCast', { dossierId, memberId });
      return [
        advance(session, event),
        { Put: { TableName: table(), Item: { PK: `SESSION#${sessionId}`, SK: `VOTED#${dossierId}#${memberId}`, dossierId, memberId }, ConditionExpression: 'attribute_not_exists(PK)' } },
        putEvent(event),
        { Put: { TableName: ballotsTable(), Item: { PK: `SESSION#${sessionId}#${dossierId}`, SK: randomUUID(), choice } } },
      ];
    },
    (reasons) =>
      reasons[1] === 'ConditionalCheckFailed'
        ? new ConflictError({ code: 'ALREADY_VOTED', field: 'dossierId', messages: { vi: 'Bạn đã bỏ phiếu cho hồ sơ này', en: 'You already voted on this dossier' } })
        : undefined,
  );
}

async function querySession(sessionId: string, prefix: string): Promise<Record<string, unknown>[]> {
  return queryAll({
    TableName: table(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}`, ':p': prefix },
    ConsistentRead: true,
  });
}

/** Who has voted on what — never how. */
export async function listParticipations(sessionId: string): Promise<{ dossierId: string; memberId: string }[]> {
  return (await querySession(sessionId, 'VOTED#')).map((i) => ({ dossierId: String(i.dossierId), memberId: String(i.memberId) }));
}

/** The choices of one dossier's ballots, unlinkable to members; read only by the tally. */
export async function listBallotChoices(sessionId: string, dossierId: string): Promise<string[]> {
  const ballots = await queryAll({
    TableName: ballotsTable(),
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}#${dossierId}` },
    ConsistentRead: true,
  });
  return ballots.map((i) => String(i.choice));
}

/** A member steps aside from one dossier: only while the session is open and before voting on it. */
export async function addRecusal(sessionId: string, dossierId: string, recusal: Recusal): Promise<void> {
  await chained(
    sessionId,
    (session) => {
      const event = nextEvent(session, recusal.memberId, 'recusalDeclared', { dossierId, ...recusal });
      return [
        advance(session, event, ', recusals.#d = list_append(recusals.#d, :r)', { ':r': [recusal], ':dossierId': dossierId }),
        { ConditionCheck: { TableName: table(), Key: { PK: `SESSION#${sessionId}`, SK: `VOTED#${dossierId}#${recusal.memberId}` }, ConditionExpression: 'attribute_not_exists(PK)' } },
        putEvent(event),
      ];
    },
    (reasons) =>
      reasons[1] === 'ConditionalCheckFailed'
        ? new ConflictError({ code: 'ALREADY_VOTED', field: 'dossierId', messages: { vi: 'Bạn đã bỏ phiếu cho hồ sơ này', en: 'You already voted on this dossier' } })
        : undefined,
  );
}

/** open → closed with its results, once: a second close finds it closed and reads the stored results. */
export async function closeSession(sessionId: string, closedBy: string, results: Record<string, unknown>[], at: string, minutesKey: string): Promise<boolean> {
  try {
    await chained(
      sessionId,
      (session) => {
        const event = nextEvent(session, closedBy, 'closed', { minutesKey, results });
        return [advance(session, event, ', #s = :closed, results = :r, closedAt = :at, minutesKey = :m', { ':closed': 'closed', ':r': results, ':at': at, ':m': minutesKey }), putEvent(event)];
      },
      () => undefined,
    );
    return true;
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'SESSION_CLOSED') return false;
    throw error;
  }
}

/** The session's event log, in order, for verification. */
export async function listSessionEvents(sessionId: string): Promise<SessionEvent[]> {
  return (await querySession(sessionId, 'EVENT#')).map((i) => {
    const { PK: _p, SK: _s, ...event } = i;
    return event as unknown as SessionEvent;
  });
}
