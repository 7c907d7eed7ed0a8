/**
 * The award catalogue's texts, keyed by the codes of catalogue.ts (which holds the rules): what each form and
 * document is called, a form's criteria, and where each rule comes from. Apart from the rules so that a
 * handler applying a deadline or a vote rule bundles none of this; each kind of text is its own export, so
 * one that needs only the names (the year-end report) bundles only the names.
 */
import { type AwardCode, awardForms, type DocumentKind, documentKinds } from './catalogue.ts';
import type { Bilingual } from './errors.ts';

/** How strongly a rule is known (docs/domain.md tags). */
export type Certainty = 'verified' | 'oldRule' | 'unverified';

export interface Provenance {
  readonly source: string;
  readonly certainty: Certainty;
}

/** The provenance of a form's own facts, of its deadlines and of its council rule. */
export interface AwardSources {
  readonly form: Provenance;
  readonly deadlines: Provenance;
  readonly council: Provenance;
}

export const documentNames = {
  proposalLetter: { vi: 'Tờ trình đề nghị khen thưởng kèm danh sách', en: 'Proposal letter with nominee list' },
  achievementReport: { vi: 'Báo cáo thành tích', en: 'Achievement report' },
  achievementSummary: { vi: 'Bản tóm tắt thành tích', en: 'Achievement summary' },
  reviewMinutes: { vi: 'Biên bản họp xét của đơn vị', en: 'Unit review minutes' },
  initiativeRecognition: { vi: 'Quyết định công nhận sáng kiến / đề tài', en: 'Recognition of the initiative / research' },
} as const satisfies Record<DocumentKind, Bilingual>;

export const awardNames = {
  chienSiThiDuaTinh: { vi: 'Chiến sĩ thi đua cấp tỉnh', en: 'Provincial Emulation Fighter' },
  coThiDuaTinh: { vi: 'Cờ thi đua cấp tỉnh', en: 'Provincial Emulation Flag' },
  tapTheLaoDongXuatSac: { vi: 'Tập thể lao động xuất sắc', en: 'Excellent Labour Collective' },
  bangKhenChuTichTinh: { vi: 'Bằng khen của Chủ tịch UBND tỉnh', en: "Certificate of Merit of the Provincial People's Committee Chair" },
  bangKhenChuTichTinhDotXuat: { vi: 'Bằng khen của Chủ tịch UBND tỉnh (đột xuất, thủ tục đơn giản)', en: 'Certificate of Merit of the Provincial Chair (ad hoc, simplified procedure)' },
  bangKhenThuTuong: { vi: 'Bằng khen của Thủ tướng Chính phủ', en: "Prime Minister's Certificate of Merit" },
  coThiDuaChinhPhu: { vi: 'Cờ thi đua của Chính phủ', en: "Government's Emulation Flag" },
  chienSiThiDuaToanQuoc: { vi: 'Chiến sĩ thi đua toàn quốc', en: 'National Emulation Fighter' },
  huanChuongLaoDongHangNhat: { vi: 'Huân chương Lao động hạng Nhất', en: 'Labour Order, First Class' },
  huanChuongLaoDongHangNhi: { vi: 'Huân chương Lao động hạng Nhì', en: 'Labour Order, Second Class' },
  huanChuongLaoDongHangBa: { vi: 'Huân chương Lao động hạng Ba', en: 'Labour Order, Third Class' },
} as const satisfies Record<AwardCode, Bilingual>;

export const awardCriteria = {
  chienSiThiDuaTinh: {
    vi: '3 lần liên tục đạt Chiến sĩ thi đua cơ sở và có sáng kiến được áp dụng, nhân rộng trong tỉnh',
    en: 'Three consecutive grassroots Emulation Fighter titles and an initiative applied and replicated province-wide',
  },
  coThiDuaTinh: { vi: 'Dẫn đầu cụm, khối thi đua của tỉnh', en: 'Leads its emulation cluster or bloc in the province' },
  tapTheLaoDongXuatSac: { vi: 'Theo Quy chế thi đua, khen thưởng của tỉnh', en: 'As set by the provincial emulation and commendation rules' },
  bangKhenChuTichTinh: { vi: 'Thành tích thường xuyên hoặc theo phong trào thi đua', en: 'Regular achievements or achievements in an emulation movement' },
  bangKhenChuTichTinhDotXuat: { vi: 'Lập được thành tích đột xuất', en: 'A sudden, exceptional exploit' },
  bangKhenThuTuong: { vi: 'Theo Luật Thi đua, khen thưởng; Thủ tướng Chính phủ quyết định', en: 'As the Law on Emulation and Commendation sets; the Prime Minister decides' },
  coThiDuaChinhPhu: { vi: 'Tập thể tiêu biểu xuất sắc được Hội đồng tỉnh suy tôn trong số đơn vị dẫn đầu cụm, khối', en: 'An outstanding collective chosen by the provincial council among the leaders of the clusters and blocs' },
  chienSiThiDuaToanQuoc: {
    vi: '2 lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp tỉnh và có sáng kiến, đề tài có phạm vi ảnh hưởng toàn quốc',
    en: 'Two consecutive Provincial Emulation Fighter titles and an initiative or research with nationwide effect',
  },
  huanChuongLaoDongHangNhat: { vi: 'Theo Luật Thi đua, khen thưởng; Chủ tịch nước quyết định', en: 'As the Law on Emulation and Commendation sets; the President decides' },
  huanChuongLaoDongHangNhi: { vi: 'Theo Luật Thi đua, khen thưởng; Chủ tịch nước quyết định', en: 'As the Law on Emulation and Commendation sets; the President decides' },
  huanChuongLaoDongHangBa: { vi: 'Theo Luật Thi đua, khen thưởng; Chủ tịch nước quyết định', en: 'As the Law on Emulation and Commendation sets; the President decides' },
} as const satisfies Record<AwardCode, Bilingual>;

const LAW = 'Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP';
const defaultDeadlines: Provenance = {
  source: 'docs/domain.md §4 defaults (completeness 3, supplement 10, appraisal 20, decision 5); council 15 is ours — set from the provincial Quy chế',
  certainty: 'unverified',
};
const QUORUM_SOURCE = 'Quorum ≥ 2/3 of members (old rule, Bộ TNMT council rules); base = total members (Decree 91/2017 Art. 45.8)';

// Built by a call marked pure: its sources are composed (`${LAW}; …`), which esbuild cannot prove free of side
// effects, so as a plain constant it would be bundled by every handler importing anything from this module.
export const awardSources = /* @__PURE__ */ (() => ({
  chienSiThiDuaTinh: {
    form: { source: `${LAW}; criteria (verified, press: baoyenbai.com.vn)`, certainty: 'verified' },
    deadlines: defaultDeadlines,
    council: { source: `≥ 90 % of all members by secret ballot (old rule, Decree 91/2017). ${QUORUM_SOURCE}`, certainty: 'oldRule' },
  },
  coThiDuaTinh: {
    form: { source: `${LAW}; documents (verified, TTHC Cờ thi đua cấp tỉnh)`, certainty: 'verified' },
    deadlines: defaultDeadlines,
    council: { source: `70 % of members (old rule, Lạng Sơn council rules); some provinces use 90 %. ${QUORUM_SOURCE}`, certainty: 'oldRule' },
  },
  tapTheLaoDongXuatSac: {
    form: { source: LAW, certainty: 'unverified' },
    deadlines: defaultDeadlines,
    council: { source: `List vote, simple majority of members (our default; set from the provincial rules). ${QUORUM_SOURCE}`, certainty: 'unverified' },
  },
  bangKhenChuTichTinh: {
    form: { source: LAW, certainty: 'unverified' },
    deadlines: defaultDeadlines,
    council: { source: `List vote, not secret (unverified); simple majority of members (our default). ${QUORUM_SOURCE}`, certainty: 'unverified' },
  },
  bangKhenChuTichTinhDotXuat: {
    form: { source: `${LAW}; thủ tục đơn giản`, certainty: 'verified' },
    deadlines: {
      source: 'Simplified procedure 10 working days (docs/domain.md §4 default); 25 working days from a complete dossier in total (verified, Hải Dương TTHC portal)',
      certainty: 'unverified',
    },
    council: { source: 'Simplified procedure: no council vote (Law 06/2022, thủ tục đơn giản)', certainty: 'verified' },
  },
  bangKhenThuTuong: {
    form: { source: `${LAW}; forwarded upward (docs/domain.md §3); central procedure QĐ 311/QĐ-BNV/2025: the reviewing council's minutes among the documents (verified)`, certainty: 'verified' },
    deadlines: defaultDeadlines,
    council: { source: `Provincial council's review before forwarding: list vote, majority of members (our default, unverified). ${QUORUM_SOURCE}`, certainty: 'unverified' },
  },
  coThiDuaChinhPhu: {
    form: { source: `${LAW}; forwarded upward (docs/domain.md §3, §7: the council may forward the best of the provincial flags)`, certainty: 'verified' },
    deadlines: defaultDeadlines,
    council: { source: `Secret ballot, ≥ 80 % of members as for the provincial flag (our default, unverified). ${QUORUM_SOURCE}`, certainty: 'unverified' },
  },
  chienSiThiDuaToanQuoc: {
    form: { source: `${LAW}; 2 consecutive CSTĐ cấp tỉnh + nationwide initiative (docs/domain.md §3, verified, press)`, certainty: 'verified' },
    deadlines: defaultDeadlines,
    council: { source: `Secret ballot, ≥ 90 % of members as for CSTĐ cấp tỉnh (Decree 98/2023 Art. 30(7) lists the emulation-fighter titles; unverified for this one). ${QUORUM_SOURCE}`, certainty: 'unverified' },
  },
  ...Object.fromEntries((['huanChuongLaoDongHangNhat', 'huanChuongLaoDongHangNhi', 'huanChuongLaoDongHangBa'] as const).map((code) => [code, {
    form: { source: `${LAW}; forwarded upward, the President decides (docs/domain.md §3); criteria and earlier-award conditions not read (unverified)`, certainty: 'unverified' },
    deadlines: defaultDeadlines,
    council: { source: `Secret ballot, ≥ 90 % of members (our default, unverified). ${QUORUM_SOURCE}`, certainty: 'unverified' },
  }])) as Record<'huanChuongLaoDongHangNhat' | 'huanChuongLaoDongHangNhi' | 'huanChuongLaoDongHangBa', AwardSources>,
}) as const satisfies Record<AwardCode, AwardSources>)();

/** Who decides a form, by name (the proposal document and the upward queue name them). */
export const deciderNames = {
  provincialChair: { vi: 'Chủ tịch Ủy ban nhân dân tỉnh', en: "Chair of the Provincial People's Committee" },
  primeMinister: { vi: 'Thủ tướng Chính phủ', en: 'The Prime Minister' },
  president: { vi: 'Chủ tịch nước', en: 'The President' },
} as const satisfies Record<string, Bilingual>;

/** The rules with their texts, as GET /api/public/catalogue serves them to the web app and the public. */
export function describedCatalogue() {
  return {
    awardForms: awardForms.map((f) => {
      const sources = awardSources[f.code];
      return {
        code: f.code,
        name: awardNames[f.code],
        formClass: f.formClass,
        recipientTypes: f.recipientTypes,
        kinds: f.kinds,
        simplifiedProcedure: f.simplifiedProcedure,
        decidedBy: f.decidedBy,
        level: f.level,
        eligibility: f.eligibility,
        criteria: awardCriteria[f.code],
        requiredDocuments: f.requiredDocuments,
        deadlines: { ...f.deadlines, ...sources.deadlines },
        council: { ...f.council, ...sources.council },
        ...sources.form,
      };
    }),
    documentKinds: Object.fromEntries(Object.entries(documentKinds).map(([kind, rule]) => [kind, { name: documentNames[kind as DocumentKind], ...rule }])),
  };
}
