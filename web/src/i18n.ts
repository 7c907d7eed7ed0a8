import { humanSteps, statusNames as domainStatusNames } from '#domain/lifecycle';

/** Vietnamese first; English on request. The choice is kept in localStorage. */
export type Lang = 'vi' | 'en';
export interface Bilingual { vi: string; en: string }

let lang: Lang = (localStorage.getItem('lang') as Lang | null) ?? 'vi';
export const currentLang = (): Lang => lang;
export function setLang(next: Lang): void {
  lang = next;
  localStorage.setItem('lang', next);
  document.documentElement.lang = next;
}
/** Picks the chosen language from a bilingual text (server messages, catalogue names, statuses). */
export const L = (b: Bilingual | undefined): string => (b ? b[lang] : '');
export const t = (vi: string, en: string): string => (lang === 'vi' ? vi : en);
/** A number as the chosen language writes it: a decimal comma in Vietnamese ("12,5", "3,4 MB"). */
export const num = (value: number, digits = 1, fixed = false): string => {
  const s = fixed ? value.toFixed(digits) : String(Math.round(value * 10 ** digits) / 10 ** digits);
  return lang === 'vi' ? s.replace('.', ',') : s;
};

/** Status and step names are the domain's own (one source with the emails and the API). */
export const statusNames: Readonly<Record<string, Bilingual>> = domainStatusNames;
export const stepNames: Readonly<Record<string, Bilingual>> = Object.fromEntries(Object.entries(humanSteps).map(([step, s]) => [step, s.name]));
/** Audit actions as people read them in a dossier's timeline. */
export const actionNames: Record<string, Bilingual> = {
  created: { vi: 'Tạo hồ sơ', en: 'Created' },
  revocationProposed: { vi: 'Đề nghị hủy bỏ khen thưởng', en: 'Revocation proposed' },
  revoke: { vi: 'Quyết định hủy bỏ khen thưởng', en: 'Award revoked' },
  revocationDeclined: { vi: 'Chủ tịch không đồng ý hủy bỏ khen thưởng', en: 'Revocation declined' },
  documentVerified: { vi: 'Tài liệu hợp lệ', en: 'Document verified' },
  documentQuarantined: { vi: 'Tệp bị từ chối (không an toàn)', en: 'File refused (unsafe)' },
  submit: { vi: 'Nộp hồ sơ', en: 'Submitted' },
  passCompleteness: { vi: 'Tiếp nhận: đủ thành phần', en: 'Complete' },
  requestSupplement: { vi: 'Yêu cầu bổ sung', en: 'Supplement requested' },
  answerSupplement: { vi: 'Đơn vị bổ sung', en: 'Supplement sent' },
  expireSupplement: { vi: 'Quá hạn bổ sung', en: 'Supplement deadline passed' },
  appraiseEligible: { vi: 'Thẩm định: đủ điều kiện', en: 'Appraised eligible' },
  appraiseEligibleWithoutVote: { vi: 'Thẩm định: đủ điều kiện, trình Chủ tịch', en: 'Appraised eligible (no vote)' },
  appraiseIneligible: { vi: 'Thẩm định: không đủ điều kiện', en: 'Appraised not eligible' },
  passCouncil: { vi: 'Hội đồng thông qua', en: 'Passed by the council' },
  failCouncil: { vi: 'Hội đồng không thông qua', en: 'Not passed by the council' },
  approve: { vi: 'Chủ tịch quyết định khen thưởng', en: 'Approved by the chair' },
  reject: { vi: 'Chủ tịch không phê duyệt', en: 'Rejected by the chair' },
  decisionRecorded: { vi: 'Vào sổ khen thưởng', en: 'Entered in the register' },
  forwardUpward: { vi: 'Chủ tịch ký tờ trình, trình cấp trên', en: 'Proposal signed and forwarded upward' },
  centralOutcomeRecorded: { vi: 'Ghi kết quả của cấp trên', en: 'Central answer recorded' },
  centralAnswerOverdue: { vi: 'Quá hạn chờ kết quả của cấp trên', en: 'Central answer overdue' },
  withdraw: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
  reminder: { vi: 'Nhắc hạn', en: 'Reminder' },
  escalated: { vi: 'Quá hạn, đã báo cáo Trưởng Ban', en: 'Overdue, reported to the head of the secretariat' },
  workflowFailed: { vi: 'Quy trình dừng do lỗi hệ thống (đã báo Trưởng Ban và quản trị)', en: 'Workflow stopped on a system error (head and admins alerted)' },
  workflowRedriven: { vi: 'Chạy lại quy trình từ bước bị lỗi', en: 'Workflow run again from the failed step' },
};
