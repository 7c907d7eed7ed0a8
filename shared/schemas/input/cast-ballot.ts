/** One secret ballot. */
import * as z from 'zod/mini';
import { ballotChoices } from '#domain/vote';
import { text } from './common.ts';

export const CastBallotInput = z.strictObject({ dossierId: text(128), choice: z.enum(ballotChoices) });
export type CastBallotInput = z.infer<typeof CastBallotInput>;
