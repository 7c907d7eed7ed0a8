/**
 * The council's rosters (issue 23): the administrator lists the terms and sets up a new one — chair,
 * vice-chairs, members (each with the position and the unit they represent) and the secretary — choosing
 * people from the directory and units from the unit directory, over `/api/council-rosters`. Its own module so
 * the router only names it.
 */
import { api, ApiError } from './api.ts';
import { formatDate, h, todayInVietnam } from './format.ts';
import { L, t } from './i18n.ts';
import { roleNames, type Role } from '#domain/roles';

type SeatKind = 'chair' | 'viceChair' | 'member' | 'secretary';
interface Seat { username: string; userId: string; name: string; seat: SeatKind; position: string; unitId?: string }
interface Roster { rosterId: string; title: string; legalBasis?: string; validFrom: string; validTo?: string; seats: Seat[]; version: number }
interface Person { username: string; name: string; roles: string[]; enabled: boolean }
interface Unit { unitId: string; name: string; active: boolean }

const seatNames: Record<SeatKind, [string, string]> = { chair: ['Chủ tịch Hội đồng', 'Chair'], viceChair: ['Phó Chủ tịch Hội đồng', 'Vice-chair'], member: ['Ủy viên', 'Member'], secretary: ['Thư ký Hội đồng', 'Secretary'] };
const seatKinds = Object.keys(seatNames) as SeatKind[];
/** The seats a new term starts with; more members are added by a button. */
const startingSeats: SeatKind[] = ['chair', 'viceChair', 'member', 'member', 'secretary'];

/** The form's own names for the fields the API may name in an error (`seats.2.unitId` → "Dòng 3 — Đơn vị"). */
function fieldLabel(field: string): string {
  const seat = /^seats\.(\d+)\.(\w+)$/.exec(field);
  const names: Record<string, [string, string]> = {
    title: ['Tên danh sách', 'Title'], legalBasis: ['Quyết định thành lập', 'Founding decision'], validFrom: ['Nhiệm kỳ từ ngày', 'Term from'], validTo: ['Đến ngày', 'Term to'],
    seats: ['Thành phần Hội đồng', 'Seats'], username: ['Người giữ ghế', 'Person'], position: ['Chức vụ', 'Position'], unitId: ['Đơn vị đại diện', 'Unit represented'], seat: ['Ghế', 'Seat'],
  };
  if (seat) return `${t('Dòng', 'Row')} ${Number(seat[1]) + 1} — ${t(...(names[seat[2]!] ?? ['', '']))}`;
  return t(...(names[field] ?? ['', '']));
}

export async function rosterPage(root: HTMLElement): Promise<void> {
  const [{ rosters }, { people }, { units }] = await Promise.all([
    api<{ rosters: Roster[] }>('GET', '/api/council-rosters'),
    api<{ people: Person[] }>('GET', '/api/people'),
    api<{ units: Unit[] }>('GET', '/api/units'),
  ]);
  const today = todayInVietnam();
  const unitName = (id?: string) => (id ? (units.find((u) => u.unitId === id)?.name ?? id) : '');
  const term = (r: Roster) => `${formatDate(r.validFrom)} – ${r.validTo ? formatDate(r.validTo) : t('chưa xác định', 'open')}`;
  const seatLine = (s: Seat) => `${t(...seatNames[s.seat])}: ${s.name}, ${s.position}${s.unitId ? ` (${t('đại diện', 'for')} ${unitName(s.unitId)})` : ''}`;
  const enabled = people.filter((p) => p.enabled);
  const personOptions = `<option value="">${h(t('— chọn người —', '— choose —'))}</option>${enabled.map((p) => `<option value="${h(p.username)}">${h(p.name)}${p.roles.length ? ` — ${h(p.roles.map((r) => L(roleNames[r as Role])).filter(Boolean).join(', '))}` : ''}</option>`).join('')}`;
  const unitOptions = `<option value="">${h(t('(không đại diện đơn vị nào)', '(no unit)'))}</option>${units.filter((u) => u.active).map((u) => `<option value="${h(u.unitId)}">${h(u.name)}</option>`).join('')}`;
  const seatRow = (kind: SeatKind, i: number) => `<tr class="seat-row">
    <td><label class="sr-only" for="seat-${i}">${h(t('Ghế', 'Seat'))} ${i + 1}</label><select id="seat-${i}" data-part="seat">${seatKinds.map((k) => `<option value="${k}"${k === kind ? ' selected' : ''}>${h(t(...seatNames[k]))}</option>`).join('')}</select></td>
    <td><label class="sr-only" for="person-${i}">${h(t('Người giữ ghế', 'Person'))} ${i + 1}</label><select id="person-${i}" data-part="username">${personOptions}</select></td>
    <td><label class="sr-only" for="position-${i}">${h(t('Chức vụ', 'Position'))} ${i + 1}</label><input id="position-${i}" data-part="position" maxlength="300" placeholder="${h(t('vd. Giám đốc Sở Nội vụ', 'e.g. Director of Home Affairs'))}"></td>
    <td><label class="sr-only" for="unit-${i}">${h(t('Đơn vị đại diện', 'Unit represented'))} ${i + 1}</label><select id="unit-${i}" data-part="unitId">${unitOptions}</select></td></tr>`;

  root.innerHTML = `<h1>${h(t('Thành phần Hội đồng Thi đua – Khen thưởng tỉnh', 'Council rosters'))}</h1>
    <p>${h(t('Mỗi nhiệm kỳ có một danh sách; các nhiệm kỳ không được trùng nhau. Phiên họp lấy thành viên theo danh sách có hiệu lực vào ngày họp.', 'Each term has one roster; terms never overlap. A session takes its members from the roster in force on its date.'))}</p>
    <div class="scroll"><table id="rosters"><thead><tr><th scope="col">${h(t('Danh sách', 'Roster'))}</th><th scope="col">${h(t('Nhiệm kỳ', 'Term'))}</th><th scope="col">${h(t('Chủ tịch Hội đồng', 'Chair'))}</th><th scope="col">${h(t('Thành viên biểu quyết', 'Voting members'))}</th><th scope="col">${h(t('Thành phần', 'Seats'))}</th></tr></thead><tbody>
    ${rosters.map((r) => `<tr data-roster="${h(r.rosterId)}"><td>${h(r.title)}${r.legalBasis ? `<br><small>${h(r.legalBasis)}</small>` : ''}</td>
      <td>${h(term(r))}${r.validFrom <= today && (!r.validTo || today <= r.validTo) ? ` <span class="badge">${h(t('đang có hiệu lực', 'in force'))}</span>` : ''}</td>
      <td>${h(r.seats.find((s) => s.seat === 'chair')?.name ?? '')}</td><td>${r.seats.filter((s) => s.seat !== 'secretary').length}</td>
      <td><details><summary>${h(t('Xem', 'Show'))}</summary><ul>${r.seats.map((s) => `<li>${h(seatLine(s))}</li>`).join('')}</ul></details></td></tr>`).join('') || `<tr><td colspan="5">${h(t('Chưa có danh sách nào', 'No roster yet'))}</td></tr>`}
    </tbody></table></div>
    <h2>${h(t('Lập danh sách cho nhiệm kỳ mới', 'Set up a new term'))}</h2>
    <form id="roster-create" novalidate>
      <label for="roster-title">${h(t('Tên danh sách', 'Title'))}</label><input id="roster-title" name="title" maxlength="300" required value="${h(t('Hội đồng Thi đua – Khen thưởng tỉnh nhiệm kỳ', 'Provincial council, term'))} ">
      <label for="roster-basis">${h(t('Quyết định thành lập (không bắt buộc)', 'Founding decision (optional)'))}</label><input id="roster-basis" name="legalBasis" maxlength="500" placeholder="${h(t('vd. Quyết định số 12/QĐ-UBND ngày 02/01/2026', 'e.g. Decision 12/QĐ-UBND of 02/01/2026'))}">
      <label for="roster-from">${h(t('Nhiệm kỳ từ ngày', 'Term from'))}</label><input id="roster-from" name="validFrom" type="date" required>
      <label for="roster-to">${h(t('Đến ngày', 'Term to'))}</label><input id="roster-to" name="validTo" type="date">
      <fieldset><legend>${h(t('Thành phần Hội đồng (dòng để trống người giữ ghế được bỏ qua)', 'Seats (rows without a person are left out)'))}</legend>
      <div class="scroll"><table id="roster-seats"><thead><tr><th scope="col">${h(t('Ghế', 'Seat'))}</th><th scope="col">${h(t('Người giữ ghế', 'Person'))}</th><th scope="col">${h(t('Chức vụ', 'Position'))}</th><th scope="col">${h(t('Đơn vị đại diện', 'Unit represented'))}</th></tr></thead>
      <tbody>${startingSeats.map(seatRow).join('')}</tbody></table></div>
      <button class="secondary" type="button" id="add-seat">${h(t('Thêm ủy viên', 'Add a member'))}</button></fieldset>
      <button class="primary" type="submit">${h(t('Lưu danh sách', 'Save the roster'))}</button>
    </form>`;

  const form = root.querySelector<HTMLFormElement>('#roster-create')!;
  const body = form.querySelector('#roster-seats tbody')!;
  form.querySelector('#add-seat')!.addEventListener('click', () => {
    body.insertAdjacentHTML('beforeend', seatRow('member', body.children.length));
    (body.lastElementChild?.querySelector('select[data-part="username"]') as HTMLSelectElement | null)?.focus();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (form.dataset.busy) return;
    form.querySelectorAll('.error').forEach((x) => x.remove());
    form.querySelectorAll('[aria-invalid]').forEach((x) => x.removeAttribute('aria-invalid'));
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    // Rows without a person are left out; `rows[i]` is the row of the API's `seats.i`.
    const rows = [...body.querySelectorAll<HTMLTableRowElement>('tr.seat-row')].filter((r) => r.querySelector<HTMLSelectElement>('[data-part="username"]')!.value);
    const part = (r: HTMLTableRowElement, p: string) => r.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-part="${p}"]`)!;
    const seats = rows.map((r) => ({
      username: part(r, 'username').value,
      seat: part(r, 'seat').value,
      // A seat without a written position takes its seat's name.
      position: part(r, 'position').value.trim() || t(...seatNames[part(r, 'seat').value as SeatKind]),
      ...(part(r, 'unitId').value ? { unitId: part(r, 'unitId').value } : {}),
    }));
    const show = (field: string, message: string) => {
      const seat = /^seats\.(\d+)\.(\w+)$/.exec(field);
      const target = seat ? rows[Number(seat[1])] && part(rows[Number(seat[1])]!, seat[2]!) : field === 'seats' ? form.querySelector('#roster-seats') : form.querySelector(`[name="${CSS.escape(field)}"]`);
      const p = document.createElement('p');
      p.className = 'error';
      p.setAttribute('role', 'alert');
      p.dataset.field = field;
      const label = fieldLabel(field);
      p.textContent = label ? `${label}: ${message}` : message;
      if (target) {
        target.setAttribute('aria-invalid', 'true');
        (target.closest('.scroll') ?? target).insertAdjacentElement('afterend', p);
      } else form.prepend(p);
    };
    if (!value('validFrom')) return show('validFrom', t('Vui lòng chọn ngày bắt đầu nhiệm kỳ', 'Please choose the first day of the term'));
    if (!seats.length) return show('seats', t('Vui lòng chọn người giữ ghế Chủ tịch Hội đồng và các thành viên', 'Please choose the chair and the members'));
    form.dataset.busy = '1';
    form.querySelectorAll('button').forEach((b) => (b.disabled = true));
    const payload = { title: value('title'), ...(value('legalBasis') ? { legalBasis: value('legalBasis') } : {}), validFrom: value('validFrom'), ...(value('validTo') ? { validTo: value('validTo') } : {}), seats };
    api<{ roster: Roster }>('POST', '/api/council-rosters', payload)
      .then(() => rosterPage(root))
      .catch((error: unknown) => {
        const err = error instanceof ApiError ? error.body.error : undefined;
        show(err?.field ?? '', err ? L(err.message) : t('Không kết nối được máy chủ, vui lòng thử lại', 'Could not reach the server, please try again'));
      })
      .finally(() => {
        delete form.dataset.busy;
        form.querySelectorAll('button').forEach((b) => (b.disabled = false));
      });
  });
}
