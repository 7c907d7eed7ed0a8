import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, TransactWriteCommand, type TransactWriteCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { chainHash, GENESIS_HASH } from '#domain/audit';
import { localDate } from '#domain/calendar';
import { alreadyRecusedError, type BallotPaper, dossierInOpenSessionError, isRecused, type Recusal, recusedError, type SessionState } from '#domain/council';
import { ConflictError, NotFoundError } from '#domain/errors';
import { requireEnv } from './config.ts';
import { decodePageCursor, documentClient, queryAll, queryPage } from './dynamo.ts';

const table = () => requireEnv('TABLE_NAME');
/**
 * Ballots are kept in their own table, with no stream and no point-in-time recovery (see
 * infra/constructs/storage.ts), and only until the tally: the close deletes them.
 */
const ballotsTable = () => requireEnv('BALLOTS_TABLE_NAME');

export interface CouncilSession {
  readonly id: string;
  readonly date: string;
  readonly title: string;
  /** The voting members of the roster in force on the session's date: the base of quorum and threshold. */
  readonly memberIds: string[];
  /** The roster the electorate was taken from; members the secretary marked absent (in the base, not voting). */
  readonly rosterId?: string;
  readonly absentMemberIds?: string[];
  /** Each member's name and unit as the roster gave them, for recusals and the minutes. */
  readonly memberNames?: Record<string, string>;
  readonly memberUnits?: Record<string, string>;
  readonly dossierIds: string[];
  readonly state: SessionState;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly results?: Record<string, unknown>[];
  /** Per dossier: members who may not vote on it (automatic or declared). */
  readonly recusals: Record<string, Recusal[]>;
  readonly minutesKey?: string;
  readonly closedAt?: string;
  readonly closedBy?: string;
  /** Set when the close begins and kept while it runs, so a resumed close writes the same minutes. */
  readonly closing?: Closing;
  /** Head of the session's hash-chained event log. */
  readonly eventSeq: number;
  readonly lastHash: string;
  /**
   * The session holds a "in an open session" mark on each of its dossiers until it closes. Sessions opened
   * before the marks existed have none, and their close removes none.
   */
  readonly holdsDossiers?: boolean;
}

export type { SessionState };

export interface Closing {
  readonly at: string;
  readonly by: string;
  /** The closer's name as the minutes print it. */
  readonly byName: string;
  /** The close request that is finishing the job, and when it must have ended (epoch ms). */
  readonly lease: string;
  readonly leaseUntil: number;
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
/** The mark that a dossier is on a session that has not closed: at most one per dossier, so one such session. */
const openSessionMarkKey = (dossierId: string) => ({ PK: `DOSSIER#${dossierId}`, SK: 'OPENSESSION' });

/**
 * Sessions are listed from two index partitions of their META items, newest meeting first: all sessions on
 * GSI1, and the sessions of one state on GSI2 (moved as the state changes). A province holds a few sessions a
 * year, so one partition each stays small; the meeting date leads the sort key, so a year is a key prefix.
 */
const ALL_SESSIONS = 'COUNCIL_SESSIONS';
const sessionsInState = (state: SessionState) => `COUNCIL_SESSIONS#${state}`;
const sessionIndexKeys = (s: Pick<CouncilSession, 'id' | 'date' | 'state'>) => ({
  GSI1PK: ALL_SESSIONS,
  GSI1SK: `${s.date}#${s.id}`,
  GSI2PK: sessionsInState(s.state),
  GSI2SK: `${s.date}#${s.id}`,
});
const eventKey = (id: string, seq: number) => ({ PK: `SESSION#${id}`, SK: `EVENT#${String(seq).padStart(8, '0')}` });

function nextEvent(
  session: Pick<CouncilSession, 'id' | 'eventSeq' | 'lastHash'>,
  actor: string,
  action: SessionEvent['action'],
  details: Record<string, unknown>,
  at = new Date().toISOString(),
): SessionEvent {
  const body = { sessionId: session.id, seq: session.eventSeq + 1, at, actor, action, details, prevHash: session.lastHash };
  return { ...body, hash: chainHash(session.lastHash, body) };
}

/**
 * Moves the session's chain head one event on, only if nobody else did in between and the session is still in
 * the state the change was decided in (open for ballots and recusals, closing for the close). The head pins the
 * whole snapshot: a ballot decided on a snapshot without a recusal commits only if no recusal came since.
 */
function advance(session: CouncilSession, event: SessionEvent, set = '', values: Record<string, unknown> = {}, state: SessionState = 'open') {
  return {
    Update: {
      TableName: table(),
      Key: sessionKey(session.id),
      UpdateExpression: `SET eventSeq = :seq, lastHash = :hash${set}`,
      ConditionExpression: '#s = :state AND eventSeq = :prev',
      ExpressionAttributeNames: { '#s': 'state', ...(set.includes('#d') ? { '#d': values[':dossierId'] as string } : {}), ...(set.includes('#c') ? { '#c': 'closing' } : {}) },
      ExpressionAttributeValues: { ':state': state, ':seq': event.seq, ':hash': event.hash, ':prev': session.eventSeq, ...Object.fromEntries(Object.entries(values).filter(([k]) => k !== ':dossierId')) },
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
  state: SessionState = 'open',
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const session = await getSession(sessionId);
    if (session.state !== state) throw sessionClosed();
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
    rosterId: session.rosterId,
    memberIds: session.memberIds,
    absentMemberIds: session.absentMemberIds,
    dossierIds: session.dossierIds,
    recusals: session.recusals,
  });
  const stored: CouncilSession = { ...session, eventSeq: opened.seq, lastHash: opened.hash, holdsDossiers: true };
  // The marks are written with the session, each only if the dossier has none: of two sessions opened at once
  // over the same dossier, one transaction commits and the other is cancelled whole.
  const marks = session.dossierIds.map((dossierId) => ({
    Put: { TableName: table(), Item: { ...openSessionMarkKey(dossierId), dossierId, sessionId: session.id }, ConditionExpression: 'attribute_not_exists(PK)' },
  }));
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: table(), Item: { ...sessionKey(session.id), ...sessionIndexKeys(stored), ...stored }, ConditionExpression: 'attribute_not_exists(PK)' } }, putEvent(opened), ...marks],
      }),
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const taken = (error.CancellationReasons ?? []).slice(2).flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [session.dossierIds[i] as string] : []));
    if (taken.length > 0) throw dossierInOpenSessionError(taken);
    throw error;
  }
  return stored;
}

export async function getSession(id: string): Promise<CouncilSession> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: sessionKey(id), ConsistentRead: true }));
  if (!out.Item) throw new NotFoundError({ field: 'sessionId', messages: { vi: `Không tìm thấy phiên họp ${id}`, en: `Council session ${id} not found` } });
  const { PK: _p, SK: _s, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, ...session } = out.Item;
  return session as CouncilSession;
}

/** What the session list shows of a session: never ballots, participations or the close's bookkeeping. */
export type SessionSummary = Pick<CouncilSession, 'id' | 'title' | 'date' | 'state' | 'memberIds' | 'dossierIds' | 'createdAt' | 'closedAt'>;

export interface SessionListQuery {
  readonly state?: SessionState;
  readonly year?: number;
  /** Only the sessions this member sits on. */
  readonly memberId?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * One page of sessions, newest meeting first, and the cursor of the next page if there may be one. Pages are
 * read until `limit` sessions match (the member filter may skip some), so a page is short only at the end.
 */
export async function listSessions(query: SessionListQuery): Promise<{ sessions: SessionSummary[]; next?: string }> {
  const index = query.state ? { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK', value: sessionsInState(query.state) } : { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', value: ALL_SESSIONS };
  const { items, next } = await queryPage(
    {
      TableName: table(),
      IndexName: index.name,
      KeyConditionExpression: query.year ? '#pk = :pk AND begins_with(#sk, :year)' : '#pk = :pk',
      ...(query.memberId ? { FilterExpression: 'contains(memberIds, :me)' } : {}),
      ProjectionExpression: 'PK, SK, #pk, #sk, id, title, #date, #state, memberIds, dossierIds, createdAt, closedAt',
      ExpressionAttributeNames: { '#pk': index.pk, '#sk': index.sk, '#date': 'date', '#state': 'state' },
      ExpressionAttributeValues: { ':pk': index.value, ...(query.year ? { ':year': `${query.year}-` } : {}), ...(query.memberId ? { ':me': query.memberId } : {}) },
      ScanIndexForward: false,
    },
    query.limit,
    query.cursor ? decodeCursor(query.cursor, index) : undefined,
    ['PK', 'SK', index.pk, index.sk],
  );
  const sessions = items.map((i) => {
    const { PK: _p, SK: _s, [index.pk]: _a, [index.sk]: _b, ...summary } = i;
    return summary as unknown as SessionSummary;
  });
  return next ? { sessions, next } : { sessions };
}

/** A cursor is only ever a key this list handed out, of the partition now asked for. */
const decodeCursor = (cursor: string, index: { pk: string; sk: string; value: string }) =>
  decodePageCursor(cursor, ['PK', 'SK', index.pk, index.sk], (k) => String(k.PK).startsWith('SESSION#') && k.SK === 'META' && k[index.pk] === index.value);

/**
 * Secret ballot by construction: one transaction writes the participation (member + dossier, refused if it
 * exists), the session's chained event (who took part, never the choice) and, in the ballots table, a ballot
 * holding only the choice under a random id — no member id, no timestamp. The participation and its event are
 * dated to the day, not timed, so nothing stored says at what moment a member voted. The recusal check is made
 * on the very snapshot the transaction's chain-head condition pins.
 */
export async function castBallot(sessionId: string, dossierId: string, memberId: string, choices: Readonly<Record<string, string>>): Promise<void> {
  await chained(
    sessionId,
    (session) => {
      if (isRecused(session, dossierId, memberId)) throw recusedError();
      const event = nextEvent(session, memberId, 'ballotCast', { dossierId, memberId }, localDate(new Date()));
      return [
        advance(session, event),
        { Put: { TableName: table(), Item: { PK: `SESSION#${sessionId}`, SK: `VOTED#${dossierId}#${memberId}`, dossierId, memberId }, ConditionExpression: 'attribute_not_exists(PK)' } },
        putEvent(event),
        { Put: { TableName: ballotsTable(), Item: { PK: `SESSION#${sessionId}#${dossierId}`, SK: randomUUID(), choices } } },
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

/** One dossier's papers, unlinkable to members; read only by the tally. A paper stored before nominees were voted on one by one holds one `choice`. */
export async function listBallotChoices(sessionId: string, dossierId: string): Promise<BallotPaper[]> {
  const ballots = await queryAll({
    TableName: ballotsTable(),
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}#${dossierId}` },
    ConsistentRead: true,
  });
  return ballots.map((i) => (i.choices ? { choices: i.choices as Record<string, string> } : String(i.choice)));
}

/** A member steps aside from one dossier: only while the session is open, once, and before voting on it. */
export async function addRecusal(sessionId: string, dossierId: string, recusal: Recusal): Promise<void> {
  await chained(
    sessionId,
    (session) => {
      if (isRecused(session, dossierId, recusal.memberId)) throw alreadyRecusedError();
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

/**
 * open → closing: from this write on no ballot or recusal can commit (their transactions require an open
 * session), so the ballots form a closed set. False when the session was no longer open.
 */
export async function beginClose(sessionId: string, closing: Closing): Promise<boolean> {
  return conditionalUpdate(sessionId, 'SET #s = :closing, #c = :c, GSI2PK = :gk', '#s = :open', { ':closing': 'closing', ':c': closing, ':open': 'open', ':gk': sessionsInState('closing') });
}

/** A close whose closer's lease ran out is taken over by one request only. */
export async function takeOverClose(sessionId: string, previousLease: string, lease: string, leaseUntil: number): Promise<boolean> {
  return conditionalUpdate(sessionId, 'SET #c.lease = :l, #c.leaseUntil = :u', '#s = :closing AND #c.lease = :prev', {
    ':l': lease,
    ':u': leaseUntil,
    ':prev': previousLease,
    ':closing': 'closing',
  });
}

/** A closer that failed (and knows it) gives its lease up, so the next close request finishes at once. */
export async function releaseClose(sessionId: string, lease: string): Promise<void> {
  await conditionalUpdate(sessionId, 'SET #c.leaseUntil = :zero', '#s = :closing AND #c.lease = :l', { ':zero': 0, ':l': lease, ':closing': 'closing' });
}

async function conditionalUpdate(sessionId: string, update: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({ TableName: table(), Key: sessionKey(sessionId), UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeNames: { '#s': 'state', '#c': 'closing' }, ExpressionAttributeValues: values }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * closing → closed with its results, once, as of the time the close began; false when another closer of the
 * same closed set finished first (its results are the same).
 */
export async function closeSession(sessionId: string, closing: Pick<Closing, 'at' | 'by'>, results: Record<string, unknown>[], minutesKey: string): Promise<boolean> {
  try {
    await chained(
      sessionId,
      (session) => {
        const event = nextEvent(session, closing.by, 'closed', { minutesKey, results });
        const set = ', #s = :closed, GSI2PK = :gk, results = :r, closedAt = :at, closedBy = :by, minutesKey = :m REMOVE #c';
        // The session lets go of its dossiers in the same step that closes it.
        const releases = session.holdsDossiers
          ? session.dossierIds.map((dossierId) => ({
              Delete: { TableName: table(), Key: openSessionMarkKey(dossierId), ConditionExpression: 'sessionId = :id', ExpressionAttributeValues: { ':id': sessionId } },
            }))
          : [];
        return [
          advance(session, event, set, { ':closed': 'closed', ':gk': sessionsInState('closed'), ':r': results, ':at': closing.at, ':by': closing.by, ':m': minutesKey }, 'closing'),
          putEvent(event),
          ...releases,
        ];
      },
      () => undefined,
      'closing',
    );
    return true;
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'SESSION_CLOSED') return false;
    throw error;
  }
}

/**
 * Deletes a closed session's ballots: the counts are in its results, and a ballot kept after the tally is one
 * more thing to correlate with the participation written in the same transaction.
 */
export async function purgeBallots(sessionId: string, dossierIds: readonly string[]): Promise<void> {
  for (const dossierId of dossierIds) {
    const keys = (
      await queryAll({ TableName: ballotsTable(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}#${dossierId}` }, ProjectionExpression: 'PK, SK', ConsistentRead: true })
    ).map((i) => ({ PK: i.PK, SK: i.SK }));
    for (let i = 0; i < keys.length; i += 25) {
      let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** Math.min(attempt, 6)));
        const out = await documentClient.send(new BatchWriteCommand({ RequestItems: { [ballotsTable()]: requests } }));
        requests = (out.UnprocessedItems?.[ballotsTable()] ?? []) as typeof requests;
      }
    }
  }
}

/** The session's event log, in order, for verification. */
export async function listSessionEvents(sessionId: string): Promise<SessionEvent[]> {
  return (await querySession(sessionId, 'EVENT#')).map((i) => {
    const { PK: _p, SK: _s, ...event } = i;
    return event as unknown as SessionEvent;
  });
}
