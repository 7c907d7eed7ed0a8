/** Filters of the dossier list. */
import * as z from 'zod/mini';
import { dossierStatuses } from '#domain/lifecycle';
import { yearParam } from './common.ts';

export const ListDossiersQuery = z.object({
  year: z.optional(yearParam()),
  status: z.optional(z.enum(dossierStatuses)),
  limit: z._default(z.pipe(z.string().check(z.regex(/^[1-9]\d{0,2}$/)), z.transform(Number)), 100),
});
export type ListDossiersQuery = z.infer<typeof ListDossiersQuery>;
