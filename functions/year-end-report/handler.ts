import { getReportText, presignReport } from '#adapters/reports';
import { latestReport, reportVersion } from '#adapters/report-versions';
import { NotFoundError } from '#domain/errors';
import { SUMMARY_FILE } from '#domain/report-render';
import { assertCanReadReports } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/provincial';

/** A year's report (latest or a named version) with its tables and short download links. */
const yearEndReport = async (request: RouteInput<typeof routes.yearEndReport>): Promise<ApiResult> => {
  // The year is checked before the role, the version after it (the order of answers callers know).
  const { year } = request.path;
  assertCanReadReports(request.actor);
  const { version } = request.query;
  const record = version ? await reportVersion(year, version) : await latestReport(year);
  if (!record) {
    throw new NotFoundError({ field: version ? 'version' : 'year', messages: { vi: `Chưa có báo cáo năm ${year}${version ? ` phiên bản ${version}` : ''}`, en: `No ${year} report${version ? ` version ${version}` : ''} yet` } });
  }
  const summaryKey = record.prefix + SUMMARY_FILE;
  const summary = JSON.parse((await getReportText(summaryKey)) ?? '{}') as Record<string, unknown>;
  const files = await Promise.all(record.files.map(async (f) => ({ ...f, url: await presignReport(f.key, f.key.slice(record.prefix.length)) })));
  return json(200, { report: { ...record, files }, tables: summary.tables ?? [], directWorkerShareByYear: summary.directWorkerShareByYear ?? [], verification: summary.verification });
};

export const handler = apiHandler({ yearEndReport: routes.yearEndReport }, { yearEndReport });
