/** The directory (admin): units, people, and the directory's changes. */
import { api } from './api.ts';
import { formatDate, formatDateTime, h, todayInVietnam } from './format.ts';
import { L, t } from './i18n.ts';
import type { Bilingual } from './i18n.ts';
import { directoryEntities, directoryEntityNames } from '#domain/directory-entities';
import { roles } from '#domain/roles';
import { unitTypeNames, unitTypes } from '#domain/unit-types';
import { mailDeliveryBadge, mailDeliveryNote } from './mail-delivery.ts';
import type { MailDeliveryView } from './mail-delivery.ts';
import { citation, filled, getCatalogue, main, onSubmit, percent, roleLabel, route } from './page-kit.ts';

interface UnitView { unitId: string; name: string; shortName: string; type: string; parentId?: string; validFrom: string; validTo?: string; active: boolean; version: number; names: { name: string; shortName: string; from: string }[] }
const typeOptions = (selected?: string) => unitTypes.map((k) => `<option value="${k}"${k === selected ? ' selected' : ''}>${h(L(unitTypeNames[k]))}</option>`).join('');
const parentOptions = (units: UnitView[], selected?: string, except?: string) =>
  `<option value="">${h(t('(không có)', '(none)'))}</option>${units.filter((u) => u.unitId !== except).map((u) => `<option value="${h(u.unitId)}"${u.unitId === selected ? ' selected' : ''}>${h(u.name)}</option>`).join('')}`;

export async function unitsPage(gen: number): Promise<void> {
  const all = (await api<{ units: UnitView[] }>('GET', '/api/units')).units;
  main(gen).innerHTML = `<h1>${h(t('Danh mục đơn vị', 'Unit directory'))}</h1>
    <form id="unit-search" class="panel"><label for="q">${h(t('Tìm theo tên hoặc mã', 'Search by name or id'))}</label><input id="q" name="q" maxlength="200">
      <label for="search-type">${h(t('Loại đơn vị', 'Type'))}</label><select id="search-type" name="type"><option value="">${h(t('Tất cả', 'All'))}</option>${typeOptions()}</select>
      <label for="search-active">${h(t('Hiệu lực', 'In force'))}</label><select id="search-active" name="active"><option value="">${h(t('Tất cả', 'All'))}</option><option value="true">${h(t('Đang hoạt động', 'In force'))}</option><option value="false">${h(t('Đã ngừng hoạt động', 'Closed'))}</option></select>
      <button type="submit">${h(t('Tìm', 'Search'))}</button></form>
    <table id="units"><thead><tr><th>${h(t('Tên đơn vị', 'Name'))}</th><th>${h(t('Tên viết tắt', 'Short name'))}</th><th>${h(t('Loại', 'Type'))}</th><th>${h(t('Hiệu lực', 'In force'))}</th><th>${h(t('Mã', 'Id'))}</th></tr></thead><tbody></tbody></table>
    <h2>${h(t('Thêm đơn vị', 'Add a unit'))}</h2>
    <form id="unit-create" novalidate>
      <label for="unitId">${h(t('Mã đơn vị (chữ thường không dấu, ví dụ', 'Unit id (e.g.'))} <code>so-giao-duc</code>)</label><input id="unitId" name="unitId" maxlength="64" required>
      <label for="name">${h(t('Tên đầy đủ', 'Full name'))}</label><input id="name" name="name" maxlength="300" required>
      <label for="shortName">${h(t('Tên viết tắt', 'Short name'))}</label><input id="shortName" name="shortName" maxlength="100" required>
      <label for="type">${h(t('Loại đơn vị', 'Type'))}</label><select id="type" name="type">${typeOptions()}</select>
      <label for="parentId">${h(t('Đơn vị cấp trên', 'Parent unit'))}</label><select id="parentId" name="parentId">${parentOptions(all)}</select>
      <label for="validFrom">${h(t('Hiệu lực từ ngày', 'In force from'))}</label><input id="validFrom" name="validFrom" type="date">
      <button class="primary" type="submit">${h(t('Thêm đơn vị', 'Add unit'))}</button>
    </form>`;
  const show = (units: UnitView[]) => {
    main(gen).querySelector('#units tbody')!.innerHTML = units.map((u) => `<tr data-unit="${h(u.unitId)}"><td><a href="#/units/${h(u.unitId)}">${h(u.name)}</a></td><td>${h(u.shortName)}</td><td>${h(L(unitTypeNames[u.type as keyof typeof unitTypeNames]))}</td><td>${h(formatDate(u.validFrom))} – ${h(u.validTo ? formatDate(u.validTo) : '')}${u.active ? '' : ` <span class="badge">${h(t('đã ngừng hoạt động', 'closed'))}</span>`}</td><td><code>${h(u.unitId)}</code></td></tr>`).join('') || `<tr><td colspan="5">${h(t('Không có đơn vị nào', 'No units'))}</td></tr>`;
  };
  show(all);
  onSubmit(document.getElementById('unit-search') as HTMLFormElement, async (data) => {
    show((await api<{ units: UnitView[] }>('GET', `/api/units?${new URLSearchParams(filled(data, ['q', 'type', 'active']))}`)).units);
  });
  onSubmit(document.getElementById('unit-create') as HTMLFormElement, async (data) => {
    const { unit } = await api<{ unit: UnitView }>('POST', '/api/units', filled(data, ['unitId', 'name', 'shortName', 'type', 'parentId', 'validFrom']));
    location.hash = `#/units/${unit.unitId}`;
  });
}

export async function unitPage(unitId: string, gen: number): Promise<void> {
  const [{ unit }, { units }, history] = await Promise.all([
    api<{ unit: UnitView }>('GET', `/api/units/${encodeURIComponent(unitId)}`),
    api<{ units: UnitView[] }>('GET', '/api/units'),
    api<{ intact: boolean; events: { seq: number; at: string; action: string; actor: { userId: string; name?: string }; before?: Partial<UnitView>; after: Partial<UnitView>; reason?: string }[] }>('GET', `/api/units/${encodeURIComponent(unitId)}/history`),
  ]);
  const actions: Record<string, Bilingual> = { created: { vi: 'Thêm đơn vị', en: 'Added' }, edited: { vi: 'Sửa thông tin', en: 'Edited' }, deactivated: { vi: 'Ngừng hoạt động', en: 'Closed' } };
  const fields: [keyof UnitView, Bilingual][] = [['name', { vi: 'Tên', en: 'Name' }], ['shortName', { vi: 'Tên viết tắt', en: 'Short name' }], ['type', { vi: 'Loại', en: 'Type' }], ['parentId', { vi: 'Đơn vị cấp trên', en: 'Parent' }], ['validFrom', { vi: 'Hiệu lực từ', en: 'From' }], ['validTo', { vi: 'Hiệu lực đến', en: 'To' }]];
  const shown = (k: keyof UnitView, v: unknown) => (k === 'type' ? L(unitTypeNames[v as keyof typeof unitTypeNames]) : k === 'validFrom' || k === 'validTo' ? formatDate(v as string | undefined) : k === 'parentId' ? (units.find((u) => u.unitId === v)?.name ?? String(v ?? '')) : String(v ?? ''));
  const changes = (e: (typeof history.events)[number]) =>
    e.before ? fields.filter(([k]) => JSON.stringify(e.before?.[k]) !== JSON.stringify(e.after[k])).map(([k, label]) => `${L(label)}: ${shown(k, e.before?.[k]) || '—'} → ${shown(k, e.after[k]) || '—'}`).join('; ') : '';
  main(gen).innerHTML = `<h1>${h(unit.name)}</h1>
    <p>${h(L(unitTypeNames[unit.type as keyof typeof unitTypeNames]))} · ${h(t('Hiệu lực', 'In force'))} ${h(formatDate(unit.validFrom))} – ${h(unit.validTo ? formatDate(unit.validTo) : '')}
    <span class="badge" id="unit-state">${h(unit.active ? t('Đang hoạt động', 'In force') : t('Đã ngừng hoạt động', 'Closed'))}</span></p>
    ${unit.names.length > 1 ? `<p>${h(t('Tên qua các thời kỳ', 'Earlier names'))}: ${h(unit.names.map((n) => `${n.name} (${t('từ', 'from')} ${formatDate(n.from)})`).join('; '))}</p>` : ''}
    ${unit.active ? `<h2>${h(t('Sửa thông tin', 'Edit'))}</h2>
    <form id="unit-edit" novalidate>
      <label for="name">${h(t('Tên đầy đủ', 'Full name'))}</label><input id="name" name="name" maxlength="300" value="${h(unit.name)}">
      <label for="shortName">${h(t('Tên viết tắt', 'Short name'))}</label><input id="shortName" name="shortName" maxlength="100" value="${h(unit.shortName)}">
      <label for="nameFrom">${h(t('Tên mới có hiệu lực từ ngày (để trống nếu chỉ sửa lỗi chính tả)', 'New name in force from (leave empty to correct the current name)'))}</label><input id="nameFrom" name="nameFrom" type="date">
      <label for="type">${h(t('Loại đơn vị', 'Type'))}</label><select id="type" name="type">${typeOptions(unit.type)}</select>
      <label for="parentId">${h(t('Đơn vị cấp trên', 'Parent unit'))}</label><select id="parentId" name="parentId">${parentOptions(units, unit.parentId, unit.unitId)}</select>
      <button class="primary" type="submit">${h(t('Lưu thay đổi', 'Save'))}</button>
    </form>
    <h2>${h(t('Ngừng hoạt động (sáp nhập, giải thể)', 'Close (merger, dissolution)'))}</h2>
    <form id="unit-deactivate" novalidate>
      <label for="validTo">${h(t('Ngày cuối cùng có hiệu lực', 'Last day in force'))}</label><input id="validTo" name="validTo" type="date" value="${h(todayInVietnam())}">
      <label for="reason">${h(t('Lý do', 'Reason'))}</label><input id="reason" name="reason" maxlength="2000">
      <button type="submit">${h(t('Ngừng hoạt động', 'Close unit'))}</button>
    </form>` : ''}
    <h2>${h(t('Lịch sử thay đổi', 'Change history'))}</h2>
    <ol class="timeline" id="unit-history">${history.events.map((e) => `<li>${h(formatDateTime(e.at))} — ${h(e.actor.name ?? e.actor.userId)}: ${h(L(actions[e.action]))}${changes(e) ? ` (${h(changes(e))})` : ''}${e.reason ? ` — ${h(e.reason)}` : ''}</li>`).join('')}</ol>
    ${history.intact ? '' : `<p class="error" role="alert">${h(t('Chuỗi kiểm chứng lịch sử bị sai lệch', 'The history chain does not verify'))}</p>`}`;
  const edit = document.getElementById('unit-edit') as HTMLFormElement | null;
  if (edit) {
    onSubmit(edit, async (data) => {
      const body: Record<string, unknown> = { version: unit.version, ...filled(data, ['name', 'shortName', 'nameFrom', 'type']) };
      const parentId = String(data.get('parentId') ?? '');
      if (parentId !== (unit.parentId ?? '')) body.parentId = parentId || null;
      await api('PATCH', `/api/units/${encodeURIComponent(unit.unitId)}`, body);
      await route();
    });
  }
  const close = document.getElementById('unit-deactivate') as HTMLFormElement | null;
  if (close) onSubmit(close, async (data) => (await api('POST', `/api/units/${encodeURIComponent(unit.unitId)}/deactivate`, { version: unit.version, ...filled(data, ['validTo', 'reason']) }), await route()));
}

// ── people and the directory's changes (admin) ──────────────────────────
interface PersonView { username: string; userId: string; name: string; email: string; roles: string[]; unitId?: string; enabled: boolean; status?: string; mailDelivery?: MailDeliveryView }
interface ChangeView { entity: string; entityId: string; seq: number; at: string; action: string; actor: { userId: string; name?: string }; before?: Record<string, unknown>; after: Record<string, unknown>; changed?: string[]; reason?: string }
const changeActions: Record<string, Bilingual> = { created: { vi: 'Tạo mới', en: 'Created' }, edited: { vi: 'Sửa', en: 'Edited' }, deactivated: { vi: 'Ngừng hoạt động', en: 'Closed' }, disabled: { vi: 'Khóa tài khoản', en: 'Disabled' }, enabled: { vi: 'Mở khóa tài khoản', en: 'Enabled' } };
const entityName = (entity: string) => L((directoryEntityNames as Record<string, Bilingual>)[entity] ?? { vi: entity, en: entity });
/** What a change's values are read with: award forms and units by their names. */
interface ChangeNames { readonly awardNames?: Record<string, string>; readonly unitNames?: Record<string, string> }
/** Each unit's name by its id. */
const unitNamesOf = (units: UnitView[]): Record<string, string> => Object.fromEntries(units.map((u) => [u.unitId, u.name]));
/** A value of a change as a person reads it: lists joined, roles, units and booleans named. */
const changeValue = (k: string, v: unknown, names: ChangeNames): string =>
  v === undefined || v === null ? '—' : (k === 'unitId' || k === 'parentId') && typeof v === 'string' ? (names.unitNames?.[v] ?? t('một đơn vị khác', 'another unit')) : k === 'awardSessionQuorum' && typeof v === 'number' ? percent(v) : (k === 'legalBasis' || k === 'provinceRegulation') && typeof v === 'object' && v !== null ? [v].flat().map((l) => citation(l as { title: string; number: string; date?: string })).join('; ') : k === 'roles' && Array.isArray(v) ? v.map(String).map(roleLabel).join(', ') || '—' : typeof v === 'boolean' ? (v ? t('có', 'yes') : t('không', 'no')) : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? formatDateTime(v) : Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
/** The changed fields by their names on the forms (never the record's keys). */
const changeFieldNames: Record<string, Bilingual> = {
  name: { vi: 'Họ và tên, tên', en: 'Name' }, email: { vi: 'Thư điện tử', en: 'E-mail' }, roles: { vi: 'Vai trò', en: 'Roles' }, unitId: { vi: 'Đơn vị', en: 'Unit' },
  enabled: { vi: 'Tài khoản hoạt động', en: 'Account active' }, shortName: { vi: 'Tên viết tắt', en: 'Short name' }, type: { vi: 'Loại đơn vị', en: 'Type' },
  parentId: { vi: 'Đơn vị cấp trên', en: 'Parent unit' }, validFrom: { vi: 'Hiệu lực từ ngày', en: 'From' }, validTo: { vi: 'Hiệu lực đến ngày', en: 'To' },
  active: { vi: 'Đang hoạt động', en: 'Active' }, title: { vi: 'Tên', en: 'Title' }, seats: { vi: 'Thành phần', en: 'Seats' }, legalBasis: { vi: 'Căn cứ', en: 'Legal basis' },
  // A regulation's settings, as the regulation page names them.
  provinceRegulation: { vi: 'Quy chế của tỉnh', en: "The province's regulation" }, awardSessionQuorum: { vi: 'Tỷ lệ thành viên tham dự tối thiểu', en: 'Session quorum' },
  recusedLeaveBase: { vi: 'Trừ thành viên không tham gia biểu quyết khỏi tổng số', en: 'Recused members leave the base' },
  returnAfterMissedSupplement: { vi: 'Tự trả hồ sơ khi quá hạn bổ sung', en: 'Return a dossier when its supplement is overdue' },
  centralAnswerOverdueMonths: { vi: 'Số tháng chờ kết quả của cấp trên', en: 'Months to wait for the central answer' }, forms: { vi: 'Quy định theo hình thức khen thưởng', en: 'Rules per award form' },
};
/** A regulation's per-form rules changed: the forms by name (their rules are read on the regulation page). */
const formsChanged = (before: unknown, after: unknown, awardNames: Record<string, string>) => {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const codes = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((code) => JSON.stringify(b[code]) !== JSON.stringify(a[code]));
  return `${t('sửa quy định của', 'changed for')} ${codes.map((code) => awardNames[code] ?? t('một hình thức khác', 'another form')).join(', ')}`;
};
/** Bookkeeping every change touches: not what the person changed. */
const bookkeeping = new Set(['updatedAt', 'updatedBy', 'createdAt', 'version', 'eventSeq', 'lastHash']);
const changeSummary = (c: ChangeView, names: ChangeNames) =>
  c.before
    ? (c.changed ?? [])
        .filter((k) => !bookkeeping.has(k))
        .map((k) => `${L(changeFieldNames[k]) || k}: ${k === 'forms' ? formsChanged(c.before?.[k], c.after[k], names.awardNames ?? {}) : `${changeValue(k, c.before?.[k], names)} → ${changeValue(k, c.after[k], names)}`}`)
        .join('; ')
    : '';
/** What a change is about, by its name (a person's or unit's name, a roster's title, a text's date), never its id. */
const changeSubject = (c: ChangeView) => (c.entity === 'regulation' ? formatDate(c.entityId) : String(c.after?.name ?? c.after?.title ?? c.before?.name ?? c.before?.title ?? c.entityId));

function personForm(id: string, units: UnitView[], person?: PersonView): string {
  const roleBoxes = roles.map((r) => `<label class="inline"><input type="checkbox" name="roles" value="${r}"${person?.roles.includes(r) ? ' checked' : ''}> ${h(roleLabel(r))}</label>`).join(' ');
  return `<form id="${id}" novalidate>
    ${person ? '' : `<label for="username">${h(t('Tên đăng nhập (chữ thường không dấu)', 'Username (lower case, no diacritics)'))}</label><input id="username" name="username" maxlength="128" required>`}
    <label for="person-name">${h(t('Họ và tên', 'Full name'))}</label><input id="person-name" name="name" maxlength="200" value="${h(person?.name ?? '')}" required>
    <label for="person-email">${h(t('Thư điện tử', 'E-mail'))}</label><input id="person-email" name="email" type="email" maxlength="254" value="${h(person?.email ?? '')}" required>
    <fieldset><legend>${h(t('Vai trò', 'Roles'))}</legend>${roleBoxes}</fieldset>
    <label for="person-unit">${h(t('Đơn vị (chỉ với cán bộ, thủ trưởng đơn vị trình)', 'Unit (submitting units\' people only)'))}</label>
    <select id="person-unit" name="unitId"><option value="">${h(t('(không có)', '(none)'))}</option>${units.filter((u) => u.active).map((u) => `<option value="${h(u.unitId)}"${u.unitId === person?.unitId ? ' selected' : ''}>${h(u.name)}</option>`).join('')}</select>
    <button class="primary" type="submit">${h(person ? t('Lưu thay đổi', 'Save') : t('Tạo tài khoản và gửi thư mời', 'Create and send the invitation'))}</button>
  </form>`;
}
const personBody = (data: FormData) => ({ ...filled(data, ['name', 'email', 'unitId']), roles: data.getAll('roles').map(String) });

export async function peoplePage(gen: number): Promise<void> {
  const [{ people }, { units }] = await Promise.all([api<{ people: PersonView[] }>('GET', '/api/people'), api<{ units: UnitView[] }>('GET', '/api/units')]);
  const unitNames = unitNamesOf(units);
  const unitName = (id?: string) => (id ? (unitNames[id] ?? id) : '');
  main(gen).innerHTML = `<h1>${h(t('Người dùng', 'People'))}</h1>
    <p><a href="#/directory-changes">${h(t('Lịch sử thay đổi danh mục', 'Directory changes'))}</a></p>
    <table id="people"><thead><tr><th>${h(t('Họ và tên', 'Name'))}</th><th>${h(t('Tên đăng nhập', 'Username'))}</th><th>${h(t('Vai trò', 'Roles'))}</th><th>${h(t('Đơn vị', 'Unit'))}</th><th>${h(t('Trạng thái', 'State'))}</th></tr></thead>
    <tbody>${people.map((p) => `<tr data-person="${h(p.username)}"><td><a href="#/people/${h(encodeURIComponent(p.username))}">${h(p.name)}</a></td><td><code>${h(p.username)}</code></td><td>${h(p.roles.map(roleLabel).join(', ') || t('chưa phân quyền', 'no role'))}</td><td>${h(unitName(p.unitId))}</td><td>${h(p.enabled ? t('Đang hoạt động', 'Active') : t('Đã khóa', 'Disabled'))}${mailDeliveryBadge(p.mailDelivery)}</td></tr>`).join('')}</tbody></table>
    <h2>${h(t('Tạo tài khoản', 'Create an account'))}</h2>${personForm('person-create', units)}`;
  onSubmit(document.getElementById('person-create') as HTMLFormElement, async (data) => {
    const { person } = await api<{ person: PersonView }>('POST', '/api/people', { username: String(data.get('username') ?? '').trim(), ...personBody(data) });
    location.hash = `#/people/${encodeURIComponent(person.username)}`;
  });
}

export async function personPage(username: string, gen: number): Promise<void> {
  const path = `/api/people/${encodeURIComponent(username)}`;
  const [{ person }, { units }, history] = await Promise.all([api<{ person: PersonView }>('GET', path), api<{ units: UnitView[] }>('GET', '/api/units'), api<{ intact: boolean; events: ChangeView[] }>('GET', `${path}/history`)]);
  const names: ChangeNames = { unitNames: unitNamesOf(units) };
  const inParentheses = (text: string) => (text ? ` (${h(text)})` : '');
  const changed = (e: ChangeView) => ({ ...e, changed: e.before ? [...new Set([...Object.keys(e.before), ...Object.keys(e.after)])].filter((k) => JSON.stringify(e.before?.[k]) !== JSON.stringify(e.after[k])) : [] });
  main(gen).innerHTML = `<h1>${h(person.name)}</h1>
    <p><code>${h(person.username)}</code> · ${h(person.email)} · <span class="badge" id="person-state">${h(person.enabled ? t('Đang hoạt động', 'Active') : t('Đã khóa', 'Disabled'))}</span></p>
    ${mailDeliveryNote(person.mailDelivery)}
    <h2>${h(t('Sửa thông tin, vai trò, đơn vị', 'Edit name, roles, unit'))}</h2>${personForm('person-edit', units, person)}
    <form id="person-toggle"><button type="submit">${h(person.enabled ? t('Khóa tài khoản', 'Disable the account') : t('Mở khóa tài khoản', 'Enable the account'))}</button></form>
    <h2>${h(t('Lịch sử thay đổi', 'Change history'))}</h2>
    <ol class="timeline" id="person-history">${history.events.map(changed).map((e) => `<li>${h(formatDateTime(e.at))} — ${h(e.actor.name ?? e.actor.userId)}: ${h(L(changeActions[e.action] ?? { vi: e.action, en: e.action }))}${inParentheses(changeSummary(e, names))}</li>`).join('')}</ol>
    ${history.intact ? '' : `<p class="error" role="alert">${h(t('Chuỗi kiểm chứng lịch sử bị sai lệch', 'The history chain does not verify'))}</p>`}`;
  onSubmit(document.getElementById('person-edit') as HTMLFormElement, async (data) => (await api('PUT', path, personBody(data)), await route()));
  onSubmit(document.getElementById('person-toggle') as HTMLFormElement, async () => (await api('POST', `${path}/${person.enabled ? 'disable' : 'enable'}`), await route()));
}

export async function directoryChangesPage(gen: number, query: URLSearchParams): Promise<void> {
  const entity = query.get('entity') ?? '';
  const [page, catalogue, { units }] = await Promise.all([
    api<{ changes: ChangeView[]; next?: string }>('GET', `/api/directory-changes?${new URLSearchParams({ limit: '50', ...(entity ? { entity } : {}), ...(query.get('cursor') ? { cursor: query.get('cursor')! } : {}) })}`),
    getCatalogue(),
    api<{ units: UnitView[] }>('GET', '/api/units'),
  ]);
  const names: ChangeNames = { awardNames: Object.fromEntries(catalogue.awardForms.map((f) => [f.code, L(f.name)])), unitNames: unitNamesOf(units) };
  const link = (c: ChangeView) => (c.entity === 'unit' ? `#/units/${encodeURIComponent(c.entityId)}` : c.entity === 'person' ? `#/people/${encodeURIComponent(c.entityId)}` : '');
  main(gen).innerHTML = `<h1>${h(t('Lịch sử thay đổi danh mục', 'Directory changes'))}</h1>
    <p>${['', ...directoryEntities].map((e) => `<a href="#/directory-changes${e ? `?entity=${e}` : ''}"${e === entity ? ' aria-current="page"' : ''}>${h(e ? entityName(e) : t('Tất cả', 'All'))}</a>`).join(' · ')}</p>
    <table id="directory-changes"><thead><tr><th>${h(t('Thời điểm', 'When'))}</th><th>${h(t('Người thực hiện', 'Who'))}</th><th>${h(t('Đối tượng', 'What'))}</th><th>${h(t('Thao tác', 'Action'))}</th><th>${h(t('Trước → sau', 'Before → after'))}</th></tr></thead>
    <tbody>${page.changes.map((c) => `<tr><td>${h(formatDateTime(c.at))}</td><td>${h(c.actor.name ?? c.actor.userId)}</td><td>${h(entityName(c.entity))}: ${link(c) ? `<a href="${h(link(c))}">${h(changeSubject(c))}</a>` : h(changeSubject(c))}</td><td>${h(L(changeActions[c.action] ?? { vi: c.action, en: c.action }))}</td><td>${h(changeSummary(c, names))}${c.reason ? ` — ${h(c.reason)}` : ''}</td></tr>`).join('') || `<tr><td colspan="5">${h(t('Chưa có thay đổi nào', 'No changes yet'))}</td></tr>`}</tbody></table>
    ${page.next ? `<p><a href="#/directory-changes?${h(new URLSearchParams({ ...(entity ? { entity } : {}), cursor: page.next }).toString())}">${h(t('Trang sau', 'Next page'))}</a></p>` : ''}`;
}
