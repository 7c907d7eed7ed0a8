import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localDate } from '#domain/calendar';
import { type BallotPaper, dossierInOpenSessionError, type Recusal, type SessionState } from '#domain/council';
import { planBallot, planClose, planOpening, planRecusal, type SessionEvent } from '#domain/council-session-chain';
import { ConflictError, NotFoundError } from '#domain/errors';
import { type CancellationCodes, type ChainedPlan, commitChained, commitPlan, type PlannedItem } from './chained-write.ts';
import { type ClosingRecord, CouncilSessionRecord, type DossierTallyRecord, SessionEventRecord, SessionSummaryRecord } from '#schemas/records';
import { requireEnv } from './config.ts';
import { decodePageCursor, documentClient, queryAll, queryPage } from './dynamo.ts';

const table = () => requireEnv('TABLE_NAME');
/**
 * Ballots are kept in their own table, with no stream and no point-in-time recovery (see
 * infra/constructs/storage.ts), and only until the tally: the close deletes them.
 */
const ballotsTable = () => requireEnv('BALLOTS_TABLE_NAME');

/** A council session, its close lease and its event log: records with schemas (shared/schemas/records.ts). */
export type CouncilSession = CouncilSessionRecord;
export type { SessionState };
export type Closing = ClosingRecord;
export type { SessionEvent };

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

/**
 * The session's head moved one event on, only if nobody else moved it in between and the session is still in
 * the state the step was planned in (open for ballots and recusals, closing for the close): the head pins the
 * whole snapshot, so a ballot planned on a snapshot without a recusal commits only if no recusal came since.
 */
function advance(session: CouncilSession, event: SessionEvent, state: SessionState, set = '', names: Record<string, string> = {}, values: Record<string, unknown> = {}): PlannedItem {
  return {
    Update: {
      Key: sessionKey(session.id),
      UpdateExpression: `SET eventSeq = :seq, lastHash = :hash${set}`,
      ConditionExpression: '#s = :state AND eventSeq = :prev',
      ExpressionAttributeNames: { '#s': 'state', ...names },
      ExpressionAttributeValues: { ':state': state, ':seq': event.seq, ':hash': event.hash, ':prev': session.eventSeq, ...values },
    },
  };
}

const putEvent = (event: SessionEvent): PlannedItem => ({ Put: { Item: { ...eventKey(event.sessionId, event.seq), ...event }, ConditionExpression: 'attribute_not_exists(PK)' } });

const busy = (cause: Error) => new ConflictError({ code: 'BUSY', messages: { vi: 'Hệ thống đang bận, vui lòng thử lại', en: 'Busy, please try again' }, cause });
const alreadyVoted = () => new ConflictError({ code: 'ALREADY_VOTED', field: 'dossierId', messages: { vi: 'Bạn đã bỏ phiếu cho hồ sơ này', en: 'You already voted on this dossier' } });

/**
 * A step of the session's chain (planned in council-session-chain.ts): on a lost race for the head (another
 * member voted at the same moment) it is planned again on the head DynamoDB hands back, so simultaneous ballots
 * all commit, one per round; only attempts running out is a 409 BUSY.
 */
function sessionStep(sessionId: string, plan: (session: CouncilSession) => ChainedPlan, refused?: (codes: CancellationCodes) => Error | undefined): Promise<void> {
  return commitChained<CouncilSession>({
    read: () => getSession(sessionId),
    plan,
    replan: { fromItem: (item) => (item.SK === 'META' ? toSession(item) : undefined) },
    ...(refused ? { refused: (codes: CancellationCodes) => refused(codes) } : {}),
    conflict: busy,
  });
}

export async function createSession(session: Omit<CouncilSession, 'eventSeq' | 'lastHash'>): Promise<CouncilSession> {
  const opened = planOpening(session, new Date().toISOString());
  const stored: CouncilSession = { ...session, eventSeq: opened.seq, lastHash: opened.hash, holdsDossiers: true };
  // The marks are written with the session, each only if the dossier has none: of two sessions opened at once
  // over the same dossier, one transaction commits and the other is cancelled whole.
  const marks = session.dossierIds.map((dossierId): PlannedItem => ({
    Put: { Item: { ...openSessionMarkKey(dossierId), dossierId, sessionId: session.id }, ConditionExpression: 'attribute_not_exists(PK)' },
  }));
  await commitPlan(
    { items: [{ Put: { Item: { ...sessionKey(session.id), ...sessionIndexKeys(stored), ...stored }, ConditionExpression: 'attribute_not_exists(PK)' } }, putEvent(opened), ...marks] },
    {
      refused: (codes) => {
        const taken = codes.slice(2).flatMap((code, i) => (code === 'ConditionalCheckFailed' ? [session.dossierIds[i] as string] : []));
        return taken.length > 0 ? dossierInOpenSessionError(taken) : undefined;
      },
      conflict: busy,
    },
  );
  return stored;
}

/** A session's META item as the record it was written as (its keys dropped). */
const toSession = (item: Record<string, unknown>): CouncilSession => CouncilSessionRecord.parse(item);

export async function getSession(id: string): Promise<CouncilSession> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: sessionKey(id), ConsistentRead: true }));
  if (!out.Item) throw new NotFoundError({ field: 'sessionId', messages: { vi: `Không tìm thấy phiên họp ${id}`, en: `Council session ${id} not found` } });
  return toSession(out.Item);
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
  const sessions = items.map((i) => SessionSummaryRecord.parse(i));
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
  const today = localDate(new Date());
  await sessionStep(
    sessionId,
    (session) => {
      const event = planBallot(session, dossierId, memberId, today);
      return {
        items: [
          advance(session, event, 'open'),
          { Put: { Item: { PK: `SESSION#${sessionId}`, SK: `VOTED#${dossierId}#${memberId}`, dossierId, memberId }, ConditionExpression: 'attribute_not_exists(PK)' } },
          putEvent(event),
          { Put: { TableName: ballotsTable(), Item: { PK: `SESSION#${sessionId}#${dossierId}`, SK: randomUUID(), choices } } },
        ],
      };
    },
    (codes) => (codes[1] === 'ConditionalCheckFailed' ? alreadyVoted() : undefined),
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
  await sessionStep(
    sessionId,
    (session) => {
      const event = planRecusal(session, dossierId, recusal, new Date().toISOString());
      return {
        items: [
          advance(session, event, 'open', ', recusals.#d = list_append(recusals.#d, :r)', { '#d': dossierId }, { ':r': [recusal] }),
          { ConditionCheck: { Key: { PK: `SESSION#${sessionId}`, SK: `VOTED#${dossierId}#${recusal.memberId}` }, ConditionExpression: 'attribute_not_exists(PK)' } },
          putEvent(event),
        ],
      };
    },
    (codes) => (codes[1] === 'ConditionalCheckFailed' ? alreadyVoted() : undefined),
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
export async function closeSession(sessionId: string, closing: Pick<Closing, 'at' | 'by'>, results: DossierTallyRecord[], minutesKey: string): Promise<boolean> {
  try {
    await sessionStep(sessionId, (session) => {
      const event = planClose(session, closing.by, results, minutesKey, new Date().toISOString());
      const set = ', #s = :closed, GSI2PK = :gk, results = :r, closedAt = :at, closedBy = :by, minutesKey = :m REMOVE #c';
      // The session lets go of its dossiers in the same step that closes it.
      const releases = session.holdsDossiers
        ? session.dossierIds.map((dossierId): PlannedItem => ({ Delete: { Key: openSessionMarkKey(dossierId), ConditionExpression: 'sessionId = :id', ExpressionAttributeValues: { ':id': sessionId } } }))
        : [];
      return {
        items: [
          advance(session, event, 'closing', set, { '#c': 'closing' }, { ':closed': 'closed', ':gk': sessionsInState('closed'), ':r': results, ':at': closing.at, ':by': closing.by, ':m': minutesKey }),
          putEvent(event),
          ...releases,
        ],
      };
    });
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
  return (await querySession(sessionId, 'EVENT#')).map((i) => SessionEventRecord.parse(i));
}
