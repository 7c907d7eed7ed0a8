import middy from '@middy/core';
import { putReport } from '#adapters/reports';
import { listAwards } from '#adapters/dossier-repository';
import { localDate } from '#domain/calendar';
import * as z from 'zod/mini';
import { parseInput } from '#schemas/validation';

/** The schedule fires in December for the current year; an operator may name another year. */
const AggregateInput = z.object({ year: z.optional(z.number().check(z.int(), z.gte(2000), z.lte(2100))) });

/** Year-end summary from the awards register: awards per form, written to reports/<year>/summary.json. */
const aggregate = async (payload: unknown) => {
  const input = parseInput(AggregateInput, payload ?? {});
  const year = input.year ?? Number(localDate(new Date()).slice(0, 4));
  const awards = await listAwards(year);
  const byAwardForm: Record<string, number> = {};
  for (const a of awards) byAwardForm[a.awardCode] = (byAwardForm[a.awardCode] ?? 0) + 1;
  const summary = { year, generatedAt: new Date().toISOString(), totalAwards: awards.length, byAwardForm };
  const key = `reports/${year}/summary.json`;
  await putReport(key, JSON.stringify(summary, null, 2), 'application/json');
  return { key, totalAwards: awards.length };
};

export const handler = middy().handler(aggregate);
