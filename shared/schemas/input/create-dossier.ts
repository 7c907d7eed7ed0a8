/** The draft dossier a unit creates (POST /api/dossiers). */
import * as z from 'zod/mini';
import { awardCodes } from '#domain/catalogue';
import { BIRTH_YEAR_MIN, birthYearMax, genders, MAX_NOMINEES, NAME_MAX, nomineeCategories, POSITION_MAX, recipientTypes, WORKPLACE_MAX } from '#domain/nominees';
import { text } from './common.ts';

export const RecipientType = z.enum(recipientTypes);
export const AwardKind = z.enum(['regular', 'thematic', 'adHoc', 'dedication', 'seniority', 'foreign', 'resistance']);

/**
 * One nominee. Which category fits which recipient type, and which types and kinds an award form takes, are
 * the domain's rules (nominees.ts `dossierIssues`), checked after this shape: they need the form.
 */
export const NomineeInput = z.strictObject({
  name: text(NAME_MAX),
  recipientType: RecipientType,
  /** Form 0603's category (LANGUAGE rule 9): a person's one of six, a collective's `collective` or `enterprise`. */
  category: z.optional(z.enum(nomineeCategories)),
  gender: z.optional(z.enum(genders)),
  /** Chức vụ. */
  position: z.optional(text(POSITION_MAX)),
  birthYear: z.optional(z.int().check(z.gte(BIRTH_YEAR_MIN), z.lte(birthYearMax()))),
  /** Nơi công tác / đơn vị, as the unit's list writes it. */
  workplace: z.optional(text(WORKPLACE_MAX)),
});
export type NomineeInput = z.infer<typeof NomineeInput>;

export const CreateDossierInput = z.strictObject({
  awardCode: z.enum(awardCodes),
  kind: AwardKind,
  year: z.int().check(z.gte(2024), z.lte(2100)),
  title: text(300),
  summary: z.optional(text(4000)),
  nominees: z.array(NomineeInput).check(z.minLength(1), z.maxLength(MAX_NOMINEES)),
});
export type CreateDossierInput = z.infer<typeof CreateDossierInput>;
