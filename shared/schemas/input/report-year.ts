import * as z from 'zod/mini';
import { FIRST_REPORT_YEAR, localDate } from '#domain/calendar';
import { yearParam } from './common.ts';

/**
 * A report year from the path: not before the system's first year, not in the future (Vietnam's calendar
 * year decides what "future" is).
 */
export const ReportYearParams = z.object({
  year: z.pipe(
    yearParam(),
    z.int().check(
      z.gte(FIRST_REPORT_YEAR),
      z.refine((y) => y <= Number(localDate(new Date()).slice(0, 4)), {
        params: { vi: 'Năm báo cáo chưa đến', en: 'The report year is in the future' },
        message: 'The report year is in the future',
      }),
    ),
  ),
});

/** `?version=n`: one version of a year's report; without it, the latest. */
export const ReportVersionQuery = z.object({ version: z.optional(z.pipe(z.string().check(z.regex(/^[1-9]\d{0,3}$/)), z.transform(Number))) });
