/** A council session the secretariat opens. */
import * as z from 'zod/mini';
import { maxDossiersPerSession } from '#domain/council';
import { isoDate, text } from './common.ts';

/**
 * The electorate is not an input: it is the roster in force on the session's date. The secretary only marks
 * members of that roster absent (by username); any other key, `memberIds` included, is refused by name.
 */
export const OpenCouncilSessionInput = z.strictObject({
  title: text(300),
  date: isoDate(),
  dossierIds: z.array(text(128)).check(z.minLength(1), z.maxLength(maxDossiersPerSession)),
  absentUsernames: z.optional(z.array(text(64)).check(z.maxLength(90))),
});
export type OpenCouncilSessionInput = z.infer<typeof OpenCouncilSessionInput>;
