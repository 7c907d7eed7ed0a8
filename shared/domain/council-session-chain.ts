/**
 * A council session's hash-chained event log, planned here and stored by the adapter (council-repository.ts)
 * through the one chained write (chained-write.ts): each step checks the session may take it on the snapshot
 * it was read at and returns the next event; the adapter commits it only if the chain head has not moved.
 */
import { chainHash, GENESIS_HASH } from './audit.ts';
import { alreadyRecusedError, type DossierTally, isRecused, type Recusal, recusedError, type SessionState } from './council.ts';
import { ConflictError } from './errors.ts';
import type { SessionEventRecord } from '#schemas/records';

/** One link of the log: the stored record's type, inferred from its schema (council-records.ts). */
export type SessionEvent = SessionEventRecord;

/** What a step needs of the session: its chain head, its state and its recusals. */
export interface SessionHead {
  readonly id: string;
  readonly eventSeq: number;
  readonly lastHash: string;
  readonly state: SessionState;
  readonly recusals?: Readonly<Record<string, readonly Recusal[]>>;
}

export const sessionClosedError = () => new ConflictError({ code: 'SESSION_CLOSED', field: 'sessionId', messages: { vi: 'Phiên họp đã kết thúc', en: 'The session is closed' } });

export function nextSessionEvent(head: Pick<SessionHead, 'id' | 'eventSeq' | 'lastHash'>, actor: string, action: SessionEvent['action'], details: Record<string, unknown>, at: string): SessionEvent {
  const body = { sessionId: head.id, seq: head.eventSeq + 1, at, actor, action, details, prevHash: head.lastHash };
  return { ...body, hash: chainHash(head.lastHash, body) };
}

/** The first link: who opened the session on which electorate and dossiers. */
export function planOpening(
  session: { id: string; createdBy: string; rosterId?: string | undefined; memberIds: readonly string[]; absentMemberIds?: readonly string[] | undefined; dossierIds: readonly string[]; recusals: Readonly<Record<string, readonly Recusal[]>> },
  at: string,
): SessionEvent {
  const { id, createdBy, rosterId, memberIds, absentMemberIds, dossierIds, recusals } = session;
  return nextSessionEvent({ id, eventSeq: 0, lastHash: GENESIS_HASH }, createdBy, 'opened', { rosterId, memberIds, absentMemberIds, dossierIds, recusals }, at);
}

function mustBe(session: SessionHead, state: SessionState): void {
  if (session.state !== state) throw sessionClosedError();
}

/**
 * A ballot's event names who took part, never the choice, and is dated to the day (`today`), not timed. The
 * recusal check is made on the very snapshot whose head the write is conditioned on.
 */
export function planBallot(session: SessionHead, dossierId: string, memberId: string, today: string): SessionEvent {
  mustBe(session, 'open');
  if (isRecused(session, dossierId, memberId)) throw recusedError();
  return nextSessionEvent(session, memberId, 'ballotCast', { dossierId, memberId }, today);
}

/** A member steps aside from one dossier: only while the session is open, and once. */
export function planRecusal(session: SessionHead, dossierId: string, recusal: Recusal, at: string): SessionEvent {
  mustBe(session, 'open');
  if (isRecused(session, dossierId, recusal.memberId)) throw alreadyRecusedError();
  return nextSessionEvent(session, recusal.memberId, 'recusalDeclared', { dossierId, ...recusal }, at);
}

/** The last link, written by the close of a session whose voting has stopped (closing). */
export function planClose(session: SessionHead, by: string, results: readonly DossierTally[], minutesKey: string, at: string): SessionEvent {
  mustBe(session, 'closing');
  return nextSessionEvent(session, by, 'closed', { minutesKey, results }, at);
}
