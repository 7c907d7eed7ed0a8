import writeXlsxFile from 'write-excel-file/node';
import type { ReportTable } from '#domain/year-end';

/** The report as an XLSX workbook: one sheet per table, Vietnamese headers, numbers as numbers. */
export async function reportWorkbook(tables: readonly ReportTable[]): Promise<Uint8Array> {
  const sheets = tables.map((t) => ({
    sheet: t.id.slice(0, 31),
    stickyRowsCount: 2,
    data: [
      [{ value: t.title.vi, fontWeight: 'bold' as const }],
      t.columns.map((c) => ({ value: c.vi, fontWeight: 'bold' as const, wrap: true })),
      ...t.rows.map((r) => r.map((v) => (v === '' ? null : { value: v, type: typeof v === 'number' ? Number : String }))),
    ],
    columns: t.columns.map((_, i) => ({ width: i === 0 ? 40 : 16 })),
  }));
  return new Uint8Array(await writeXlsxFile(sheets as never).toBuffer());
}
