/**
 * Nominees are the unit of outcome (issue 24 item 1): a year-end proposal names many people and collectives, and
 * each is appraised, voted on and decided on its own. Each nominee carries its own path — the appraisal's finding,
 * the council's tally, and its outcome (awarded / not awarded, at which step, why) — and the dossier closes when
 * every nominee has one. Pure: the handlers store what these functions return with the dossier's change.
 */
import type { DossierRecord } from '#schemas/records';
import { ValidationError } from './errors.ts';

type Nominee = DossierRecord['nominees'][number];
export type NomineeStage = 'appraisal' | 'council' | 'decision' | 'central';
export type Overall = 'allAwarded' | 'partlyAwarded' | 'noneAwarded' | 'allRevoked';

export const overallNames: Record<Overall, { vi: string; en: string }> = {
  allAwarded: { vi: 'Khen thưởng toàn bộ', en: 'All awarded' },
  partlyAwarded: { vi: 'Khen thưởng một phần', en: 'Partly awarded' },
  noneAwarded: { vi: 'Không khen thưởng', en: 'None awarded' },
  allRevoked: { vi: 'Đã hủy bỏ khen thưởng', en: 'Awards revoked' },
};

/** One nominee refused at a step, with the reason the unit is told. */
export interface NomineeRefusal {
  readonly nomineeIndex: number;
  readonly reason: string;
}

/** Still in play: no outcome yet (a nominee refused at appraisal is not voted on, nor put to the chair). */
export function inPlay(nominees: readonly Nominee[]): number[] {
  return nominees.flatMap((n, i) => (n.outcome ? [] : [i]));
}

/**
 * Checks a list of refusals against the nominees in play: each index names a nominee still in play, once.
 * `field` names the list in the 400 (e.g. `ineligibleNominees`).
 */
export function assertRefusals(nominees: readonly Nominee[], refusals: readonly NomineeRefusal[], field: string): void {
  const open = new Set(inPlay(nominees));
  const seen = new Set<number>();
  refusals.forEach((r, i) => {
    if (!open.has(r.nomineeIndex) || seen.has(r.nomineeIndex)) {
      throw new ValidationError({
        field: `${field}.${i}.nomineeIndex`,
        messages: {
          vi: `Người được đề nghị số ${r.nomineeIndex + 1} không có trong hồ sơ, đã có kết quả, hoặc bị nêu hai lần`,
          en: `Nominee ${r.nomineeIndex + 1} is not in the dossier, already has an outcome, or is listed twice`,
        },
      });
    }
    seen.add(r.nomineeIndex);
  });
}

/** Nominees with these refused at `stage`, each with its reason. */
export function refuse(nominees: readonly Nominee[], refusals: readonly NomineeRefusal[], stage: NomineeStage): Nominee[] {
  const byIndex = new Map(refusals.map((r) => [r.nomineeIndex, r.reason]));
  return nominees.map((n, i) => (byIndex.has(i) ? { ...n, outcome: 'notAwarded', outcomeStage: stage, outcomeReason: byIndex.get(i)! } : n));
}

/** Every nominee still in play refused at `stage` for one reason (the whole dossier found ineligible, rejected). */
export function refuseAll(nominees: readonly Nominee[], reason: string, stage: NomineeStage): Nominee[] {
  return refuse(nominees, inPlay(nominees).map((nomineeIndex) => ({ nomineeIndex, reason })), stage);
}

/** The chair's approval: every nominee still in play is awarded. */
export function awardInPlay(nominees: readonly Nominee[]): Nominee[] {
  return nominees.map((n) => (n.outcome ? n : { ...n, outcome: 'awarded', outcomeStage: 'decision' }));
}

/**
 * Who was awarded. A dossier stored before nominees had outcomes was decided whole: all of its nominees if it
 * was awarded, none otherwise.
 */
export function awardedNominees(dossier: Pick<DossierRecord, 'status' | 'nominees'>): { nominee: Nominee; nomineeIndex: number }[] {
  const all = dossier.nominees.map((nominee, nomineeIndex) => ({ nominee, nomineeIndex }));
  if (dossier.nominees.some((n) => n.outcome)) return all.filter(({ nominee }) => nominee.outcome === 'awarded');
  return dossier.status === 'Awarded' ? all : [];
}

/** What happened overall, once the dossier has closed with outcomes (Returned and Withdrawn dossiers have none). */
export function overallOf(dossier: Pick<DossierRecord, 'status' | 'nominees'>): Overall | undefined {
  if (dossier.status !== 'Awarded' && dossier.status !== 'NotApproved') return undefined;
  const awarded = awardedNominees(dossier).length;
  // Every award of the decision revoked (revocation.ts): not the same as a decision that awarded nobody.
  if (awarded === 0 && dossier.nominees.some((n) => n.outcome === 'revoked')) return 'allRevoked';
  return awarded === 0 ? 'noneAwarded' : awarded === dossier.nominees.length ? 'allAwarded' : 'partlyAwarded';
}

/**
 * The council's result, nominee by nominee: each keeps its count; one that fell short is not awarded, at the
 * council, with its count as the reason the unit reads.
 */
export function withCouncilOutcomes(
  nominees: readonly Nominee[],
  result: { readonly flagged: boolean; readonly nominees?: readonly { nomineeIndex: number; agree: number; disagree: number; abstain: number; base: number; needed: number; passed: boolean }[] },
): Nominee[] {
  const byIndex = new Map((result.nominees ?? []).map((t) => [t.nomineeIndex, t]));
  return nominees.map((n, i) => {
    const t = byIndex.get(i);
    if (!t || n.outcome) return n;
    const tally = { agree: t.agree, disagree: t.disagree, abstain: t.abstain, base: t.base, needed: t.needed, passed: t.passed };
    if (t.passed) return { ...n, tally };
    const reason = result.flagged
      ? 'Số phiếu khác số lượt bỏ phiếu, kết quả phải được xem xét lại'
      : `Không đạt tỷ lệ phiếu đồng ý của Hội đồng: ${t.agree}/${t.base} (cần ${t.needed})`;
    return { ...n, tally, outcome: 'notAwarded', outcomeStage: 'council', outcomeReason: reason };
  });
}

/** The central level's answer for one nominee of a proposal forwarded upward (docs/domain.md §3). */
export interface CentralAnswer {
  readonly nomineeIndex: number;
  readonly awarded: boolean;
  readonly reason?: string | undefined;
  readonly decision: { readonly number: string; readonly date: string; readonly issuingBody: string; readonly recordedAt: string; readonly recordedBy: string };
}

/**
 * The nominees with one central answer recorded: the nominee must still await it (in play), once. Not awarded
 * needs the reason the unit is told.
 */
export function withCentralAnswer(nominees: readonly Nominee[], answer: CentralAnswer): Nominee[] {
  if (!inPlay(nominees).includes(answer.nomineeIndex)) {
    throw new ValidationError({
      field: 'nomineeIndex',
      messages: {
        vi: `Người được đề nghị số ${answer.nomineeIndex + 1} không có trong tờ trình hoặc đã có kết quả của cấp trên`,
        en: `Nominee ${answer.nomineeIndex + 1} is not in the proposal or already has the central answer`,
      },
    });
  }
  if (!answer.awarded && !answer.reason) {
    throw new ValidationError({ field: 'reason', messages: { vi: 'Vui lòng ghi lý do không được khen thưởng', en: 'Give the reason it was not awarded' } });
  }
  return nominees.map((n, i) =>
    i !== answer.nomineeIndex
      ? n
      : { ...n, outcome: answer.awarded ? 'awarded' : 'notAwarded', outcomeStage: 'central', centralDecision: answer.decision, ...(answer.awarded ? {} : { outcomeReason: answer.reason! }) },
  );
}

/** Once no nominee awaits the central answer, the event that closes the dossier; before that, none. */
export function centralConclusion(nominees: readonly Nominee[]): 'concludeAwarded' | 'concludeNotApproved' | undefined {
  if (inPlay(nominees).length > 0) return undefined;
  return nominees.some((n) => n.outcome === 'awarded') ? 'concludeAwarded' : 'concludeNotApproved';
}
