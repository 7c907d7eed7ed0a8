import middy from '@middy/core';
import { renderInLambda } from '#adapters/report-renderer';
import { runYearEnd } from '#adapters/year-end';
import { notifySecretariat } from '#adapters/year-end-notice';
import { emitCounts } from '#adapters/metrics';
import { metricNames } from '#domain/metrics';
import { FIRST_REPORT_YEAR, localDate } from '#domain/calendar';
import * as z from 'zod/mini';
import { parseInput } from '#schemas/validation';

/** The schedule fires on 20 December for the current year; an operator may name another year. */
const AggregateInput = z.object({ year: z.optional(z.number().check(z.int(), z.gte(FIRST_REPORT_YEAR), z.lte(2100))) });

/**
 * Year-end statistics: verify the counters against a recount; when the figures changed, have render-year-end
 * write reports/<year>/v<n>-<hash>/ (JSON, CSV, XLSX, HTML), register the version, and email the secretariat the
 * link once per version.
 */
const aggregate = async (payload: unknown) => {
  const input = parseInput(AggregateInput, payload ?? {});
  const now = new Date();
  const year = input.year ?? Number(localDate(now).slice(0, 4));
  const { report, created } = await runYearEnd(year, now, { render: renderInLambda, notify: notifySecretariat });
  // The heartbeat the "year-end job did not run" alarm watches.
  await emitCounts({ [metricNames.heartbeat]: 1 });
  return { year, version: report.version, created, prefix: report.prefix, countersMatched: report.countersMatched, totals: report.totals };
};

export const handler = middy().handler(aggregate);
