/** The register of earlier awards (award-history.ts): what the secretariat or a unit enters, and how a person is looked up. */
import * as z from 'zod/mini';
import { awardCodes } from '#domain/catalogue';
import { isoDate, text } from './common.ts';

const birthYear = () => z.int().check(z.gte(1900), z.lte(2100));

/** The person a history belongs to: the key of award-history.ts (unit, name, year of birth). */
export const PersonQuery = z.object({
  unitId: text(64),
  name: text(200),
  birthYear: z.pipe(z.string().check(z.regex(/^\d{4}$/)), z.transform(Number)),
});

export const RecordHistoryInput = z.strictObject({
  /** The person's unit; a unit's officer may leave it out (their own unit). */
  unitId: z.optional(text(64)),
  name: text(200),
  birthYear: birthYear(),
  awardCode: z.enum(awardCodes),
  /** The emulation year the award was for. */
  year: z.int().check(z.gte(1945), z.lte(2100)),
  decisionNumber: text(60),
  decisionDate: isoDate(),
  /** Who decided it, e.g. "Chủ tịch Ủy ban nhân dân tỉnh", "Thủ tướng Chính phủ". */
  issuingBody: z.optional(text(200)),
  note: z.optional(text(2000)),
});
export type RecordHistoryInput = z.infer<typeof RecordHistoryInput>;
