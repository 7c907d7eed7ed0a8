import middy from '@middy/core';
import { renderInLambda } from '#adapters/report-renderer';
import { runYearEnd } from '#adapters/year-end';
import { assertCanRunReports } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { ReportYearParams } from '#schemas/input/report-year';
import { parseInput } from '#schemas/validation';

/**
 * POST /api/reports/{year}/run — the year-end aggregation on demand (secretariat head, admin): a new version
 * only when the figures changed. Its own function, so reading a report never loads the report builder.
 */
const runReport = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const { year } = parseInput(ReportYearParams, event.pathParameters ?? {});
  assertCanRunReports(actor);
  const run = await runYearEnd(year, new Date(), { render: renderInLambda });
  return json(run.created ? 201 : 200, run);
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(runReport);
