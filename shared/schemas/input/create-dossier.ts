/** The draft dossier a unit creates (POST /api/dossiers). */
import * as z from 'zod/mini';
import { awardCodes } from '#domain/catalogue';
import { text } from './common.ts';

export const RecipientType = z.enum(['individual', 'collective', 'household']);
export const AwardKind = z.enum(['regular', 'thematic', 'adHoc', 'dedication', 'seniority', 'foreign', 'resistance']);

export const NomineeInput = z.strictObject({
  name: text(200),
  recipientType: RecipientType,
  /** Year-end report 0603 groups people by category; direct workers are tracked on purpose (DOMAIN §6). */
  category: z.optional(z.enum(['provincialLeader', 'departmentLeader', 'businessPerson', 'otherLeader', 'directWorker', 'other', 'enterprise', 'collective'])),
  gender: z.optional(z.enum(['female', 'male', 'other'])),
  position: z.optional(text(200)),
  birthYear: z.optional(z.int().check(z.gte(1900), z.lte(2100))),
});

export const CreateDossierInput = z.strictObject({
  awardCode: z.enum(awardCodes),
  kind: AwardKind,
  year: z.int().check(z.gte(2024), z.lte(2100)),
  title: text(300),
  summary: z.optional(text(4000)),
  nominees: z.array(NomineeInput).check(z.minLength(1), z.maxLength(200)),
});
export type CreateDossierInput = z.infer<typeof CreateDossierInput>;
