import { reportHtml, reportPrefix, SUMMARY_FILE, tableCsv } from '#domain/report-render';
import type { RenderRequest } from '#schemas/input/render-report';
import type { RenderReportResult } from '#schemas/report-files';
import { putReport } from './reports.ts';

/**
 * Writes every file of one report version under reports/<year>/v<n>-<hash>/: a CSV per table, the XLSX workbook, the
 * HTML page, and summary.json last (the manifest of a complete version). Writing the same version again
 * overwrites the same keys, so a retried or repeated render leaves one complete set.
 */
export async function writeReportFiles({ year, version, generatedAt, report }: RenderRequest): Promise<RenderReportResult> {
  const prefix = reportPrefix(year, version, report.contentHash);
  const files: RenderReportResult['files'] = [];
  const put = async (name: string, body: string | Uint8Array, contentType: string, label: string) => {
    files.push({ key: await putReport(prefix + name, body, contentType), contentType, label });
  };
  for (const t of report.tables) await put(`${t.id}.csv`, tableCsv(t), 'text/csv; charset=utf-8', t.title.vi);
  // The workbook writer is only needed here, once a year: loaded on this path, not at cold start.
  const { reportWorkbook } = await import('./report-workbook.ts');
  await put(`bao-cao-${year}.xlsx`, await reportWorkbook(report.tables), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Sổ tính Excel / XLSX workbook');
  await put('index.html', reportHtml(report, generatedAt, version), 'text/html; charset=utf-8', 'Trang báo cáo / Report page');
  await put(SUMMARY_FILE, JSON.stringify({ version, generatedAt, ...report }, null, 2), 'application/json', 'Số liệu JSON / JSON data');
  return { files };
}
