import middy from '@middy/core';
import { getReportText, presignReport } from '#adapters/reports';
import { latestReport, reportVersion } from '#adapters/report-versions';
import { NotFoundError } from '#domain/errors';
import { SUMMARY_FILE } from '#domain/report-render';
import { assertCanReadReports } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { ReportYearParams } from '#schemas/input/report-year';
import { parseInput } from '#schemas/validation';
import * as z from 'zod/mini';

const VersionQuery = z.object({ version: z.optional(z.pipe(z.string().check(z.regex(/^[1-9]\d{0,3}$/)), z.transform(Number))) });

/** A year's report (latest or a named version) with its tables and short download links. */
const yearEndReport = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const { year } = parseInput(ReportYearParams, event.pathParameters ?? {});
  assertCanReadReports(actor);
  const { version } = parseInput(VersionQuery, event.queryStringParameters ?? {});
  const record = version ? await reportVersion(year, version) : await latestReport(year);
  if (!record) {
    throw new NotFoundError({ field: version ? 'version' : 'year', messages: { vi: `Chưa có báo cáo năm ${year}${version ? ` phiên bản ${version}` : ''}`, en: `No ${year} report${version ? ` version ${version}` : ''} yet` } });
  }
  const summaryKey = record.prefix + SUMMARY_FILE;
  const summary = JSON.parse((await getReportText(summaryKey)) ?? '{}') as Record<string, unknown>;
  const files = await Promise.all(record.files.map(async (f) => ({ ...f, url: await presignReport(f.key, f.key.slice(record.prefix.length)) })));
  return json(200, { report: { ...record, files }, tables: summary.tables ?? [], directWorkerShareByYear: summary.directWorkerShareByYear ?? [], verification: summary.verification });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(yearEndReport);
