/** The year-end report: its tables, its files, and (for the secretariat head) aggregating it again. */
import { api } from './api.ts';
import { formatDateTime, h } from './format.ts';
import { L, num, t } from './i18n.ts';
import type { Bilingual } from './i18n.ts';
import { has, main, onSubmit, route, showError } from './page-kit.ts';

export async function reportsPage(year: number, gen: number): Promise<void> {
  main(gen).innerHTML = `<h1>${h(t('Báo cáo thi đua, khen thưởng năm', 'Year-end report'))} ${year}</h1>
    <form id="report-year"><label for="report-year-input">${h(t('Năm', 'Year'))}</label><input id="report-year-input" name="year" type="number" value="${year}"><button class="secondary" type="submit">${h(t('Xem', 'Show'))}</button>
    ${has('secretariatHead', 'admin') ? `<button class="primary" type="submit" name="run" value="1">${h(t('Tổng hợp lại ngay', 'Aggregate now'))}</button>` : ''}</form><div id="report"></div>`;
  const form = document.getElementById('report-year') as HTMLFormElement;
  onSubmit(form, async (d) => {
    const y = Number(d.get('year'));
    if (d.get('run')) await api('POST', `/api/reports/${y}/run`);
    location.hash = `#/reports/${y}`;
    await route();
  });
  try {
    const view = await api<{ report: { version: number; generatedAt: string; countersMatched: boolean; files: { key: string; url: string; label: string }[] }; tables: { id: string; title: Bilingual; columns: Bilingual[]; rows: (string | number)[][] }[] }>('GET', `/api/reports/${year}`);
    const files = view.report.files.filter((f) => /\.(xlsx|html|json)$/.test(f.key) || f.key.endsWith('0603.csv'));
    document.getElementById('report')!.innerHTML = `<p>${h(t('Phiên bản', 'Version'))} ${view.report.version}, ${h(formatDateTime(view.report.generatedAt))} — ${h(view.report.countersMatched ? t('bộ đếm khớp kiểm đếm lại', 'counters match the recount') : t('bộ đếm KHÔNG khớp', 'counters do NOT match'))}</p>
      <p>${files.map((f) => `<a href="${h(f.url)}" download>${h(f.key.split('/').pop())}</a>`).join(' · ')}</p>
      ${view.tables.map((tb) => `<h2>${h(L(tb.title))}</h2><table data-table="${h(tb.id)}"><thead><tr>${tb.columns.map((c) => `<th scope="col">${h(L(c))}</th>`).join('')}</tr></thead><tbody>${tb.rows.map((r) => `<tr>${r.map((v) => `<td>${h(typeof v === 'number' ? num(v) : v)}</td>`).join('')}</tr>`).join('')}</tbody></table>`).join('')}`;
  } catch (error) {
    showError(document.getElementById('report')!, error);
  }
}
