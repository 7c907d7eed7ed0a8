/** Revoking an award (revocation.ts): the secretariat's proposal, then the chair's decision on it. */
import * as z from 'zod/mini';
import { revocationGroundCodes } from '#domain/revocation';
import { isoDate, reason } from './common.ts';

export const ProposeRevocationInput = z.strictObject({
  /** `nominees`: the nominees listed; `decision`: every nominee the decision still awards. */
  scope: z.enum(['nominees', 'decision']),
  nomineeIndexes: z.optional(z.array(z.int().check(z.gte(0), z.lt(200))).check(z.maxLength(200))),
  ground: z.enum(revocationGroundCodes),
  reason: reason(),
});
export type ProposeRevocationInput = z.infer<typeof ProposeRevocationInput>;

export const DecideRevocationInput = z.discriminatedUnion('decision', [
  z.strictObject({
    /** The proposal decided: also the request's idempotency key (the same answer again is a no-op). */
    proposalId: z.string().check(z.minLength(1), z.maxLength(100)),
    decision: z.literal('revoke'),
    /** The revocation decision, `<seq>/QĐ-UBND` from the document office (docs/domain.md §8). */
    decisionNumber: z.string().check(z.trim(), z.regex(/^\d{1,6}\/QĐ-UBND$/)),
    decisionDate: isoDate(),
  }),
  z.strictObject({ proposalId: z.string().check(z.minLength(1), z.maxLength(100)), decision: z.literal('decline'), reason: reason() }),
]);
export type DecideRevocationInput = z.infer<typeof DecideRevocationInput>;
