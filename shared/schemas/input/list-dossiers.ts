/** Filters, order and page of the dossier list, and its export (issue 26). */
import * as z from 'zod/mini';
import { awardCodes } from '#domain/catalogue';
import { dossierStatuses } from '#domain/lifecycle';
import { yearParam } from './common.ts';

/** A status, or a group of them: `active` (being worked on: the secretariat's default) or `all`. */
export const listStatusValues = [...dossierStatuses, 'active', 'all'] as const;
export const listSorts = ['updated', 'deadline'] as const;
export const listOrders = ['desc', 'asc'] as const;
export const listFormats = ['json', 'csv', 'xlsx'] as const;

export const ListDossiersQuery = z.object({
  /** The submitting unit (a unit's own people may give only their own). */
  unit: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/))),
  /** The award form (its catalogue code). */
  form: z.optional(z.enum(awardCodes)),
  status: z.optional(z.enum(listStatusValues)),
  year: z.optional(yearParam()),
  /** Only dossiers whose waiting step is past its deadline (listed by deadline). */
  overdue: z.optional(z.pipe(z.enum(['true', 'false']), z.transform((v) => v === 'true'))),
  /** Words in the title or a nominee's name; case and diacritics do not matter. */
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  /** `updated` (last change; default) or `deadline` (due date of the waiting step: dossiers waiting on a step). */
  sort: z.optional(z.enum(listSorts)),
  /** `desc` (default for `updated`) or `asc` (default for `deadline`). */
  order: z.optional(z.enum(listOrders)),
  limit: z._default(z.pipe(z.string().check(z.regex(/^(?:[1-9]\d?|[1-4]\d\d|500)$/)), z.transform(Number)), 100),
  /** The `next` of the previous page, as given. */
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,1000}$/))),
  /** `csv` or `xlsx`: every dossier the filters match (not a page), as a file with Vietnamese headers. */
  format: z.optional(z.enum(listFormats)),
});
export type ListDossiersQuery = z.infer<typeof ListDossiersQuery>;
