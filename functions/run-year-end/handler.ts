import { renderInLambda } from '#adapters/report-renderer';
import { runYearEnd } from '#adapters/year-end';
import { assertCanRunReports } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/provincial';

/**
 * POST /api/reports/{year}/run — the year-end aggregation on demand (secretariat head, admin): a new version
 * only when the figures changed. Its own function, so reading a report never loads the report builder.
 */
const runReport = async ({ actor, path }: RouteInput<typeof routes.runYearEnd>): Promise<ApiResult> => {
  // The year is checked before the role (the order of answers callers know).
  const { year } = path;
  assertCanRunReports(actor);
  const run = await runYearEnd(year, new Date(), { render: renderInLambda });
  return json(run.created ? 201 : 200, run);
};

export const handler = apiHandler({ runYearEnd: routes.runYearEnd }, { runYearEnd: runReport });
