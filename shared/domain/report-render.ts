/**
 * The year-end report's files as text: a CSV per table and a self-contained HTML page with inline SVG charts
 * (the XLSX workbook is the renderer's adapter, report-workbook.ts). Pure; apart from the figures
 * (year-end.ts), so the function that renders loads none of the counting.
 */
import { stringify } from 'csv-stringify/sync';
import { formatDateVi } from './calendar.ts';
import type { ReportTable, YearEndReport } from './year-end.ts';

/**
 * Where a version of a year's report keeps its files: written by the renderer, registered by the job. The
 * content hash is part of it, so a renderer still writing after its job gave up (a timeout, a crash) can only
 * ever write its own figures' folder, never over a version another run registered with different figures.
 */
export const reportPrefix = (year: number, version: number, contentHash: string): string => `reports/${year}/v${version}-${contentHash.slice(0, 12)}/`;

/** The version's manifest, written last: its figures, and the proof that every other file was written. */
export const SUMMARY_FILE = 'summary.json';

/**
 * One table as CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read Vietnamese correctly). Every text cell
 * is quoted and one that a spreadsheet would run as a formula (=, +, -, @, tab, CR, and their full-width forms)
 * gets a leading single quote, as OWASP advises against CSV injection: names in these tables are typed by people.
 */
export function tableCsv(table: ReportTable): string {
  const records = [table.columns.map((x) => x.vi), ...table.rows];
  return stringify(records as (string | number)[][], { bom: true, record_delimiter: 'windows', quoted_string: true, escape_formulas: true });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** Horizontal bar chart as inline SVG: no script, prints as it shows. */
export function barChartSvg(title: string, bars: readonly { label: string; value: number }[], unit = ''): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowH = 26;
  const height = bars.length * rowH + 34;
  const rows = bars.map((b, i) => {
    const y = 30 + i * rowH;
    const w = Math.round((b.value / max) * 300);
    return `<text x="0" y="${y + 14}" font-size="12">${escapeHtml(b.label)}</text><rect x="260" y="${y}" width="${w}" height="18" fill="#0b5394"/><text x="${266 + w}" y="${y + 14}" font-size="12">${b.value}${unit}</text>`;
  });
  return `<svg role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" width="640" height="${height}" viewBox="0 0 640 ${height}"><title>${escapeHtml(title)}</title><text x="0" y="16" font-size="14" font-weight="bold">${escapeHtml(title)}</text>${rows.join('')}</svg>`;
}

/** The charts the report page shows: awards by form, direct-worker share over the years, awards by cluster. */
export function reportCharts(report: YearEndReport): string[] {
  const byForm = report.tables.find((t) => t.id === '0603')!.rows.slice(0, -1).map((r) => ({ label: String(r[0]), value: Number(r[1]) }));
  const shares = report.directWorkerShareByYear.map((h) => ({ label: String(h.year), value: h.share === null ? 0 : Math.round(h.share * 1000) / 10 }));
  const byCluster = report.tables.find((t) => t.id === 'cum-khoi')!.rows.map((r) => ({ label: String(r[0]), value: Number(r[5]) }));
  return [
    barChartSvg('Số lượt khen theo hình thức / Awards by form', byForm),
    barChartSvg('Tỷ lệ lao động trực tiếp / Direct-worker share', shares, ' %'),
    ...(byCluster.length ? [barChartSvg('Số lượt khen theo cụm, khối / Awards by cluster', byCluster)] : []),
  ];
}

/** A self-contained HTML page of the report (Vietnamese, English under each heading). */
export function reportHtml(report: YearEndReport, generatedAt: string, version: number): string {
  const tables = report.tables.map((t) => {
    const head = t.columns.map((x) => `<th scope="col">${escapeHtml(x.vi)}<br><span lang="en">${escapeHtml(x.en)}</span></th>`).join('');
    const body = t.rows.map((r) => `<tr>${r.map((v, i) => (i === 0 ? `<th scope="row">${escapeHtml(String(v))}</th>` : `<td>${escapeHtml(String(v))}</td>`)).join('')}</tr>`).join('');
    const note = t.note ? `<p class="note">${escapeHtml(t.note.vi)} <span lang="en">${escapeHtml(t.note.en)}</span></p>` : '';
    return `<section id="${t.id}"><h2>${escapeHtml(t.title.vi)}<br><small lang="en">${escapeHtml(t.title.en)}</small></h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${note}</section>`;
  });
  const v = report.verification;
  const check = v.matched
    ? '<p class="ok">Bộ đếm khớp với kiểm đếm lại toàn bộ hồ sơ. <span lang="en">Counters match a full recount of the records.</span></p>'
    : `<p class="warn">Bộ đếm KHÔNG khớp với kiểm đếm lại (${v.differences.length} chỉ tiêu); số liệu dưới đây theo kiểm đếm lại. <span lang="en">Counters do NOT match the recount; figures below are the recount's.</span></p>`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Báo cáo thi đua, khen thưởng năm ${report.year}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #888;padding:.3rem .5rem;text-align:right}th[scope=row],thead th{text-align:left;background:#f0f4f8}small,span[lang=en]{color:#444;font-weight:normal}.warn{color:#8a1c1c;font-weight:bold}.ok{color:#1d5e20}</style></head>
<body><h1>Báo cáo thi đua, khen thưởng năm ${report.year}<br><small lang="en">Emulation and commendation report ${report.year}</small></h1>
<p>Phiên bản ${version}, lập ngày ${formatDateVi(generatedAt)}. Tổng số hồ sơ đã kết thúc: ${report.totals.closedDossiers}; được khen: ${report.totals.awarded} hồ sơ, ${report.totals.awards} lượt.</p>${check}
${reportCharts(report).join('\n')}
${tables.join('\n')}
</body></html>`;
}
