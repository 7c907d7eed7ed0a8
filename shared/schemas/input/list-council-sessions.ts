/** Filters and page of the council-session list. */
import * as z from 'zod/mini';
import { sessionStates } from '#domain/council';
import { yearParam } from './common.ts';

export const ListCouncilSessionsQuery = z.object({
  state: z.optional(z.enum(sessionStates)),
  /** The year of the meeting date. */
  year: z.optional(yearParam()),
  limit: z._default(z.pipe(z.string().check(z.regex(/^[1-9]\d?$|^100$/)), z.transform(Number)), 50),
  /** The `next` of the previous page, as given. */
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,1000}$/))),
});
export type ListCouncilSessionsQuery = z.infer<typeof ListCouncilSessionsQuery>;
