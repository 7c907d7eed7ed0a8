/**
 * The award catalogue (DOMAIN §3–§5): provincial forms of commendation, the documents each needs, its
 * deadlines in working days and the council's vote rule. Every number is data with its `source`, never a code
 * constant: provinces set many of them in their own rules, so an admin may replace this catalogue.
 */
import type { Bilingual } from './errors.ts';

export type RecipientType = 'individual' | 'collective' | 'household';
export type AwardKind = 'regular' | 'thematic' | 'adHoc' | 'dedication' | 'seniority' | 'foreign' | 'resistance';
export type DocumentKind = keyof typeof documentKinds;
/** How strongly a rule is known (DOMAIN.md tags). */
export type Certainty = 'verified' | 'oldRule' | 'unverified';

export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
  readonly certainty: Certainty;
}

export interface CouncilRule {
  /** secret ballot, open list vote, or no council vote at all (simplified procedure). */
  readonly vote: 'secret' | 'list' | 'none';
  /** Share of the denominator that must agree, in (0, 1]. */
  readonly threshold: number;
  /** DOMAIN §5: the base is all members, not those present (old rule, Decree 91/2017). */
  readonly denominator: 'members' | 'present';
  /** Share of members who must take part for the session to be valid, in (0, 1]. */
  readonly quorum: number;
  readonly source: string;
  readonly certainty: Certainty;
}

export interface Deadlines {
  /** Working days for each step of the workflow (DOMAIN §4). */
  readonly completeness: number;
  readonly supplement: number;
  readonly appraisal: number;
  readonly council: number;
  readonly chairDecision: number;
  readonly source: string;
  readonly certainty: Certainty;
}

export interface AwardForm {
  readonly code: string;
  readonly name: Bilingual;
  readonly formClass: 'title' | 'bangKhen';
  readonly recipientTypes: readonly RecipientType[];
  readonly kinds: readonly AwardKind[];
  readonly simplifiedProcedure: boolean;
  readonly decidedBy: 'provincialChair';
  readonly criteria: Bilingual;
  readonly requiredDocuments: readonly DocumentKind[];
  readonly deadlines: Deadlines;
  readonly council: CouncilRule;
  readonly source: string;
  readonly certainty: Certainty;
}

const MB = 1024 * 1024;

/** Document kinds (DOMAIN §1 glossary). PDFs only: what the secretariat files and prints. */
export const documentKinds = {
  proposalLetter: { name: { vi: 'Tờ trình đề nghị khen thưởng kèm danh sách', en: 'Proposal letter with nominee list' }, contentTypes: ['application/pdf'], maxBytes: 10 * MB },
  achievementReport: { name: { vi: 'Báo cáo thành tích', en: 'Achievement report' }, contentTypes: ['application/pdf'], maxBytes: 20 * MB },
  achievementSummary: { name: { vi: 'Bản tóm tắt thành tích', en: 'Achievement summary' }, contentTypes: ['application/pdf'], maxBytes: 10 * MB },
  reviewMinutes: { name: { vi: 'Biên bản họp xét của đơn vị', en: 'Unit review minutes' }, contentTypes: ['application/pdf'], maxBytes: 10 * MB },
  initiativeRecognition: { name: { vi: 'Quyết định công nhận sáng kiến / đề tài', en: 'Recognition of the initiative / research' }, contentTypes: ['application/pdf'], maxBytes: 20 * MB },
} as const satisfies Record<string, { name: Bilingual; contentTypes: readonly string[]; maxBytes: number }>;

const LAW = 'Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP';
const defaultDeadlines: Deadlines = {
  completeness: 3,
  supplement: 10,
  appraisal: 20,
  council: 15,
  chairDecision: 5,
  source: 'DOMAIN §4 defaults (completeness 3, supplement 10, appraisal 20, decision 5); council 15 is ours — set from the provincial Quy chế',
  certainty: 'unverified',
};
const quorumTwoThirds = 2 / 3;
const QUORUM_SOURCE = 'Quorum ≥ 2/3 of members (old rule, Bộ TNMT council rules); base = total members (Decree 91/2017 Art. 45.8)';

export const awardForms = [
  {
    code: 'chienSiThiDuaTinh',
    name: { vi: 'Chiến sĩ thi đua cấp tỉnh', en: 'Provincial Emulation Fighter' },
    formClass: 'title',
    recipientTypes: ['individual'],
    kinds: ['regular'],
    simplifiedProcedure: false,
    decidedBy: 'provincialChair',
    criteria: {
      vi: '3 lần liên tục đạt Chiến sĩ thi đua cơ sở và có sáng kiến được áp dụng, nhân rộng trong tỉnh',
      en: 'Three consecutive grassroots Emulation Fighter titles and an initiative applied and replicated province-wide',
    },
    requiredDocuments: ['proposalLetter', 'achievementReport', 'reviewMinutes', 'initiativeRecognition'],
    deadlines: defaultDeadlines,
    council: { vote: 'secret', threshold: 0.9, denominator: 'members', quorum: quorumTwoThirds, source: `≥ 90 % of all members by secret ballot (old rule, Decree 91/2017). ${QUORUM_SOURCE}`, certainty: 'oldRule' },
    source: `${LAW}; criteria (verified, press: baoyenbai.com.vn)`,
    certainty: 'verified',
  },
  {
    code: 'coThiDuaTinh',
    name: { vi: 'Cờ thi đua cấp tỉnh', en: 'Provincial Emulation Flag' },
    formClass: 'title',
    recipientTypes: ['collective'],
    kinds: ['regular'],
    simplifiedProcedure: false,
    decidedBy: 'provincialChair',
    criteria: { vi: 'Dẫn đầu cụm, khối thi đua của tỉnh', en: 'Leads its emulation cluster or bloc in the province' },
    requiredDocuments: ['proposalLetter', 'achievementReport', 'reviewMinutes'],
    deadlines: defaultDeadlines,
    council: { vote: 'secret', threshold: 0.7, denominator: 'members', quorum: quorumTwoThirds, source: `70 % of members (old rule, Lạng Sơn council rules); some provinces use 90 %. ${QUORUM_SOURCE}`, certainty: 'oldRule' },
    source: `${LAW}; documents (verified, TTHC Cờ thi đua cấp tỉnh)`,
    certainty: 'verified',
  },
  {
    code: 'tapTheLaoDongXuatSac',
    name: { vi: 'Tập thể lao động xuất sắc', en: 'Excellent Labour Collective' },
    formClass: 'title',
    recipientTypes: ['collective'],
    kinds: ['regular'],
    simplifiedProcedure: false,
    decidedBy: 'provincialChair',
    criteria: { vi: 'Theo Quy chế thi đua, khen thưởng của tỉnh', en: 'As set by the provincial emulation and commendation rules' },
    requiredDocuments: ['proposalLetter', 'achievementReport', 'reviewMinutes'],
    deadlines: defaultDeadlines,
    council: { vote: 'list', threshold: 0.5, denominator: 'members', quorum: quorumTwoThirds, source: `List vote, simple majority of members (our default; set from the provincial rules). ${QUORUM_SOURCE}`, certainty: 'unverified' },
    source: LAW,
    certainty: 'unverified',
  },
  {
    code: 'bangKhenChuTichTinh',
    name: { vi: 'Bằng khen của Chủ tịch UBND tỉnh', en: "Certificate of Merit of the Provincial People's Committee Chair" },
    formClass: 'bangKhen',
    recipientTypes: ['individual', 'collective', 'household'],
    kinds: ['regular', 'thematic'],
    simplifiedProcedure: false,
    decidedBy: 'provincialChair',
    criteria: { vi: 'Thành tích thường xuyên hoặc theo phong trào thi đua', en: 'Regular achievements or achievements in an emulation movement' },
    requiredDocuments: ['proposalLetter', 'achievementReport'],
    deadlines: defaultDeadlines,
    council: { vote: 'list', threshold: 0.5, denominator: 'members', quorum: quorumTwoThirds, source: `List vote, not secret (unverified); simple majority of members (our default). ${QUORUM_SOURCE}`, certainty: 'unverified' },
    source: LAW,
    certainty: 'unverified',
  },
  {
    code: 'bangKhenChuTichTinhDotXuat',
    name: { vi: 'Bằng khen của Chủ tịch UBND tỉnh (đột xuất, thủ tục đơn giản)', en: 'Certificate of Merit of the Provincial Chair (ad hoc, simplified procedure)' },
    formClass: 'bangKhen',
    recipientTypes: ['individual', 'collective', 'household'],
    kinds: ['adHoc'],
    simplifiedProcedure: true,
    decidedBy: 'provincialChair',
    criteria: { vi: 'Lập được thành tích đột xuất', en: 'A sudden, exceptional exploit' },
    requiredDocuments: ['proposalLetter', 'achievementSummary'],
    deadlines: {
      completeness: 3,
      supplement: 10,
      appraisal: 10,
      council: 0,
      chairDecision: 5,
      source: 'Simplified procedure 10 working days (DOMAIN §4 default); 25 working days from a complete dossier in total (verified, Hải Dương TTHC portal)',
      certainty: 'unverified',
    },
    council: { vote: 'none', threshold: 1, denominator: 'members', quorum: quorumTwoThirds, source: 'Simplified procedure: no council vote (Law 06/2022, thủ tục đơn giản)', certainty: 'verified' },
    source: `${LAW}; thủ tục đơn giản`,
    certainty: 'verified',
  },
] as const satisfies readonly AwardForm[];

export type AwardCode = (typeof awardForms)[number]['code'];
export const awardCodes = awardForms.map((f) => f.code) as [AwardCode, ...AwardCode[]];

const byCode = new Map<string, AwardForm>(awardForms.map((f) => [f.code, f]));

/** The form for a stored code. Codes are validated at the API edge, so an unknown one here is a data fault. */
export function findAwardForm(code: string): AwardForm {
  const form = byCode.get(code);
  if (!form) throw new Error(`Unknown award form '${code}'`);
  return form;
}

export function needsCouncilVote(form: AwardForm): boolean {
  return form.council.vote !== 'none';
}
