import type { DossierRecord } from '#schemas/records';
import type { CatalogueForm } from './catalogue.ts';
import { awardSources } from './catalogue-texts.ts';
import { ConflictError } from './errors.ts';
import { type BallotChoice, quorumMet, quorumNeeded, tallyDossier } from './vote.ts';

/** A session is open (voting), closing (voting stopped, the tally running) or closed (results kept). */
export const sessionStates = ['open', 'closing', 'closed'] as const;
export type SessionState = (typeof sessionStates)[number];

/**
 * Opening a session writes, in one DynamoDB transaction (at most 100 items), its record, its first event and
 * one "in an open session" mark per dossier; the close removes the marks in one transaction too.
 */
export const maxDossiersPerSession = 98;

/** A dossier is in one open (or closing) session at a time. */
export const dossierInOpenSessionError = (dossierIds: readonly string[]) =>
  new ConflictError({
    code: 'DOSSIER_IN_OPEN_SESSION',
    field: 'dossierIds',
    messages: {
      vi: `Hồ sơ đang được xét ở một phiên họp chưa kết thúc: ${dossierIds.join(', ')}`,
      en: `Dossiers already on a session that has not closed: ${dossierIds.join(', ')}`,
    },
  });

export interface Recusal {
  readonly memberId: string;
  readonly reason: string;
  /** Set by the system (the member's own unit submitted the dossier), not declared by the member. */
  readonly automatic: boolean;
}

export interface SessionShape {
  readonly memberIds: readonly string[];
  readonly dossierIds: readonly string[];
  /** Per dossier, the members who may not vote on it (conflict of interest). */
  readonly recusals?: Readonly<Record<string, readonly Recusal[]>>;
}

export interface DossierTally {
  readonly dossierId: string;
  readonly passed: boolean;
  readonly counts: {
    agree: number;
    disagree: number;
    abstain: number;
    ballots: number;
    participations: number;
    recused: number;
    base: number;
    needed: number;
  };
  readonly threshold: number;
  readonly denominator: 'members' | 'present';
  readonly source: string;
  /** Ballots and participations disagree: the session is flagged for review, not silently trusted. */
  readonly flagged: boolean;
}

const personName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

/**
 * Members with a conflict on a dossier, recused automatically: those of the submitting unit, and those who
 * are themselves among its nominees (DOMAIN §2).
 */
export function automaticRecusals(
  members: { units?: Readonly<Record<string, string>>; names?: Readonly<Record<string, string>> },
  memberIds: readonly string[],
  dossier: Pick<DossierRecord, 'unitId' | 'nominees'>,
): Recusal[] {
  const nominees = new Set(dossier.nominees.map((n) => personName(n.name)));
  return memberIds.flatMap((memberId): Recusal[] => {
    if (members.units?.[memberId] === dossier.unitId) {
      return [{ memberId, automatic: true, reason: 'Thành viên thuộc đơn vị trình hồ sơ / member of the submitting unit' }];
    }
    const name = members.names?.[memberId];
    if (name && nominees.has(personName(name))) {
      return [{ memberId, automatic: true, reason: 'Thành viên là người được đề nghị khen thưởng / the member is a nominee' }];
    }
    return [];
  });
}

export function isRecused(session: SessionShape, dossierId: string, memberId: string): boolean {
  return (session.recusals?.[dossierId] ?? []).some((r) => r.memberId === memberId);
}

export const recusedError = () =>
  new ConflictError({
    code: 'RECUSED',
    field: 'dossierId',
    messages: { vi: 'Bạn không tham gia biểu quyết hồ sơ này (xung đột lợi ích)', en: 'You are recused from this dossier (conflict of interest)' },
  });

export const alreadyRecusedError = () =>
  new ConflictError({ code: 'ALREADY_RECUSED', field: 'dossierId', messages: { vi: 'Bạn đã không tham gia biểu quyết hồ sơ này', en: 'You are already recused from this dossier' } });

export const closeInProgressError = () =>
  new ConflictError({
    code: 'CLOSE_IN_PROGRESS',
    field: 'sessionId',
    messages: { vi: 'Phiên họp đang được kết thúc và kiểm phiếu, vui lòng thử lại sau ít phút', en: 'The session is being closed and tallied; try again in a minute' },
  });

/**
 * What a close request does with the session as it finds it. Closing is two steps: open → closing stops the
 * voting (every ballot and recusal requires an open session), then the tally of what is now a closed set.
 * A closer holds a lease that ends when its function must have ended; a close that finds the session closing
 * waits for that lease (`busy`) or, once it has run out (the closer crashed or gave up), finishes the job.
 */
export type CloseStep = 'begin' | 'busy' | 'resume' | 'done';
export function closeStep(session: { state: string; closing?: { leaseUntil: number } }, nowMs: number): CloseStep {
  if (session.state === 'open') return 'begin';
  if (session.state === 'closing') return (session.closing?.leaseUntil ?? 0) > nowMs ? 'busy' : 'resume';
  return 'done';
}

/** Refuses a session without quorum: present = members who took part, against the strictest form on it. */
export function assertQuorum(
  session: SessionShape,
  participations: readonly { memberId: string }[],
  formOf: (awardCode: string) => CatalogueForm,
  dossiers: readonly Pick<DossierRecord, 'awardCode'>[],
): void {
  const present = new Set(participations.map((p) => p.memberId)).size;
  const total = session.memberIds.length;
  const strictest = Math.max(...dossiers.map((d) => formOf(d.awardCode).council.quorum));
  if (!quorumMet(present, total, strictest)) {
    throw new ConflictError({
      code: 'NO_QUORUM',
      field: 'sessionId',
      messages: {
        vi: `Phiên họp chưa đủ số thành viên tham dự: ${present}/${total}, cần ít nhất ${quorumNeeded(total, strictest)}`,
        en: `The session lacks a quorum: ${present}/${total} members took part, at least ${quorumNeeded(total, strictest)} needed`,
      },
    });
  }
}

/**
 * Tallies a council session (DOMAIN §5). Present = members who took part in the session; the session is
 * refused without quorum. Each dossier applies its own award form's threshold and denominator; recused
 * members leave that dossier's base.
 */
export function tallySession(
  session: SessionShape,
  participations: readonly { dossierId: string; memberId: string }[],
  choicesByDossier: Readonly<Record<string, readonly string[]>>,
  formOf: (awardCode: string) => CatalogueForm,
  dossiers: readonly Pick<DossierRecord, 'id' | 'awardCode'>[],
): DossierTally[] {
  assertQuorum(session, participations, formOf, dossiers);
  const presentMembers = new Set(participations.map((p) => p.memberId));
  const present = presentMembers.size;
  const total = session.memberIds.length;
  return dossiers.map((d) => {
    const form = formOf(d.awardCode);
    const choices = (choicesByDossier[d.id] ?? []) as BallotChoice[];
    const recused = (session.recusals?.[d.id] ?? []).map((r) => r.memberId);
    const presentRecused = recused.filter((m) => presentMembers.has(m)).length;
    const result = tallyDossier({
      choices,
      membersTotal: total - recused.length,
      membersPresent: present - presentRecused,
      rule: form.council,
    });
    const voters = participations.filter((p) => p.dossierId === d.id).length;
    const flagged = voters !== choices.length;
    return {
      dossierId: d.id,
      passed: result.passed && !flagged,
      counts: {
        agree: result.agree,
        disagree: result.disagree,
        abstain: result.abstain,
        ballots: choices.length,
        participations: voters,
        recused: recused.length,
        base: result.base,
        needed: result.needed,
      },
      threshold: form.council.threshold,
      denominator: form.council.denominator,
      source: awardSources[form.code].council.source,
      flagged,
    };
  });
}
