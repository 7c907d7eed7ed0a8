/** The central level's answer for one nominee of a proposal forwarded upward. */
import * as z from 'zod/mini';
import { isoDate, reason, text } from './common.ts';

export const CentralOutcomeInput = z.strictObject({
  nomineeIndex: z.int().check(z.gte(0), z.lt(200)),
  awarded: z.boolean(),
  /** The central decision (or the written answer), e.g. "1234/QĐ-TTg", "567/QĐ-CTN". */
  decisionNumber: text(60),
  decisionDate: isoDate(),
  /** e.g. "Thủ tướng Chính phủ", "Chủ tịch nước", "Bộ Nội vụ". */
  issuingBody: text(200),
  /** Why not awarded (required then): the unit is told. */
  reason: z.optional(reason()),
});
export type CentralOutcomeInput = z.infer<typeof CentralOutcomeInput>;
