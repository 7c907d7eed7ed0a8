/** The grounds alone, without the rules that use them: the web pages import this much and no more. */
/**
 * The Law's grounds, as data with their source (docs/domain.md §4 lists them as read in Chapter VII: "verified"). A
 * province cannot add grounds; the wording of its decision quotes these labels.
 */
export const revocationGrounds = {
  falseDeclaration: {
    vi: 'Gian dối trong việc kê khai thành tích để được khen thưởng',
    en: 'False declaration of achievements to obtain the award',
  },
  forgedDocuments: {
    vi: 'Cung cấp thông tin sai sự thật hoặc làm giả hồ sơ, giấy tờ',
    en: 'False information or forged documents',
  },
  unlawfulProposal: {
    vi: 'Xác nhận, đề nghị, thẩm định khen thưởng trái pháp luật',
    en: 'Confirmation, proposal or appraisal contrary to law',
  },
  criteriaNotMet: {
    vi: 'Phát hiện sau khi khen thưởng là không đủ tiêu chuẩn, điều kiện',
    en: 'Found after the award that the criteria were not met',
  },
} as const satisfies Record<string, { vi: string; en: string }>;
export type RevocationGround = keyof typeof revocationGrounds;
export const revocationGroundCodes = Object.keys(revocationGrounds) as [RevocationGround, ...RevocationGround[]];
/** Where the grounds come from (shown beside them; tagged as in docs/domain.md). */
export const revocationSource = 'Luật Thi đua, khen thưởng số 06/2022/QH15, Chương VII (docs/domain.md §4, verified)';
