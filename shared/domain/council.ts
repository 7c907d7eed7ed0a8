import type { DossierRecord, DossierTallyRecord, NomineeTallyRecord, RecusalRecord } from '#schemas/records';
import type { CouncilRule } from './catalogue.ts';
import { ConflictError, ValidationError } from './errors.ts';
import { inPlay } from './nominee-outcomes.ts';
import { defaultSources } from './regulation.ts';
import { type BallotChoice, quorumMet, quorumNeeded, tallyDossier } from './vote.ts';

/** A dossier's vote rule: from its regulation snapshot (regulation.ts councilRuleOf). */
export type RuleOf = (dossier: TalliedDossier) => CouncilRule & { readonly recusedLeaveBase?: boolean };
export type TalliedDossier = Pick<DossierRecord, 'id' | 'awardCode'> & Partial<Pick<DossierRecord, 'nominees' | 'rules'>>;

/**
 * One member's paper for one dossier: a choice for each nominee in play (`choices`, by nominee index), or, as
 * papers were before nominees were voted on one by one, one `choice` for the whole dossier.
 */
export type BallotPaper = string | { readonly choice?: string; readonly choices?: Readonly<Record<string, string>> };

/** One nominee's count against its form's threshold and base (the stored record's shape). */
export type NomineeTally = NomineeTallyRecord;

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

export type Recusal = RecusalRecord;

export interface SessionShape {
  readonly memberIds: readonly string[];
  readonly dossierIds: readonly string[];
  /** Per dossier, the members who may not vote on it (conflict of interest). */
  readonly recusals?: Readonly<Record<string, readonly Recusal[]>>;
  /** Members the secretary marked absent: on the base; their written opinions count as ballots, not as presence. */
  readonly absentMemberIds?: readonly string[];
}

/**
 * Who attended: members who took part, less those marked absent (who took part only by a written opinion,
 * docs/domain.md §5: it counts as a ballot, but does not make the quorum).
 */
export function presentMembers(session: SessionShape, participations: readonly { memberId: string }[]): Set<string> {
  const absent = new Set(session.absentMemberIds ?? []);
  return new Set(participations.map((p) => p.memberId).filter((m) => !absent.has(m)));
}

/** Members marked absent who sent their opinion in writing. */
export function writtenOpinions(session: SessionShape, participations: readonly { memberId: string }[]): Set<string> {
  const absent = new Set(session.absentMemberIds ?? []);
  return new Set(participations.map((p) => p.memberId).filter((m) => absent.has(m)));
}

/** A dossier's result at the close, as the session keeps it (shared/schemas/records.ts). */
export type DossierTally = DossierTallyRecord;

const personName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

/**
 * Members with a conflict on a dossier, recused automatically: those of the submitting unit, and those who
 * are themselves among its nominees (docs/domain.md §2).
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

/**
 * The paper as stored: one choice per nominee in play, by index. A single `choice` is accepted for a dossier with
 * one nominee in play; otherwise the paper must name each nominee in play once, and only those.
 */
export function paperFor(nominees: DossierRecord['nominees'], input: { choice?: string; choices?: readonly { nomineeIndex: number; choice: string }[] }): Record<string, string> {
  const open = nominees.length ? inPlay(nominees) : [0];
  if ((input.choice === undefined) === (input.choices === undefined)) {
    throw new ValidationError({ field: 'choice', messages: { vi: 'Hãy chọn một phương án biểu quyết (đồng ý, không đồng ý, không biểu quyết)', en: 'Choose one option (agree, disagree, abstain)' } });
  }
  if (input.choice !== undefined) {
    if (open.length !== 1) {
      throw new ValidationError({ field: 'choices', messages: { vi: `Hồ sơ có ${open.length} người được đề nghị: hãy bỏ phiếu cho từng người`, en: `The dossier has ${open.length} nominees: vote on each of them` } });
    }
    return { [String(open[0])]: input.choice };
  }
  const given = (input.choices ?? []).map((c) => c.nomineeIndex);
  const sameSet = given.length === open.length && new Set(given).size === given.length && given.every((i) => open.includes(i));
  if (!sameSet) {
    throw new ValidationError({
      field: 'choices',
      messages: { vi: 'Phiếu phải có đúng một lựa chọn cho mỗi người được đề nghị đang được xét', en: 'The paper must hold exactly one choice for each nominee being voted on' },
    });
  }
  return Object.fromEntries((input.choices ?? []).map((c) => [String(c.nomineeIndex), c.choice]));
}

export function isRecused(session: Pick<SessionShape, 'recusals'>, dossierId: string, memberId: string): boolean {
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

/** Refuses a session without quorum: present = members who took part, against the strictest rule on it. */
export function assertQuorum(session: SessionShape, participations: readonly { memberId: string }[], ruleOf: RuleOf, dossiers: readonly TalliedDossier[]): void {
  const present = presentMembers(session, participations).size;
  const total = session.memberIds.length;
  const strictest = Math.max(...dossiers.map((d) => ruleOf(d).quorum));
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

const choiceOf = (paper: BallotPaper, nomineeIndex: number): string => (typeof paper === 'string' ? paper : (paper.choices?.[String(nomineeIndex)] ?? paper.choice ?? 'abstain'));

/**
 * Tallies a council session (docs/domain.md §5), nominee by nominee. Present = members who took part in the session; the
 * session is refused without quorum. Each dossier applies its own rules (its regulation snapshot): threshold and
 * base; recused members leave the base only where the province's regulation says so (off by default).
 */
export function tallySession(
  session: SessionShape,
  participations: readonly { dossierId: string; memberId: string }[],
  papersByDossier: Readonly<Record<string, readonly BallotPaper[]>>,
  ruleOf: RuleOf,
  dossiers: readonly TalliedDossier[],
): DossierTally[] {
  assertQuorum(session, participations, ruleOf, dossiers);
  const attending = presentMembers(session, participations);
  const present = attending.size;
  const total = session.memberIds.length;
  return dossiers.map((d) => {
    const rule = ruleOf(d);
    const papers = papersByDossier[d.id] ?? [];
    const recused = (session.recusals?.[d.id] ?? []).map((r) => r.memberId);
    const presentRecused = recused.filter((m) => attending.has(m)).length;
    const leave = rule.recusedLeaveBase === true;
    const voters = participations.filter((p) => p.dossierId === d.id).length;
    const flagged = voters !== papers.length;
    const open = d.nominees?.length ? inPlay(d.nominees) : [0];
    const nominees = open.map((nomineeIndex): NomineeTally => {
      const result = tallyDossier({
        choices: papers.map((p) => choiceOf(p, nomineeIndex)) as BallotChoice[],
        membersTotal: total - (leave ? recused.length : 0),
        membersPresent: present - (leave ? presentRecused : 0),
        rule,
      });
      return { nomineeIndex, name: d.nominees?.[nomineeIndex]?.name ?? '', ...result, passed: result.passed && !flagged };
    });
    const first = nominees[0]!;
    return {
      dossierId: d.id,
      passed: nominees.some((n) => n.passed),
      counts: { agree: first.agree, disagree: first.disagree, abstain: first.abstain, ballots: papers.length, participations: voters, recused: recused.length, base: first.base, needed: first.needed },
      threshold: rule.threshold,
      denominator: rule.denominator,
      source: d.rules && d.rules.regulationVersion > 0 ? `Quy chế thi đua, khen thưởng của tỉnh có hiệu lực từ ${d.rules.regulationFrom}` : (defaultSources[d.awardCode as keyof typeof defaultSources] ?? ''),
      flagged,
      nominees,
    };
  });
}
