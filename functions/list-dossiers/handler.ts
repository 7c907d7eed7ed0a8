import { listDossierPage } from '#adapters/dossier-list';
import { reportWorkbook } from '#adapters/report-workbook';
import { listUnits } from '#adapters/unit-repository';
import { type DossierListItem, EXPORT_MAX_ROWS, exportTable, listOrder, listStatuses, listUnitScope, searchWords, tooManyToExport } from '#domain/dossier-list';
import { tableCsv } from '#domain/report-render';
import { isUnitActor } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

/**
 * The dossier list (issue 26): a unit its own, the secretariat, the chair and the council every unit's;
 * filtered, sorted and paged through the indexes (adapters/dossier-list.ts), or exported whole as CSV / XLSX.
 */
const list = async ({ actor, query }: RouteInput<typeof routes.listDossiers>): Promise<ApiResult> => {
  const unitId = listUnitScope(actor, query.unit);
  const overdue = query.overdue ?? false;
  const request = {
    filters: { unitId, awardCode: query.form, statuses: listStatuses(query.status, isUnitActor(actor)), year: query.year, overdue, words: searchWords(query.q) },
    ...listOrder(query.sort, query.order, overdue),
  };
  const now = new Date();
  if (!query.format || query.format === 'json') return json(200, await listDossierPage(request, query.limit, query.cursor, now));

  // An export is every row the filters match, read page by page (each page bounded as the list's are).
  const rows: DossierListItem[] = [];
  let cursor = query.cursor;
  do {
    const page = await listDossierPage(request, 500, cursor, now);
    rows.push(...page.dossiers);
    if (rows.length > EXPORT_MAX_ROWS) throw tooManyToExport();
    cursor = page.next;
  } while (cursor);
  const units = Object.fromEntries((await listUnits()).map((u) => [u.unitId, u.name]));
  const table = exportTable(rows, units);
  const file = (type: string, ext: string) => ({ 'content-type': type, 'content-disposition': `attachment; filename="danh-sach-ho-so.${ext}"`, 'cache-control': 'no-store' });
  if (query.format === 'csv') return { statusCode: 200, headers: file('text/csv; charset=utf-8', 'csv'), body: tableCsv(table) };
  const xlsx = await reportWorkbook([table]);
  return { statusCode: 200, headers: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'), body: Buffer.from(xlsx).toString('base64'), isBase64Encoded: true };
};

export const handler = apiHandler({ listDossiers: routes.listDossiers }, { listDossiers: list });
