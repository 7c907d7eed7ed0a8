/** The outcome of a human step: supplement, appraisal or the chair's decision. */
import * as z from 'zod/mini';
import { documentKindNames, isoDate, reason, text } from './common.ts';

const reasonText = reason();
/** Nominees refused at this step, each with the reason the unit is told (indexes into the dossier's nominees). */
const refusals = () => z.optional(z.array(z.strictObject({ nomineeIndex: z.int().check(z.gte(0), z.lt(200)), reason: reason() })).check(z.maxLength(200)));
export const CompleteTaskInput = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('supplement'), note: z.optional(text(2000)) }),
  z.discriminatedUnion('result', [
    z.strictObject({ step: z.literal('appraisal'), result: z.literal('eligible'), note: z.optional(text(2000)), ineligibleNominees: refusals() }),
    z.strictObject({ step: z.literal('appraisal'), result: z.literal('ineligible'), reason: reasonText }),
    z.strictObject({
      step: z.literal('appraisal'),
      result: z.literal('supplement'),
      reason: reasonText,
      missingDocuments: z.array(z.enum(documentKindNames())).check(z.minLength(1)),
    }),
  ]),
  z.discriminatedUnion('decision', [
    z.strictObject({
      step: z.literal('chairDecision'),
      decision: z.literal('approve'),
      /**
       * `<seq>/QĐ-UBND`, from the document office (docs/domain.md §8); for a form decided upward, the number of the
       * proposal the chair signs, `<seq>/TTr-UBND` (lifecycle.ts checks which one the form needs).
       */
      decisionNumber: z.string().check(z.trim(), z.regex(/^\d{1,6}\/(QĐ|TTr)-UBND$/)),
      decisionDate: isoDate(),
      /** Nominees the chair does not award, each with why; the rest are awarded. */
      notAwardedNominees: refusals(),
    }),
    z.strictObject({ step: z.literal('chairDecision'), decision: z.literal('reject'), reason: reasonText }),
  ]),
]);
export type CompleteTaskInput = z.infer<typeof CompleteTaskInput>;
