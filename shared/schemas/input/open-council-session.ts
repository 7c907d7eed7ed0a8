/** A council session the secretariat opens. */
import * as z from 'zod/mini';
import { maxDossiersPerSession } from '#domain/council';
import { isoDate, text } from './common.ts';

export const OpenCouncilSessionInput = z.strictObject({
  title: text(300),
  date: isoDate(),
  memberIds: z.array(text(128)).check(z.minLength(1), z.maxLength(100)),
  dossierIds: z.array(text(128)).check(z.minLength(1), z.maxLength(maxDossiersPerSession)),
  /** The unit each member heads, if any: members of a dossier's own unit are recused from it automatically. */
  memberUnits: z.optional(z.record(text(128), text(64))),
  /** Members' full names: a member who is a nominee of a dossier is recused from it automatically. */
  memberNames: z.optional(z.record(text(128), text(200))),
});
export type OpenCouncilSessionInput = z.infer<typeof OpenCouncilSessionInput>;
