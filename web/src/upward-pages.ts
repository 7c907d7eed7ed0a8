/**
 * Proposals to the central level (issue 25): the secretariat's queue of proposals forwarded upward (overdue
 * marked) with the form that records the central answer for each nominee (`#/upward`), and a person's award
 * history with the form that enters an award from before the system (`#/award-history`). Its own module so
 * the router only names it.
 */
import { api, ApiError } from './api.ts';
import { formatDate, h } from './format.ts';
import { L, t, type Bilingual } from './i18n.ts';

interface Proposal {
  id: string;
  title: string;
  unitId: string;
  year: number;
  awardCode: string;
  proposal?: { number: string; date: string };
  dueDate?: string;
  overdue: boolean;
  nominees: { nomineeIndex: number; name: string; awaiting: boolean; outcome?: string }[];
}
interface Catalogue { awardForms: { code: string; name: Bilingual; level?: string }[] }
interface HistoryEntry { awardCode: string; year: number; decisionNumber: string; decisionDate: string; issuingBody?: string; source: string; recordedAt: string; recordedBy: { name?: string; userId: string } }

const problem = (error: unknown) =>
  `<p class="error" role="alert">${h(error instanceof ApiError ? L(error.body.error.message) : t('Không kết nối được máy chủ, vui lòng thử lại', 'Could not reach the server, please try again'))}</p>`;
const formNamer = (cat: Catalogue) => (code: string) => L(cat.awardForms.find((f) => f.code === code)?.name ?? { vi: code, en: code });

export async function upwardPage(root: HTMLElement, canRecord: boolean): Promise<void> {
  const [queue, cat] = await Promise.all([
    api<{ today: string; overdueAfterMonths: number; proposals: Proposal[] }>('GET', '/api/upward-proposals'),
    api<Catalogue>('GET', '/api/public/catalogue'),
  ]);
  const formName = formNamer(cat);
  root.innerHTML = `<h1>${h(t('Hồ sơ đã trình cấp trên, chờ kết quả', 'Proposals forwarded upward, awaiting the answer'))}</h1>
    <p>${h(t(`Quá hạn khi chưa có kết quả sau ${queue.overdueAfterMonths} tháng kể từ ngày ký tờ trình (theo Quy chế).`, `Overdue when unanswered ${queue.overdueAfterMonths} months after the proposal was signed (per the regulation).`))}</p>
    <table id="upward"><thead><tr><th>${h(t('Hồ sơ', 'Dossier'))}</th><th>${h(t('Hình thức', 'Award'))}</th><th>${h(t('Tờ trình', 'Proposal'))}</th><th>${h(t('Hạn có kết quả', 'Answer due'))}</th><th>${h(t('Người được đề nghị', 'Nominees'))}</th></tr></thead><tbody>
    ${queue.proposals.map((p) => `<tr data-dossier="${h(p.id)}"${p.overdue ? ' class="overdue"' : ''}>
      <td><a href="#/dossiers/${h(p.id)}">${h(p.title)}</a></td><td>${h(formName(p.awardCode))}</td>
      <td>${p.proposal ? `${h(p.proposal.number)}, ${h(formatDate(p.proposal.date))}` : ''}</td>
      <td>${h(p.dueDate ? formatDate(p.dueDate) : '')}${p.overdue ? ` — <strong>${h(t('quá hạn', 'overdue'))}</strong>` : ''}</td>
      <td>${p.nominees.map((n) => `${h(n.name)}${n.awaiting ? ` (${h(t('chờ kết quả', 'awaiting'))})` : n.outcome === 'awarded' ? ` (${h(t('được khen thưởng', 'awarded'))})` : ` (${h(t('không được khen thưởng', 'not awarded'))})`}`).join('<br>')}</td></tr>`).join('') || `<tr><td colspan="5">${h(t('Không có hồ sơ nào chờ kết quả của cấp trên', 'No proposal awaits a central answer'))}</td></tr>`}
    </tbody></table>
    ${canRecord && queue.proposals.length ? `<h2>${h(t('Ghi kết quả của cấp trên', 'Record the central answer'))}</h2>
    <form id="central-outcome" novalidate>
      <label for="co-nominee">${h(t('Người được đề nghị', 'Nominee'))}</label>
      <select id="co-nominee" name="nominee" required>${queue.proposals.flatMap((p) => p.nominees.filter((n) => n.awaiting).map((n) => `<option value="${h(p.id)}|${n.nomineeIndex}">${h(n.name)} — ${h(p.title)}</option>`)).join('')}</select>
      <fieldset><legend>${h(t('Kết quả', 'Result'))}</legend>
        <label><input type="radio" name="awarded" value="yes" checked> ${h(t('Được khen thưởng', 'Awarded'))}</label>
        <label><input type="radio" name="awarded" value="no"> ${h(t('Không được khen thưởng', 'Not awarded'))}</label></fieldset>
      <label for="co-number">${h(t('Số quyết định (hoặc văn bản trả lời)', 'Decision (or answer) number'))}</label><input id="co-number" name="decisionNumber" required placeholder="1234/QĐ-TTg">
      <label for="co-date">${h(t('Ngày ban hành', 'Date'))}</label><input id="co-date" name="decisionDate" type="date" required>
      <label for="co-body">${h(t('Cơ quan ban hành', 'Issuing body'))}</label><input id="co-body" name="issuingBody" required placeholder="Thủ tướng Chính phủ">
      <label for="co-reason">${h(t('Lý do (khi không được khen thưởng)', 'Reason (when not awarded)'))}</label><textarea id="co-reason" name="reason"></textarea>
      <button class="primary" type="submit">${h(t('Ghi kết quả', 'Record'))}</button>
      <div id="co-result" aria-live="polite"></div>
    </form>` : ''}`;
  const form = root.querySelector<HTMLFormElement>('#central-outcome');
  form?.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const [dossierId, index] = String(d.get('nominee') ?? '').split('|');
    const reason = String(d.get('reason') ?? '').trim();
    const body = {
      nomineeIndex: Number(index),
      awarded: d.get('awarded') === 'yes',
      decisionNumber: String(d.get('decisionNumber') ?? '').trim(),
      decisionDate: String(d.get('decisionDate') ?? ''),
      issuingBody: String(d.get('issuingBody') ?? '').trim(),
      ...(reason ? { reason } : {}),
    };
    void api('POST', `/api/dossiers/${encodeURIComponent(dossierId ?? '')}/central-outcomes`, body)
      .then(() => upwardPage(root, canRecord))
      .catch((error: unknown) => void (root.querySelector('#co-result')!.innerHTML = problem(error)));
  });
}

export async function awardHistoryPage(root: HTMLElement, query: URLSearchParams, ownUnitId: string | undefined): Promise<void> {
  const cat = await api<Catalogue>('GET', '/api/public/catalogue');
  const formName = formNamer(cat);
  const unitId = query.get('unitId') ?? ownUnitId ?? '';
  const name = query.get('name') ?? '';
  const birthYear = query.get('birthYear') ?? '';
  let entries: HistoryEntry[] | undefined;
  let failure = '';
  if (unitId && name && birthYear) {
    try {
      entries = (await api<{ entries: HistoryEntry[] }>('GET', `/api/award-history?${new URLSearchParams({ unitId, name, birthYear })}`)).entries;
    } catch (error) {
      failure = problem(error);
    }
  }
  const person = `<label for="ah-unit">${h(t('Mã đơn vị', 'Unit id'))}</label><input id="ah-unit" name="unitId" value="${h(unitId)}" required>
      <label for="ah-name">${h(t('Họ và tên', 'Full name'))}</label><input id="ah-name" name="name" value="${h(name)}" required>
      <label for="ah-birth">${h(t('Năm sinh', 'Year of birth'))}</label><input id="ah-birth" name="birthYear" inputmode="numeric" value="${h(birthYear)}" required>`;
  root.innerHTML = `<h1>${h(t('Lịch sử khen thưởng của cá nhân', "A person's award history"))}</h1>
    <p>${h(t('Một người được nhận biết theo đơn vị, họ và tên (có dấu) và năm sinh.', 'A person is known by unit, full name (with diacritics) and year of birth.'))}</p>
    <form id="history-lookup" novalidate>${person}<button type="submit">${h(t('Xem', 'Look up'))}</button></form>
    ${failure}
    ${entries ? `<table id="history"><thead><tr><th>${h(t('Năm', 'Year'))}</th><th>${h(t('Danh hiệu thi đua, hình thức khen thưởng', 'Award'))}</th><th>${h(t('Quyết định', 'Decision'))}</th><th>${h(t('Cơ quan ban hành', 'Issuing body'))}</th><th>${h(t('Nguồn', 'Source'))}</th></tr></thead><tbody>
      ${entries.map((e) => `<tr><td>${e.year}</td><td>${h(formName(e.awardCode))}</td><td>${h(e.decisionNumber)}, ${h(formatDate(e.decisionDate))}</td><td>${h(e.issuingBody ?? '')}</td><td>${h(e.source === 'system' ? t('Ghi từ hồ sơ trong hệ thống', 'From a dossier in the system') : `${t('Nhập bởi', 'Entered by')} ${e.recordedBy.name ?? e.recordedBy.userId}`)}</td></tr>`).join('') || `<tr><td colspan="5">${h(t('Chưa có khen thưởng nào được ghi', 'No award on record'))}</td></tr>`}
    </tbody></table>
    <h2>${h(t('Nhập khen thưởng trước khi có hệ thống', 'Enter an award from before the system'))}</h2>
    <form id="history-entry" novalidate>
      <label for="he-award">${h(t('Danh hiệu thi đua, hình thức khen thưởng', 'Award'))}</label><select id="he-award" name="awardCode">${cat.awardForms.map((f) => `<option value="${h(f.code)}">${h(L(f.name))}</option>`).join('')}</select>
      <label for="he-year">${h(t('Năm được khen', 'Year'))}</label><input id="he-year" name="year" inputmode="numeric" required>
      <label for="he-number">${h(t('Số quyết định', 'Decision number'))}</label><input id="he-number" name="decisionNumber" required>
      <label for="he-date">${h(t('Ngày quyết định', 'Decision date'))}</label><input id="he-date" name="decisionDate" type="date" required>
      <label for="he-body">${h(t('Cơ quan ban hành', 'Issuing body'))}</label><input id="he-body" name="issuingBody">
      <button class="primary" type="submit">${h(t('Ghi vào lịch sử', 'Record'))}</button>
      <div id="he-result" aria-live="polite"></div>
    </form>` : ''}`;
  const lookup = root.querySelector<HTMLFormElement>('#history-lookup')!;
  lookup.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(lookup);
    location.hash = `#/award-history?${new URLSearchParams({ unitId: String(d.get('unitId') ?? '').trim(), name: String(d.get('name') ?? '').trim(), birthYear: String(d.get('birthYear') ?? '').trim() })}`;
  });
  const entry = root.querySelector<HTMLFormElement>('#history-entry');
  entry?.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(entry);
    const issuingBody = String(d.get('issuingBody') ?? '').trim();
    const body = {
      unitId, name, birthYear: Number(birthYear),
      awardCode: String(d.get('awardCode')), year: Number(d.get('year')),
      decisionNumber: String(d.get('decisionNumber') ?? '').trim(), decisionDate: String(d.get('decisionDate') ?? ''),
      ...(issuingBody ? { issuingBody } : {}),
    };
    void api('POST', '/api/award-history', body)
      .then(() => awardHistoryPage(root, query, ownUnitId))
      .catch((error: unknown) => void (root.querySelector('#he-result')!.innerHTML = problem(error)));
  });
}
