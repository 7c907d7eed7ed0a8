/** One secret ballot. */
import * as z from 'zod/mini';
import { ballotChoices } from '#domain/vote';
import { text } from './common.ts';

/**
 * A member's paper for one dossier: a choice for each of its nominees still in play (`choices`), or, for a
 * dossier with one nominee in play, a single `choice` (exactly one of the two: council.ts paperFor).
 */
export const CastBallotInput = z.strictObject({
  dossierId: text(128),
  /** A member marked absent sends their opinion in writing; it counts as a ballot (docs/domain.md §5). */
  written: z.optional(z.boolean()),
  choice: z.optional(z.enum(ballotChoices)),
  choices: z.optional(z.array(z.strictObject({ nomineeIndex: z.int().check(z.gte(0), z.lt(200)), choice: z.enum(ballotChoices) })).check(z.minLength(1), z.maxLength(200))),
});
export type CastBallotInput = z.infer<typeof CastBallotInput>;
