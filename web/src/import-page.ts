/**
 * Bulk import of units or people (admin, `#/import`): choose the file, upload it straight to S3, read the dry
 * run (every row's action, every error by row and column), apply. Its own module so the router only names it.
 */
import { api, ApiError } from './api.ts';
import { h } from './format.ts';
import { L, t, type Bilingual } from './i18n.ts';

interface Preview {
  import: { importId: string };
  counts: { rows: number; create: number; update: number; unchanged: number; errors: number };
  rows: { row: number; id: string; action?: string; changes?: string[] }[];
  errors: { row: number; column: string; code: string; message: Bilingual }[];
  truncated?: boolean;
}

const columnNames: Record<string, Bilingual> = {
  unitId: { vi: 'Mã đơn vị', en: 'Unit id' }, name: { vi: 'Tên', en: 'Name' }, shortName: { vi: 'Tên viết tắt', en: 'Short name' }, type: { vi: 'Loại', en: 'Type' },
  parentId: { vi: 'Đơn vị cấp trên', en: 'Parent unit' }, validFrom: { vi: 'Hiệu lực từ', en: 'Valid from' }, validTo: { vi: 'Hiệu lực đến', en: 'Valid to' },
  username: { vi: 'Tên đăng nhập', en: 'Username' }, email: { vi: 'Thư điện tử', en: 'E-mail' }, roles: { vi: 'Vai trò', en: 'Roles' }, startDate: { vi: 'Ngày bắt đầu', en: 'Start date' },
};
const actionNames: Record<string, Bilingual> = { create: { vi: 'Thêm mới', en: 'Create' }, update: { vi: 'Cập nhật', en: 'Update' }, unchanged: { vi: 'Không đổi', en: 'Unchanged' } };
/** The first rows are listed; the counts cover all of them. */
const LISTED = 1000;

const problem = (error: unknown) =>
  `<p class="error" role="alert">${h(error instanceof ApiError ? L(error.body.error.message) : t('Không kết nối được máy chủ, vui lòng thử lại', 'Could not reach the server, please try again'))}</p>`;

export function importPage(root: HTMLElement): void {
  root.innerHTML = `<h1>${h(t('Nhập danh mục từ tệp', 'Import the directory from a file'))}</h1>
    <p>${h(t('Tệp XLSX hoặc CSV UTF-8, tối đa 20 MB và 100.000 dòng; dòng tiêu đề theo mẫu trong hướng dẫn (README).', 'An XLSX or UTF-8 CSV file, at most 20 MB and 100,000 rows, with the header described in the README.'))}</p>
    <form id="import-form" novalidate>
      <label for="import-kind">${h(t('Danh mục', 'Directory'))}</label>
      <select id="import-kind" name="kind"><option value="units">${h(t('Đơn vị', 'Units'))}</option><option value="people">${h(t('Người dùng', 'People'))}</option></select>
      <label for="import-file">${h(t('Tệp', 'File'))}</label><input id="import-file" name="file" type="file" accept=".xlsx,.csv" required>
      <button class="primary" type="submit">${h(t('Tải lên và xem trước', 'Upload and preview'))}</button>
    </form>
    <section id="import-preview" aria-live="polite"></section>`;
  const form = root.querySelector<HTMLFormElement>('#import-form')!;
  const out = root.querySelector<HTMLElement>('#import-preview')!;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = root.querySelector<HTMLInputElement>('#import-file')!.files?.[0];
    const kind = root.querySelector<HTMLSelectElement>('#import-kind')!.value;
    const button = form.querySelector('button')!;
    if (!file) return void (out.innerHTML = `<p class="error" role="alert">${h(t('Chọn một tệp', 'Choose a file'))}</p>`);
    button.disabled = true;
    out.innerHTML = `<p>${h(t('Đang tải lên…', 'Uploading…'))}</p>`;
    try {
      const started = await api<{ import: { importId: string }; upload: { url: string; fields: Record<string, string> } }>('POST', '/api/directory-imports', { kind, fileName: file.name, size: file.size });
      const body = new FormData();
      for (const [k, v] of Object.entries(started.upload.fields)) body.append(k, v);
      body.append('file', file);
      const uploaded = await fetch(started.upload.url, { method: 'POST', body });
      if (!uploaded.ok) throw new ApiError(uploaded.status, { error: { code: 'UPLOAD', message: { vi: `Tải tệp lên không được (${uploaded.status})`, en: `The upload failed (${uploaded.status})` } } });
      showPreview(out, await api<Preview>('POST', `/api/directory-imports/${started.import.importId}/preview`));
    } catch (error) {
      out.innerHTML = problem(error);
    } finally {
      button.disabled = false;
    }
  });
}

function showPreview(out: HTMLElement, preview: Preview): void {
  const { counts } = preview;
  out.innerHTML = `<h2>${h(t('Xem trước', 'Preview'))}</h2>
    <p id="import-counts">${h(t(`${counts.rows} dòng: thêm mới ${counts.create}, cập nhật ${counts.update}, không đổi ${counts.unchanged}, lỗi ${counts.errors}`, `${counts.rows} rows: ${counts.create} to create, ${counts.update} to update, ${counts.unchanged} unchanged, ${counts.errors} errors`))}</p>
    ${preview.errors.length ? `<h3>${h(t('Lỗi (chưa ghi gì)', 'Errors (nothing written)'))}</h3>
    <table id="import-errors"><thead><tr><th>${h(t('Dòng', 'Row'))}</th><th>${h(t('Cột', 'Column'))}</th><th>${h(t('Lý do', 'Reason'))}</th></tr></thead>
    <tbody>${preview.errors.map((e) => `<tr data-row="${e.row}" data-column="${h(e.column)}" data-code="${h(e.code)}"><td>${e.row}</td><td>${h(L(columnNames[e.column]) || e.column)}</td><td>${h(L(e.message))}</td></tr>`).join('')}</tbody></table>` : ''}
    <table id="import-rows"><thead><tr><th>${h(t('Dòng', 'Row'))}</th><th>${h(t('Mã', 'Id'))}</th><th>${h(t('Thao tác', 'Action'))}</th></tr></thead>
    <tbody>${preview.rows.slice(0, LISTED).map((r) => `<tr data-row="${r.row}"><td>${r.row}</td><td><code>${h(r.id)}</code></td><td>${h(r.action ? L(actionNames[r.action]) : t('Lỗi', 'Error'))}${r.changes ? ` (${h(r.changes.map((c) => L(columnNames[c]) || c).join(', '))})` : ''}</td></tr>`).join('')}</tbody></table>
    ${preview.rows.length > LISTED || preview.truncated ? `<p>${h(t(`Chỉ liệt kê ${LISTED} dòng đầu.`, `Only the first ${LISTED} rows are listed.`))}</p>` : ''}
    <form id="import-apply-form"><button class="primary" id="import-apply" type="submit"${counts.errors ? ' disabled' : ''}>${h(t('Nhập vào danh mục', 'Apply to the directory'))}</button></form>
    <p id="import-result" aria-live="polite"></p>`;
  const applyForm = out.querySelector<HTMLFormElement>('#import-apply-form')!;
  const result = out.querySelector<HTMLElement>('#import-result')!;
  applyForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = applyForm.querySelector('button')!;
    button.disabled = true;
    let created = 0;
    let updated = 0;
    try {
      // Each call works a bounded time; the import goes on where it stopped until nothing remains.
      for (;;) {
        const step = await api<{ created: number; updated: number; remaining: number }>('POST', `/api/directory-imports/${preview.import.importId}/apply`);
        created += step.created;
        updated += step.updated;
        result.textContent = t(`Đã thêm ${created}, cập nhật ${updated}; còn ${step.remaining}`, `Created ${created}, updated ${updated}; ${step.remaining} to go`);
        if (step.remaining === 0) break;
      }
      result.textContent = t(`Xong: đã thêm ${created}, cập nhật ${updated}.`, `Done: ${created} created, ${updated} updated.`);
    } catch (error) {
      result.innerHTML = problem(error);
      button.disabled = false;
    }
  });
}
