/**
 * The province's regulation (Quy chế thi đua, khen thưởng) as data: what an administrator sets, effective from a
 * date. Types of the stored regulation are derived from this schema (shared/domain/regulation.ts).
 */
import * as z from 'zod/mini';
import { awardCodes } from '#domain/catalogue';
import { documentKindNames, isoDate, text } from './common.ts';

const share = () => z.number().check(z.gt(0), z.lte(1));
const days = () => z.int().check(z.gte(0), z.lte(365));

export const LegalInstrument = z.strictObject({
  /** e.g. "Luật Thi đua, khen thưởng", "Nghị định", "Quyết định". */
  title: text(300),
  /** e.g. "06/2022/QH15", "152/2025/NĐ-CP". */
  number: text(60),
  /** Optional: a text whose date we have not read is cited by number alone rather than with a guessed date. */
  date: z.optional(isoDate()),
});

export const FormRuleInput = z.strictObject({
  /** Secret ballot, open (list) vote, or no council vote: the standing body reports straight to the chair. */
  councilVote: z.enum(['secret', 'list', 'none']),
  /** Share that must agree, of `base`. */
  threshold: share(),
  /** docs/domain.md §5: the council's total members (default), or those present. */
  base: z.enum(['members', 'present']),
  requiredDocuments: z.array(z.enum(documentKindNames())).check(z.minLength(1)),
  deadlines: z.strictObject({ completeness: days(), supplement: days(), appraisal: days(), council: days(), chairDecision: days() }),
});

export const RegulationInput = z.strictObject({
  /** The province's own Quy chế, with its number and date. */
  provinceRegulation: z.optional(LegalInstrument),
  /** The national law the province's rules apply (Law 06/2022, Decree 152/2025, Circular 15/2025). */
  legalBasis: z.array(LegalInstrument).check(z.minLength(1), z.maxLength(20)),
  /** Share of the council's members who must take part in a session that reviews award proposals. */
  awardSessionQuorum: share(),
  /** Whether recused members leave a nominee's base (a provincial option; docs/domain.md §5: no by default). */
  recusedLeaveBase: z.boolean(),
  /** Whether a dossier whose supplement deadline passes is returned by itself. */
  returnAfterMissedSupplement: z.boolean(),
  /** Months after a proposal to the central level is signed before its missing answer is overdue (reminders). */
  centralAnswerOverdueMonths: z.optional(z.int().check(z.gte(1), z.lte(60))),
  forms: z.record(z.enum(awardCodes), FormRuleInput),
  /** Why the change (kept in the audit trail). */
  reason: z.optional(text(2000)),
});
export type RegulationInput = z.infer<typeof RegulationInput>;
export type FormRuleInput = z.infer<typeof FormRuleInput>;

export const RegulationPathParams = z.object({ effectiveFrom: isoDate() });
