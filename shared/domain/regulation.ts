/**
 * The province's regulation (Quy chế thi đua, khen thưởng) as versioned data (issue 24 item 3): per award form,
 * whether the council votes and how, the threshold and its base, the documents and deadlines; for the council,
 * the quorum of award sessions and whether recused members leave the base. Each version takes effect from a
 * date; a dossier keeps the rules in force on the day it was submitted (a snapshot on the dossier), so a change
 * effective tomorrow changes nothing for a dossier submitted today. Pure.
 *
 * Defaults, for a province that has set none, come from docs/domain.md with their sources (`defaultSources`).
 */
import type { FormRuleInput, RegulationInput } from '#schemas/input/regulation';
import { type AwardCode, awardForms, type CouncilRule } from './catalogue.ts';
import { ConflictError, ValidationError } from './errors.ts';

export type FormRule = FormRuleInput;
export interface Regulation extends Omit<RegulationInput, 'reason'> {
  readonly effectiveFrom: string;
  /** Version of this effective date's text: a version not yet in force may be replaced, each replacement audited. */
  readonly version: number;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

/** What a dossier keeps of the regulation at submission: its own form's rules and the council settings. */
export interface DossierRules {
  readonly regulationFrom: string;
  readonly regulationVersion: number;
  readonly form: FormRule;
  readonly awardSessionQuorum: number;
  readonly recusedLeaveBase: boolean;
  readonly returnAfterMissedSupplement: boolean;
}

/**
 * The national law in force (docs/domain.md: Decree 152/2025 of 14/06/2025 replaced Decree 98/2023 on 01/07/2025).
 * The circular's date is not in our sources, so it is cited by number until a province fills it in.
 */
export const currentLegalBasis: readonly { title: string; number: string; date?: string }[] = [
  { title: 'Luật Thi đua, khen thưởng', number: '06/2022/QH15', date: '2022-06-15' },
  { title: 'Nghị định của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng', number: '152/2025/NĐ-CP', date: '2025-06-14' },
  { title: 'Thông tư của Bộ trưởng Bộ Nội vụ quy định chi tiết một số điều của Luật Thi đua, khen thưởng', number: '15/2025/TT-BNV' },
];

/**
 * Where each default comes from (docs/domain.md §3, §5). A province replaces the numbers with its own Quy chế's; these
 * say why the product starts where it does.
 */
export const defaultSources = {
  chienSiThiDuaTinh: 'Secret ballot, ≥ 90 % of the council’s total members (Decree 98/2023 Art. 30(7), carried into Decree 152/2025); minutes with the vote result and the provincial initiative certificate (Art. 34(2))',
  coThiDuaTinh: 'Secret ballot, ≥ 80 % of total members (Decree 98/2023 Art. 30(7)) — not 70 %',
  tapTheLaoDongXuatSac: 'Not in Art. 30(7)’s ballot list; the province chooses (Bắc Ninh 86/2025 Art. 5(2)(b): no council vote). Default: open vote, majority of all members',
  bangKhenChuTichTinh: 'The province chooses (Bắc Ninh: no council vote). Default: open vote, majority of all members; the unit’s review minutes as a setting (not required by default)',
  bangKhenChuTichTinhDotXuat: 'Simplified procedure: no council vote',
  bangKhenThuTuong: 'Forwarded upward: the provincial council reviews before the chair signs the proposal. Default: open vote, majority of all members (unverified); review minutes required (QĐ 311/QĐ-BNV/2025)',
  coThiDuaChinhPhu: 'Forwarded upward. Default: secret ballot, ≥ 80 % of total members, as for the provincial flag (unverified)',
  chienSiThiDuaToanQuoc: 'Forwarded upward. Default: secret ballot, ≥ 90 % of total members, as for CSTĐ cấp tỉnh (Art. 30(7), unverified for this title)',
  huanChuongLaoDongHangNhat: 'Forwarded upward (the President decides). Default: secret ballot, ≥ 90 % of total members (unverified)',
  huanChuongLaoDongHangNhi: 'Forwarded upward (the President decides). Default: secret ballot, ≥ 90 % of total members (unverified)',
  huanChuongLaoDongHangBa: 'Forwarded upward (the President decides). Default: secret ballot, ≥ 90 % of total members (unverified)',
  centralAnswerOverdueMonths: 'Months after the proposal is signed before the secretariat is reminded that the central answer is overdue (our default 6; a province’s setting)',
  awardSessionQuorum: 'Quorum of a session: the central council 2/3 (Decree 98/2023 Art. 47(4)(b)); Bắc Ninh 80 % for award sessions (86/2025 Art. 8(4)(b)) — a province’s setting',
  recusedLeaveBase: 'Base = the council’s total members (Art. 30(7)); no national rule lets recused members leave it: off by default',
} as const satisfies Record<AwardCode | 'awardSessionQuorum' | 'recusedLeaveBase' | 'centralAnswerOverdueMonths', string>;

/** Default months before a central answer counts as overdue (a province sets its own in the regulation). */
export const DEFAULT_CENTRAL_ANSWER_OVERDUE_MONTHS = 6;

/** The months after which a forwarded proposal without a central answer is overdue, under this regulation. */
export function centralAnswerOverdueMonths(regulation: Pick<Regulation, 'centralAnswerOverdueMonths'>): number {
  return regulation.centralAnswerOverdueMonths ?? DEFAULT_CENTRAL_ANSWER_OVERDUE_MONTHS;
}

/** docs/domain.md's corrections of the catalogue's vote rules. */
const correctedCouncil: Partial<Record<AwardCode, Partial<Pick<FormRule, 'threshold'>>>> = { coThiDuaTinh: { threshold: 0.8 } };

function formDefaults(): Record<AwardCode, FormRule> {
  return Object.fromEntries(
    awardForms.map((f) => [
      f.code,
      {
        councilVote: f.council.vote,
        threshold: correctedCouncil[f.code]?.threshold ?? f.council.threshold,
        base: f.council.denominator,
        requiredDocuments: [...f.requiredDocuments],
        deadlines: { ...f.deadlines },
      } satisfies FormRule,
    ]),
  ) as Record<AwardCode, FormRule>;
}

/** The regulation of a province that has set none: in force since the current decree. */
export const defaultRegulation: Regulation = {
  effectiveFrom: '2025-07-01',
  version: 0,
  legalBasis: currentLegalBasis.map((l) => ({ ...l })),
  awardSessionQuorum: 2 / 3,
  recusedLeaveBase: false,
  returnAfterMissedSupplement: true,
  centralAnswerOverdueMonths: 6,
  forms: formDefaults(),
};

/** The version in force on `date` (ISO): the latest whose effectiveFrom is on or before it, else the default. */
export function regulationOn(versions: readonly Regulation[], date: string): Regulation {
  let found: Regulation | undefined;
  for (const v of versions) if (v.effectiveFrom <= date && (!found || v.effectiveFrom > found.effectiveFrom)) found = v;
  return found ?? defaultRegulation;
}

export function rulesForDossier(regulation: Regulation, awardCode: AwardCode): DossierRules {
  return {
    regulationFrom: regulation.effectiveFrom,
    regulationVersion: regulation.version,
    // A text issued before a form joined the catalogue (the forms decided upward, issue 25) has no rule for it: the default applies.
    form: regulation.forms[awardCode] ?? formDefaults()[awardCode],
    awardSessionQuorum: regulation.awardSessionQuorum,
    recusedLeaveBase: regulation.recusedLeaveBase,
    returnAfterMissedSupplement: regulation.returnAfterMissedSupplement,
  };
}

/** The rules a dossier is judged by: its snapshot, or for a dossier not yet submitted or stored before snapshots, the defaults. */
export function rulesOf(dossier: { awardCode: string; rules?: DossierRules | undefined }): DossierRules {
  return dossier.rules ?? rulesForDossier(defaultRegulation, dossier.awardCode as AwardCode);
}

/** The council rule a dossier is judged by (rulesOf). */
export function councilRuleOf(dossier: { awardCode: string; rules?: DossierRules | undefined }): CouncilRule & { recusedLeaveBase: boolean } {
  const rules = rulesOf(dossier);
  return { vote: rules.form.councilVote, threshold: rules.form.threshold, denominator: rules.form.base, quorum: rules.awardSessionQuorum, recusedLeaveBase: rules.recusedLeaveBase };
}

const invalid = (field: string, vi: string, en: string) => new ValidationError({ field, messages: { vi, en } });

/**
 * A new text, or the replacement of one not yet in force. History is not rewritten: a date before today is
 * refused, and so is replacing a version already in force (dossiers may have been judged by it).
 */
export function planRegulation(input: RegulationInput, effectiveFrom: string, existing: Regulation | undefined, today: string, actor: { userId: string }, now: Date): Regulation {
  if (effectiveFrom < today) throw invalid('effectiveFrom', 'Ngày hiệu lực không được trước ngày hôm nay', 'The effective date cannot be before today');
  if (existing && existing.effectiveFrom <= today) {
    throw new ConflictError({ code: 'REGULATION_IN_FORCE', field: 'effectiveFrom', messages: { vi: 'Văn bản này đã có hiệu lực, không sửa được; hãy ban hành văn bản mới có hiệu lực từ ngày sau', en: 'This text is already in force and cannot be changed; issue a new one effective from a later date' } });
  }
  for (const [code, rule] of Object.entries(input.forms)) {
    if (rule.councilVote === 'none' && code !== 'bangKhenChuTichTinhDotXuat' && (code === 'chienSiThiDuaTinh' || code === 'coThiDuaTinh')) {
      throw invalid(`forms.${code}.councilVote`, 'Danh hiệu này phải được Hội đồng bỏ phiếu kín (Điều 30 khoản 7)', 'This title needs the council’s secret ballot (Art. 30(7))');
    }
  }
  const { reason: _reason, ...settings } = input;
  return { ...settings, effectiveFrom, version: (existing?.version ?? 0) + 1, updatedAt: now.toISOString(), updatedBy: actor.userId };
}
