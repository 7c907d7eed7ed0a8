/**
 * The dossier list (`#/dossiers`, issue 26): the same page for a unit (its own dossiers) and for the
 * secretariat, the chair and the council (every unit's) — filters, sort, pages and an export of what is
 * filtered, all through GET /api/dossiers. Filters live in the address, so a list can be bookmarked and the
 * back button works; the cursors of earlier pages ride along (`back`) for "previous page", since a cursor only
 * reads forward. Its own module so the router only names it.
 */
import { api, ApiError, getConfig, session } from './api.ts';
import { formatDate, h } from './format.ts';
import { L, statusNames, stepNames, t, type Bilingual } from './i18n.ts';
import { dossierStatuses } from '#domain/lifecycle';

interface ListRow { id: string; title: string; unitId: string; awardCode: string; year: number; status: string; nominees: string[]; updatedAt: string; submittedAt?: string; step?: string; dueAt?: string; overdue?: boolean }
interface Catalogue { awardForms: { code: string; name: Bilingual }[] }
interface Unit { unitId: string; name: string }

/** The list's own query keys: the filters the API takes, the page's cursor and the earlier pages' cursors. */
const filterKeys = ['q', 'unit', 'form', 'status', 'year', 'overdue', 'sort', 'order'] as const;
const groupNames: Record<string, Bilingual> = {
  '': { vi: 'Đang xử lý (mặc định)', en: 'In progress (default)' },
  active: { vi: 'Đang xử lý', en: 'In progress' },
  all: { vi: 'Tất cả', en: 'All' },
};

const problem = (error: unknown) =>
  `<p class="error" role="alert">${h(error instanceof ApiError ? L(error.body.error.message) : t('Không kết nối được máy chủ, vui lòng thử lại', 'Could not reach the server, please try again'))}</p>`;

/** The filters as the API takes them (empty ones left out). */
function filtersOf(query: URLSearchParams): URLSearchParams {
  return new URLSearchParams(filterKeys.flatMap((k) => (query.get(k) ? [[k, query.get(k)!] as [string, string]] : [])));
}

export async function dossierListPage(root: HTMLElement, query: URLSearchParams, options: { isUnit: boolean; canCreate: boolean }): Promise<void> {
  const filters = filtersOf(query);
  const cursor = query.get('cursor') ?? '';
  const back = (query.get('back') ?? '').split('.').filter((c) => c !== '');
  const [cat, { units }] = await Promise.all([api<Catalogue>('GET', '/api/public/catalogue'), api<{ units: Unit[] }>('GET', '/api/units')]);
  const unitName = (id: string) => units.find((u) => u.unitId === id)?.name ?? id;
  const formName = (code: string) => L(cat.awardForms.find((f) => f.code === code)?.name ?? { vi: code, en: code });
  const selected = (name: string, value: string) => ((filters.get(name) ?? '') === value ? ' selected' : '');
  const choiceList = (name: string, values: [string, string][]) => values.map(([v, label]) => `<option value="${h(v)}"${selected(name, v)}>${h(label)}</option>`).join('');
  const statusChoices: [string, string][] = [
    ['', options.isUnit ? t('Tất cả', 'All') : L(groupNames['']!)],
    ...(options.isUnit ? [] : ([['active', L(groupNames.active!)], ['all', L(groupNames.all!)]] as [string, string][])),
    ...dossierStatuses.filter((s) => options.isUnit || s !== 'Draft').map((s) => [s, L(statusNames[s])] as [string, string]),
  ];
  root.innerHTML = `<h1>${h(options.isUnit ? t('Hồ sơ của đơn vị', 'Our dossiers') : t('Danh sách hồ sơ đề nghị khen thưởng', 'Award dossiers'))}</h1>
    ${options.canCreate ? `<p><a href="#/dossiers/new" id="new-dossier">${h(t('+ Tạo hồ sơ mới', '+ New dossier'))}</a></p>` : ''}
    <form id="list-filters" class="filters" role="search">
      <div class="field"><label for="f-q">${h(t('Tìm theo tên hồ sơ, người được đề nghị', 'Search title or nominee'))}</label><input id="f-q" name="q" type="search" maxlength="100" value="${h(filters.get('q') ?? '')}"></div>
      ${options.isUnit ? '' : `<div class="field"><label for="f-unit">${h(t('Đơn vị trình', 'Submitting unit'))}</label><select id="f-unit" name="unit">${choiceList('unit', [['', t('Tất cả đơn vị', 'All units')], ...units.map((u) => [u.unitId, u.name] as [string, string])])}</select></div>`}
      <div class="field"><label for="f-form">${h(t('Danh hiệu, hình thức khen thưởng', 'Award form'))}</label><select id="f-form" name="form">${choiceList('form', [['', t('Tất cả', 'All')], ...cat.awardForms.map((f) => [f.code, L(f.name)] as [string, string])])}</select></div>
      <div class="field"><label for="f-status">${h(t('Trạng thái', 'Status'))}</label><select id="f-status" name="status">${choiceList('status', statusChoices)}</select></div>
      <div class="field"><label for="f-year">${h(t('Năm thi đua', 'Year'))}</label><input id="f-year" name="year" inputmode="numeric" maxlength="4" value="${h(filters.get('year') ?? '')}"></div>
      <div class="field"><label class="inline"><input type="checkbox" id="f-overdue" name="overdue" value="true"${filters.get('overdue') === 'true' ? ' checked' : ''}> ${h(t('Chỉ hồ sơ quá hạn xử lý', 'Overdue only'))}</label></div>
      <div class="field"><label for="f-sort">${h(t('Sắp xếp theo', 'Sort by'))}</label><select id="f-sort" name="sort">${choiceList('sort', [['', t('Ngày cập nhật', 'Last change')], ['deadline', t('Hạn xử lý', 'Deadline')]])}</select></div>
      <div class="field"><label for="f-order">${h(t('Thứ tự', 'Order'))}</label><select id="f-order" name="order">${choiceList('order', [['', t('Mặc định', 'Default')], ['desc', t('Mới nhất / muộn nhất trước', 'Newest / latest first')], ['asc', t('Cũ nhất / sớm nhất trước', 'Oldest / earliest first')]])}</select></div>
      <div class="field actions"><button class="primary" type="submit">${h(t('Lọc', 'Filter'))}</button>
      <button class="secondary" type="button" data-export="xlsx">${h(t('Xuất Excel', 'Export Excel'))}</button>
      <button class="secondary" type="button" data-export="csv">${h(t('Xuất CSV', 'Export CSV'))}</button></div>
    </form>
    <div id="list-body" aria-live="polite"></div>`;
  const form = root.querySelector<HTMLFormElement>('#list-filters')!;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams([...new FormData(form)].map(([k, v]) => [k, String(v).trim()] as [string, string]).filter(([, v]) => v !== ''));
    location.hash = `#/dossiers${next.size ? `?${next}` : ''}`;
  });
  form.querySelectorAll<HTMLButtonElement>('[data-export]').forEach((b) => b.addEventListener('click', () => void exportList(form, filters, b.dataset.export!)));

  const body = root.querySelector<HTMLElement>('#list-body')!;
  let page: { dossiers: ListRow[]; next?: string };
  try {
    page = await api('GET', `/api/dossiers?${new URLSearchParams([...filters, ['limit', '20'], ...(cursor ? [['cursor', cursor] as [string, string]] : [])])}`);
  } catch (error) {
    body.innerHTML = problem(error);
    return;
  }
  // Previous page: the cursor before this one (the first page has none); next page: this page's `next`.
  const link = (to: string | undefined, stack: string[]) => `#/dossiers?${new URLSearchParams([...filters, ...(to ? [['cursor', to] as [string, string]] : []), ...(stack.length ? [['back', stack.join('.')] as [string, string]] : [])])}`;
  const previous = cursor ? link(back.at(-1) === '-' ? undefined : back.at(-1), back.slice(0, -1)) : undefined;
  const next = page.next ? link(page.next, [...back, cursor || '-']) : undefined;
  body.innerHTML = `<table id="dossier-list"><thead><tr><th>${h(t('Tên hồ sơ', 'Title'))}</th><th>${h(t('Đơn vị trình', 'Submitting unit'))}</th><th>${h(t('Hình thức', 'Award form'))}</th><th>${h(t('Năm', 'Year'))}</th><th>${h(t('Trạng thái', 'Status'))}</th><th>${h(t('Cập nhật', 'Updated'))}</th><th>${h(t('Hạn xử lý', 'Deadline'))}</th></tr></thead>
    <tbody>${page.dossiers.map((d) => `<tr data-dossier="${h(d.id)}"><td data-label="${h(t('Hồ sơ', 'Dossier'))}"><a href="#/dossiers/${h(d.id)}">${h(d.title)}</a>${d.nominees.length ? `<br><small>${h(d.nominees.slice(0, 3).join(', '))}${d.nominees.length > 3 ? '…' : ''}</small>` : ''}</td><td data-label="${h(t('Đơn vị trình', 'Submitting unit'))}">${h(unitName(d.unitId))}</td><td data-label="${h(t('Hình thức', 'Award form'))}">${h(formName(d.awardCode))}</td><td data-label="${h(t('Năm', 'Year'))}">${d.year}</td><td data-label="${h(t('Trạng thái', 'Status'))}"><span class="badge" data-status="${h(d.status)}">${h(L(statusNames[d.status]))}</span></td><td data-label="${h(t('Cập nhật', 'Updated'))}">${h(formatDate(d.updatedAt))}</td><td data-label="${h(t('Hạn xử lý', 'Deadline'))}"${d.overdue ? ' class="overdue"' : ''}>${d.dueAt ? `${h(L(stepNames[d.step ?? '']))}: ${h(formatDate(d.dueAt))}${d.overdue ? ` — ${h(t('quá hạn', 'overdue'))}` : ''}` : ''}</td></tr>`).join('') || `<tr><td colspan="7">${h(t('Không có hồ sơ nào khớp với bộ lọc', 'No dossier matches the filters'))}</td></tr>`}</tbody></table>
    <nav class="pager" aria-label="${h(t('Phân trang', 'Pages'))}">${previous ? `<a id="list-prev" href="${h(previous)}">${h(t('‹ Trang trước', '‹ Previous page'))}</a>` : ''} ${next ? `<a id="list-next" href="${h(next)}">${h(t('Trang sau ›', 'Next page ›'))}</a>` : ''}</nav>`;
}

/** Downloads every dossier the shown filters match (not only this page) as XLSX or CSV. */
async function exportList(form: HTMLFormElement, filters: URLSearchParams, format: string): Promise<void> {
  form.querySelectorAll('.error').forEach((e) => e.remove());
  const res = await fetch(`${getConfig().apiUrl}/api/dossiers?${new URLSearchParams([...filters, ['format', format]])}`, { headers: session.token ? { authorization: `Bearer ${session.token}` } : {} }).catch(() => undefined);
  if (!res?.ok) {
    const body = res ? ((await res.json().catch(() => undefined)) as ApiError['body'] | undefined) : undefined;
    form.insertAdjacentHTML('beforeend', problem(body ? new ApiError(res!.status, body) : undefined));
    return;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `danh-sach-ho-so.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
