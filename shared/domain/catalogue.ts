/**
 * The award catalogue (docs/domain.md §3–§5): provincial forms of commendation, the documents each needs, its
 * deadlines in working days and the council's vote rule. Every number is data, never a code constant:
 * provinces set many of them in their own rules, so an admin may replace this catalogue. What a form or a
 * document is called, its criteria and the legal source of each rule are in catalogue-texts.ts, keyed by the
 * same codes: most handlers apply the rules and need none of the texts (nor bundle them).
 */

export type RecipientType = 'individual' | 'collective' | 'household';
export type AwardKind = 'regular' | 'thematic' | 'adHoc' | 'dedication' | 'seniority' | 'foreign' | 'resistance';
export type DocumentKind = keyof typeof documentKinds;

/** What each kind of commendation is called (docs/domain.md §3): in the year-end report and in the API's refusals. */
export const awardKindNames: Readonly<Record<AwardKind, { readonly vi: string; readonly en: string }>> = {
  regular: { vi: 'Thường xuyên', en: 'Regular' },
  thematic: { vi: 'Theo chuyên đề', en: 'Thematic' },
  adHoc: { vi: 'Đột xuất', en: 'Ad hoc' },
  dedication: { vi: 'Cống hiến', en: 'Dedication' },
  seniority: { vi: 'Niên hạn', en: 'Seniority' },
  foreign: { vi: 'Đối ngoại', en: 'Foreign' },
  resistance: { vi: 'Kháng chiến', en: 'Resistance' },
};

export interface CouncilRule {
  /** secret ballot, open list vote, or no council vote at all (simplified procedure). */
  readonly vote: 'secret' | 'list' | 'none';
  /** Share of the denominator that must agree, in (0, 1]. */
  readonly threshold: number;
  /** docs/domain.md §5: the base is all members, not those present (old rule, Decree 91/2017). */
  readonly denominator: 'members' | 'present';
  /** Share of members who must take part for the session to be valid, in (0, 1]. */
  readonly quorum: number;
}

export interface Deadlines {
  /** Working days for each step of the workflow (docs/domain.md §4). */
  readonly completeness: number;
  readonly supplement: number;
  readonly appraisal: number;
  readonly council: number;
  readonly chairDecision: number;
}

/**
 * An earlier award a nominee must hold before this form may be proposed (docs/domain.md §3), checked against the
 * register of earlier awards when the unit submits (eligibility.ts): the form `awardCode` in each of `years`
 * consecutive calendar years, the last of them `endingYearsBefore` years before the dossier's own year (1: the
 * year just before it). A province changes the numbers, not the code.
 */
export interface HistoryRule {
  readonly awardCode: string;
  readonly years: number;
  readonly endingYearsBefore: number;
}

export interface AwardForm {
  readonly code: string;
  readonly formClass: 'title' | 'bangKhen' | 'order';
  /** `provincial`: the chair decides; `central`: the chair signs a proposal (tờ trình) and Hà Nội decides. */
  readonly level: 'provincial' | 'central';
  readonly recipientTypes: readonly RecipientType[];
  readonly kinds: readonly AwardKind[];
  readonly simplifiedProcedure: boolean;
  readonly decidedBy: 'provincialChair' | 'primeMinister' | 'president';
  /** Earlier awards each nominee must hold (empty: none the system checks; the appraisal checks the rest). */
  readonly eligibility: readonly HistoryRule[];
  readonly requiredDocuments: readonly DocumentKind[];
  readonly deadlines: Deadlines;
  readonly council: CouncilRule;
}

const MB = 1024 * 1024;

/** Document kinds (docs/domain.md §1 glossary). PDFs only: what the secretariat files and prints. */
export const documentKinds = {
  proposalLetter: { contentTypes: ['application/pdf'], maxBytes: 10 * MB },
  achievementReport: { contentTypes: ['application/pdf'], maxBytes: 20 * MB },
  achievementSummary: { contentTypes: ['application/pdf'], maxBytes: 10 * MB },
  reviewMinutes: { contentTypes: ['application/pdf'], maxBytes: 10 * MB },
  initiativeRecognition: { contentTypes: ['application/pdf'], maxBytes: 20 * MB },
} as const satisfies Record<string, { contentTypes: readonly string[]; maxBytes: number }>;

const defaultDeadlines: Deadlines = { completeness: 3, supplement: 10, appraisal: 20, council: 15, chairDecision: 5 };
const quorumTwoThirds = 2 / 3;

export const awardForms = [
  {
    code: 'chienSiThiDuaTinh',
    formClass: 'title',
    recipientTypes: ['individual'],
    kinds: ['regular'],
    simplifiedProcedure: false,
    decidedBy: 'provincialChair',
    level: 'provincial',
    eligibility: [],
    requiredDocuments: ['proposalLetter', 'achievementReport', 'reviewMinutes', 'initiativeRecognition'],
    deadlines: defaultDeadlines,
    council: { vote: 'secret', threshold: 0.9, denominator: 'members', quorum: quorumTwoThirds },
  },
  {
    code: 'coThiDuaTinh',
    formClass: 'title',
    recipientTypes: ['collective'],
    kinds: ['regular'],
    simplifiedProcedure: false,
    decidedBy: 'provincialChair',
    level: 'provincial',
    eligibility: [],
    requiredDocuments: ['proposalLetter', 'achievementReport', 'reviewMinutes'],
    deadlines: defaultDeadlines,
    council: { vote: 'secret', threshold: 0.7, denominator: 'members', quorum: quorumTwoThirds },
  },
  {
    code: 'tapTheLaoDongXuatSac',
    formClass: 'title',
    recipientTypes: ['collective'],
    kinds: ['regular'],
    simplifiedProcedure: false,
    decidedBy: 'provincialChair',
    level: 'provincial',
    eligibility: [],
    requiredDocuments: ['proposalLetter', 'achievementReport', 'reviewMinutes'],
    deadlines: defaultDeadlines,
    council: { vote: 'list', threshold: 0.5, denominator: 'members', quorum: quorumTwoThirds },
  },
  {
    code: 'bangKhenChuTichTinh',
    formClass: 'bangKhen',
    recipientTypes: ['individual', 'collective', 'household'],
    kinds: ['regular', 'thematic'],
    simplifiedProcedure: false,
    decidedBy: 'provincialChair',
    level: 'provincial',
    eligibility: [],
    requiredDocuments: ['proposalLetter', 'achievementReport'],
    deadlines: defaultDeadlines,
    council: { vote: 'list', threshold: 0.5, denominator: 'members', quorum: quorumTwoThirds },
  },
  {
    code: 'bangKhenChuTichTinhDotXuat',
    formClass: 'bangKhen',
    recipientTypes: ['individual', 'collective', 'household'],
    kinds: ['adHoc'],
    simplifiedProcedure: true,
    decidedBy: 'provincialChair',
    level: 'provincial',
    eligibility: [],
    requiredDocuments: ['proposalLetter', 'achievementSummary'],
    deadlines: { completeness: 3, supplement: 10, appraisal: 10, council: 0, chairDecision: 5 },
    council: { vote: 'none', threshold: 1, denominator: 'members', quorum: quorumTwoThirds },
  },
  // Forwarded upward (docs/domain.md §3): the same pipeline until the chair, who signs the proposal to the central level.
  {
    code: 'bangKhenThuTuong',
    formClass: 'bangKhen',
    level: 'central',
    recipientTypes: ['individual', 'collective', 'household'],
    kinds: ['regular', 'thematic', 'adHoc'],
    simplifiedProcedure: false,
    decidedBy: 'primeMinister',
    eligibility: [],
    requiredDocuments: ['proposalLetter', 'achievementReport', 'reviewMinutes'],
    deadlines: defaultDeadlines,
    council: { vote: 'list', threshold: 0.5, denominator: 'members', quorum: quorumTwoThirds },
  },
  {
    code: 'coThiDuaChinhPhu',
    formClass: 'title',
    level: 'central',
    recipientTypes: ['collective'],
    kinds: ['regular'],
    simplifiedProcedure: false,
    decidedBy: 'primeMinister',
    eligibility: [],
    requiredDocuments: ['proposalLetter', 'achievementReport', 'reviewMinutes'],
    deadlines: defaultDeadlines,
    council: { vote: 'secret', threshold: 0.8, denominator: 'members', quorum: quorumTwoThirds },
  },
  {
    code: 'chienSiThiDuaToanQuoc',
    formClass: 'title',
    level: 'central',
    recipientTypes: ['individual'],
    kinds: ['regular'],
    simplifiedProcedure: false,
    decidedBy: 'primeMinister',
    eligibility: [{ awardCode: 'chienSiThiDuaTinh', years: 2, endingYearsBefore: 1 }],
    requiredDocuments: ['proposalLetter', 'achievementReport', 'reviewMinutes', 'initiativeRecognition'],
    deadlines: defaultDeadlines,
    council: { vote: 'secret', threshold: 0.9, denominator: 'members', quorum: quorumTwoThirds },
  },
  ...(['Nhat', 'Nhi', 'Ba'] as const).map((hang) => ({
    code: `huanChuongLaoDongHang${hang}` as const,
    formClass: 'order' as const,
    level: 'central' as const,
    recipientTypes: ['individual', 'collective'] as const,
    kinds: ['regular', 'dedication', 'adHoc'] as const,
    simplifiedProcedure: false as const,
    decidedBy: 'president' as const,
    eligibility: [] as const,
    requiredDocuments: ['proposalLetter', 'achievementReport', 'reviewMinutes'] as const,
    deadlines: defaultDeadlines,
    council: { vote: 'secret' as const, threshold: 0.9, denominator: 'members' as const, quorum: quorumTwoThirds },
  })),
] as const satisfies readonly AwardForm[];

export type AwardCode = (typeof awardForms)[number]['code'];
export const awardCodes = awardForms.map((f) => f.code) as [AwardCode, ...AwardCode[]];

/** A form of this catalogue: its code is an AwardCode, which keys its texts. */
export type CatalogueForm = (typeof awardForms)[number];

const byCode = new Map<string, CatalogueForm>(awardForms.map((f) => [f.code, f]));

/** The form for a stored code. Codes are validated at the API edge, so an unknown one here is a data fault. */
export function findAwardForm(code: string): CatalogueForm {
  const form = byCode.get(code);
  if (!form) throw new Error(`Unknown award form '${code}'`);
  return form;
}

/** A form the chair forwards upward instead of awarding (docs/domain.md §3). */
export function isCentral(form: { readonly level: AwardForm['level'] }): boolean {
  return form.level === 'central';
}

export function needsCouncilVote(form: { readonly council: Pick<CouncilRule, 'vote'> }): boolean {
  return form.council.vote !== 'none';
}
