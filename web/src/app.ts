/**
 * The web app: one page per task of each role, over the same HTTP API as everything else. Plain TypeScript
 * and template strings (every server value escaped by `h`); a hash router keeps it a static site for S3.
 */
import { api, ApiError, getConfig, loadConfig, session } from './api.ts';
import { formatDate, formatDateTime, h, todayInVietnam } from './format.ts';
import { actionNames, currentLang, L, num, setLang, statusNames, stepNames, t, type Bilingual } from './i18n.ts';
import { outcomeReasonNames } from '#domain/lifecycle';
import { completeHostedSignIn, startHostedSignIn } from './cognito.ts';
import { importPage } from './import-page.ts';
import { rosterPage } from './roster-page.ts';
import { awardHistoryPage, upwardPage } from './upward-pages.ts';
import { dossierListPage } from './lists.ts';
import { uploadDocument } from './upload.ts';
import { drawWorkflow } from './workflow-diagram.ts';
import { type Role, roleNames, roles } from '#domain/roles';
import { unitTypeNames, unitTypes } from '#domain/unit-types';
import { type AwardKind, awardKindNames } from '#domain/catalogue';
import { categoryNames, type Gender, genderNames, type NomineeCategory, type RecipientType, recipientTypeNames, reportCategory } from '#domain/nominees';
import { nomineeColumns } from '#domain/nominee-sheet';
import { mountNomineeTable, nomineeFieldset } from './nominees.ts';
import { awardHistory, groundName, revocationPanels, revokedOutcome, type RevocationView } from './revocation.ts';
import { mailDeliveryBadge, mailDeliveryNote, type MailDeliveryView } from './mail-delivery.ts';
import { outboxPage as renderOutbox } from './outbox.ts';

/** Each navigation renders once; a slower page of an earlier navigation must not overwrite the current one. */
let generation = 0;
class StaleRender extends Error {}
const main = (gen: number) => {
  if (gen !== generation) throw new StaleRender();
  return document.getElementById('main')!;
};
type Catalogue = { awardForms: { code: string; name: Bilingual; recipientTypes: string[]; kinds: string[]; requiredDocuments: string[]; council: { vote: string } }[]; documentKinds: Record<string, { name: Bilingual; contentTypes: string[]; maxBytes: number }> };
let catalogue: Catalogue | undefined;
const getCatalogue = async () => (catalogue ??= await api<Catalogue>('GET', '/api/public/catalogue'));
const has = (...roles: string[]) => (session.user?.roles ?? []).some((r) => roles.includes(r));
/** A person of a submitting unit and of no provincial body: the list shows their unit's dossiers (as the API's isUnitActor). */
const isUnitUser = () => has('unitOfficer', 'unitHead') && !has('officer', 'secretariatHead', 'admin', 'councilMember', 'councilSecretary', 'chair');
/** The files made from the chair's approval (GET /api/dossiers/{id}/decision-documents/{kind}). */
const decisionFiles = [
  { kind: 'pdf', name: { vi: 'Quyết định (PDF)', en: 'Decision (PDF)' } },
  { kind: 'docx', name: { vi: 'Dự thảo quyết định (Word)', en: 'Draft decision (Word)' } },
  { kind: 'xlsx', name: { vi: 'Danh sách in Bằng khen, Giấy chứng nhận (Excel)', en: 'Certificate printing list (Excel)' } },
] as const;
/** A closed session's tally minutes (GET /api/council-sessions/{id}/minutes/{kind}). */
const minutesFiles = [
  { kind: 'pdf', name: { vi: 'Biên bản kiểm phiếu (PDF)', en: 'Tally minutes (PDF)' } },
  { kind: 'docx', name: { vi: 'Biên bản kiểm phiếu (Word, để ký)', en: 'Tally minutes (Word, to sign)' } },
  { kind: 'html', name: { vi: 'Biên bản kiểm phiếu (xem trên trình duyệt)', en: 'Tally minutes (web page)' } },
] as const;

// ── shell ────────────────────────────────────────────────────────────────
function renderShell(): void {
  const user = session.user;
  const links: [string, string][] = [['#/public', t('Danh sách khen thưởng', 'Published awards')]];
  if (user) {
    if (has('unitOfficer', 'unitHead')) links.unshift(['#/dossiers', t('Hồ sơ của đơn vị', 'Our dossiers')]);
    else if (has('officer', 'secretariatHead', 'admin', 'chair', 'councilMember', 'councilSecretary')) links.unshift(['#/dossiers', t('Danh sách hồ sơ', 'Dossiers')]);
    links.unshift(['#/inbox', t('Việc cần làm', 'My tasks')]);
    if (has('councilSecretary', 'secretariatHead', 'councilMember', 'chair')) links.push(['#/council', t('Hội đồng', 'Council')]);
    if (has('admin')) links.push(['#/units', t('Danh mục đơn vị', 'Units')], ['#/people', t('Người dùng', 'People')], ['#/rosters', t('Thành phần Hội đồng', 'Council rosters')], ['#/import', t('Nhập từ tệp', 'Import')]);
    if (has('officer', 'secretariatHead', 'councilSecretary', 'chair', 'admin')) links.push(['#/regulation', t('Quy chế', 'Regulation')]);
    if (has('officer', 'secretariatHead', 'chair', 'admin')) links.push(['#/upward', t('Trình cấp trên', 'Forwarded upward')]);
    if (has('officer', 'secretariatHead', 'chair', 'admin', 'unitOfficer', 'unitHead')) links.push(['#/award-history', t('Lịch sử khen thưởng', 'Award history')]);
    if (has('officer', 'secretariatHead', 'chair', 'admin')) links.push([`#/reports/${new Date().getFullYear()}`, t('Báo cáo năm', 'Year-end reports')]);
  }
  if (getConfig().local) links.push(['#/outbox', t('Hộp thư (cục bộ)', 'Outbox (local)')]);
  const here = location.hash.split('?')[0];
  document.getElementById('nav')!.innerHTML = links.map(([href, label]) => `<a href="${href}"${here === href ? ' aria-current="page"' : ''}>${h(label)}</a>`).join('');
  document.getElementById('who')!.innerHTML = user
    ? `${h(user.name ?? user.userId)} <button type="button" id="signout">${h(t('Đăng xuất', 'Sign out'))}</button>`
    : `<a href="#/signin">${h(t('Đăng nhập', 'Sign in'))}</a>`;
  document.getElementById('signout')?.addEventListener('click', () => (session.clear(), (location.hash = '#/signin')));
  const langButton = document.getElementById('lang')!;
  langButton.textContent = currentLang() === 'vi' ? 'English' : 'Tiếng Việt';
  langButton.lang = currentLang() === 'vi' ? 'en' : 'vi';
}

/** The server's error in the chosen language, next to the field it names (or at the top of the form). */
function showError(form: HTMLElement, error: unknown): void {
  form.querySelectorAll('.error').forEach((e) => e.remove());
  const body = error instanceof ApiError ? error.body.error : undefined;
  const text = body ? L(body.message) : t('Không kết nối được máy chủ, vui lòng thử lại', 'Could not reach the server, please try again');
  // The field itself (`nominees.2.category`), else the input holding it (`nominees`).
  const field = body?.field ? form.querySelector(`[name="${CSS.escape(body.field)}"]`) ?? form.querySelector(`[name="${CSS.escape(body.field.split('.')[0]!)}"]`) : null;
  const p = document.createElement('p');
  p.className = 'error';
  p.setAttribute('role', 'alert');
  p.dataset.field = body?.field ?? '';
  p.textContent = text;
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.insertAdjacentElement('afterend', p);
  } else form.prepend(p);
}

/** Runs a form action once: the button is disabled until it settles, so a double click cannot send twice. */
function onSubmit(form: HTMLFormElement, action: (data: FormData) => Promise<void>): void {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    if (form.dataset.busy) return;
    form.dataset.busy = '1';
    form.querySelectorAll('button').forEach((b) => (b.disabled = true));
    try {
      const data = new FormData(form);
      if (button?.name) data.set(button.name, button.value);
      await action(data);
    } catch (error) {
      showError(form, error);
    } finally {
      delete form.dataset.busy;
      form.querySelectorAll('button').forEach((b) => (b.disabled = false));
    }
  });
}
const requireField = (value: FormDataEntryValue | null, field: string, vi: string, en: string): string => {
  const s = String(value ?? '').trim();
  if (!s) throw new ApiError(400, { error: { code: 'VALIDATION', field, message: { vi, en } } });
  return s;
};

// ── pages ────────────────────────────────────────────────────────────────
async function signInPage(gen: number): Promise<void> {
  if (getConfig().auth !== 'local') {
    main(gen).innerHTML = `<h1>${h(t('Đăng nhập', 'Sign in'))}</h1><p>${h(t('Đăng nhập bằng tài khoản do Ban Thi đua – Khen thưởng cấp (có xác thực hai lớp).', 'Sign in with the account the secretariat issued you (two-factor).'))}</p>
      <form id="signin"><button class="primary" type="submit">${h(t('Đăng nhập', 'Sign in'))}</button></form>`;
    onSubmit(document.getElementById('signin') as HTMLFormElement, () => startHostedSignIn());
    return;
  }
  const { users } = (await (await fetch('/_local/users')).json()) as { users: { username: string; userId: string; name: string; roles: string[]; unitId?: string }[] };
  main(gen).innerHTML = `<h1>${h(t('Đăng nhập (người dùng mẫu)', 'Sign in (demo users)'))}</h1>
    <form id="signin"><label for="userId">${h(t('Người dùng', 'User'))}</label>
    <select id="userId" name="userId">${users.map((u) => `<option value="${h(u.username)}">${h(u.name)} — ${h(u.roles.map(roleLabel).join(', '))}</option>`).join('')}</select>
    <button class="primary" type="submit">${h(t('Đăng nhập', 'Sign in'))}</button></form>`;
  onSubmit(document.getElementById('signin') as HTMLFormElement, async (data) => {
    const userId = String(data.get('userId'));
    const { token } = (await (await fetch('/_local/token', { method: 'POST', body: JSON.stringify({ userId }) })).json()) as { token: string };
    session.set(token, users.find((u) => u.username === userId));
    location.hash = has('unitOfficer', 'unitHead') ? '#/dossiers' : '#/inbox';
  });
}

async function newDossierPage(gen: number): Promise<void> {
  const cat = await getCatalogue();
  main(gen).innerHTML = `<h1>${h(t('Tạo hồ sơ đề nghị khen thưởng', 'New award dossier'))}</h1>
  <form id="create" novalidate>
    <label for="awardCode">${h(t('Hình thức khen thưởng', 'Award form'))}</label>
    <select id="awardCode" name="awardCode">${cat.awardForms.map((f) => `<option value="${h(f.code)}">${h(L(f.name))}</option>`).join('')}</select>
    <div id="required-docs" class="panel" aria-live="polite"></div>
    <label for="kind">${h(t('Loại hình khen thưởng', 'Kind of commendation'))}</label><select id="kind" name="kind"></select>
    <label for="title">${h(t('Tên hồ sơ', 'Title'))}</label><input id="title" name="title" maxlength="300" required>
    <label for="year">${h(t('Năm thi đua', 'Emulation year'))}</label><input id="year" name="year" type="number" value="${new Date().getFullYear()}">
    ${nomineeFieldset()}
    <button class="primary" type="submit">${h(t('Tạo hồ sơ', 'Create'))}</button>
  </form>`;
  const select = document.getElementById('awardCode') as HTMLSelectElement;
  const kindSelect = document.getElementById('kind') as HTMLSelectElement;
  const formOf = () => cat.awardForms.find((f) => f.code === select.value)!;
  const showForm = () => {
    const form = formOf();
    document.getElementById('required-docs')!.innerHTML = `<strong>${h(t('Tài liệu cần nộp', 'Documents required'))}:</strong><ul>${form.requiredDocuments.map((k) => `<li>${h(L(cat.documentKinds[k]?.name))}</li>`).join('')}</ul>
      <p class="muted">${h(t('Dành cho', 'For'))}: ${h(form.recipientTypes.map((r) => L(recipientTypeNames[r as RecipientType])).join(', '))}.
      ${h(form.council.vote === 'none' ? t('Không qua bỏ phiếu Hội đồng (thủ tục đơn giản).', 'No council vote (simplified procedure).') : t('Hội đồng xét và bỏ phiếu.', 'The council votes.'))}</p>`;
    // Only the kinds the catalogue gives this form (the API refuses the others).
    kindSelect.innerHTML = form.kinds.map((k) => `<option value="${h(k)}">${h(L(awardKindNames[k as AwardKind]))}</option>`).join('');
  };
  showForm();
  const table = mountNomineeTable(formOf);
  select.addEventListener('change', () => (showForm(), table.formChanged()));
  onSubmit(document.getElementById('create') as HTMLFormElement, async (data) => {
    const form = formOf();
    const title = requireField(data.get('title'), 'title', 'Vui lòng nhập tên hồ sơ', 'Please enter a title');
    const nominees = table.nominees();
    const { dossier } = await api<{ dossier: { id: string } }>('POST', '/api/dossiers', {
      awardCode: form.code, kind: String(data.get('kind')), year: Number(data.get('year')), title, nominees,
    });
    location.hash = `#/dossiers/${dossier.id}`;
  });
}

interface DossierView {
  /** The unit's name as it was when the dossier was filed; absent for a unit missing from the directory. */
  unitName?: string;
  dossier: { id: string; title: string; unitId: string; awardCode: string; status: string; year: number; version: number; missingDocuments?: string[]; outcomeReason?: string; decision?: { number: string; date: string }; proposal?: { number: string; date: string }; nominees: NomineeOutcomeView[]; revocations?: RevocationView[] };
  /** What happened overall once decided: all, some or none of the nominees awarded (or all its awards revoked). */
  overall?: 'allAwarded' | 'partlyAwarded' | 'noneAwarded' | 'allRevoked';
  documents: { documentId: string; kind: string; fileName: string; state: string; size: number; reason?: Bilingual }[];
  tasks: { step: string; state: string; dueAt: string }[];
  events: { seq: number; at: string; action: string; toStatus?: string; actor: { userId: string; name?: string } }[];
}

interface NomineeOutcomeView { name: string; recipientType: string; category?: string; gender?: string; position?: string; birthYear?: number; outcome?: 'awarded' | 'notAwarded' | 'revoked'; outcomeStage?: string; outcomeReason?: string; revocation?: { ground: string; reason: string; decisionNumber: string; decisionDate: string }; tally?: { agree: number; disagree: number; abstain: number; needed: number; base: number; passed: boolean } }
const overallLabels: Record<string, Bilingual> = { allAwarded: { vi: 'Khen thưởng toàn bộ', en: 'All awarded' }, partlyAwarded: { vi: 'Khen thưởng một phần', en: 'Partly awarded' }, noneAwarded: { vi: 'Không khen thưởng', en: 'None awarded' }, allRevoked: { vi: 'Đã hủy bỏ khen thưởng', en: 'Awards revoked' } };
const stageLabels: Record<string, Bilingual> = { appraisal: { vi: 'thẩm định', en: 'appraisal' }, council: { vi: 'Hội đồng', en: 'council' }, decision: { vi: 'Chủ tịch quyết định', en: "chair's decision" }, central: { vi: 'cấp trên quyết định', en: 'central level' } };

/** Each nominee's path: the outcome, the step that decided it and why, and the council's count if it was voted on. */
function nomineesTable(nominees: readonly NomineeOutcomeView[]): string {
  const outcome = (n: NomineeOutcomeView) =>
    n.outcome === 'awarded' ? t('Được khen thưởng', 'Awarded') : n.outcome === 'revoked' ? revokedOutcome(n) : n.outcome === 'notAwarded' ? `${t('Không được khen thưởng', 'Not awarded')} (${L(stageLabels[n.outcomeStage ?? ''] ?? { vi: '', en: '' })})` : t('Đang xét', 'In progress');
  return `<table id="nominees"><thead><tr><th>#</th><th>${h(t('Người / tập thể được đề nghị', 'Nominee'))}</th><th>${h(t('Kết quả', 'Outcome'))}</th><th>${h(t('Phiếu Hội đồng', 'Council vote'))}</th><th>${h(t('Lý do', 'Reason'))}</th></tr></thead><tbody>
    ${nominees.map((n, i) => `<tr data-nominee="${i}" data-outcome="${h(n.outcome ?? '')}"><td>${i + 1}</td><td>${h(n.name)}${n.position ? `<br><small>${h(n.position)}</small>` : ''}</td><td>${h(outcome(n))}</td><td>${n.tally ? h(`${n.tally.agree}/${n.tally.base} ${t('đồng ý', 'agree')}, ${t('cần', 'needed')} ${n.tally.needed}`) : ''}</td><td>${h(n.revocation ? `${groundName(n.revocation.ground)}: ${n.revocation.reason}` : L(outcomeReasonNames[n.outcomeReason ?? '']) || (n.outcomeReason ?? ''))}</td></tr>`).join('')}</tbody></table>`;
}

/** One row per nominee still in play: tick to refuse it, with the reason the unit will read. */
function refusalRows(nominees: readonly NomineeOutcomeView[], label: Bilingual): string {
  const open = nominees.map((n, i) => ({ n, i })).filter(({ n }) => !n.outcome);
  if (open.length < 2) return '';
  return `<fieldset class="refusals"><legend>${h(L(label))}</legend>${open.map(({ n, i }) => `<div><label class="inline"><input type="checkbox" name="refuse" value="${i}"> ${h(n.name)}</label> <input name="refuse-reason-${i}" aria-label="${h(t('Lý do', 'Reason'))}: ${h(n.name)}" maxlength="2000" placeholder="${h(t('Lý do', 'Reason'))}"></div>`).join('')}</fieldset>`;
}

/** The ticked refusals, each with its reason (a ticked nominee without a reason is refused by the form, naming the row). */
function refusalsOf(d: FormData): { nomineeIndex: number; reason: string }[] {
  return d.getAll('refuse').map(String).map((i) => ({ nomineeIndex: Number(i), reason: requireField(d.get(`refuse-reason-${i}`), `refuse-reason-${i}`, 'Vui lòng nêu lý do cho người được chọn', 'Please give the reason for this nominee') }));
}

async function dossierPage(id: string, gen: number): Promise<void> {
  const view = await api<DossierView>('GET', `/api/dossiers/${id}`);
  const cat = await getCatalogue();
  const { dossier, documents, tasks, events } = view;
  const form = cat.awardForms.find((f) => f.code === dossier.awardCode)!;
  const open = tasks.filter((x) => x.state === 'PENDING');
  const isUnit = has('unitOfficer') && session.user?.unitId === dossier.unitId;
  const editable = isUnit && (dossier.status === 'Draft' || dossier.status === 'SupplementRequested');
  const definition = getConfig().workflowDefinition;
  const docKinds = [...new Set([...form.requiredDocuments, ...documents.map((d) => d.kind)])];
  main(gen).innerHTML = `<h1>${h(dossier.title)}</h1>
    <p><span class="badge" id="status" data-status="${h(dossier.status)}">${h(L(statusNames[dossier.status]))}</span>
    ${h(L(form.name))} · ${h(t('Năm', 'Year'))} ${dossier.year} · ${h(dossier.nominees.map((n) => n.name).join(', '))}</p>
    <p id="unit">${h(t('Đơn vị trình', 'Submitting unit'))}: ${h(view.unitName ?? dossier.unitId)}</p>
    ${view.overall ? `<p class="notice" id="overall" data-overall="${h(view.overall)}">${h(L(overallLabels[view.overall]!))}</p>` : ''}
    ${['Draft', 'Submitted', 'SupplementRequested', 'UnderAppraisal', 'Withdrawn'].includes(dossier.status) ? '' : `<h2>${h(t('Kết quả xét từng người', 'Outcome for each nominee'))}</h2>${nomineesTable(dossier.nominees)}`}
    ${dossier.decision ? `<p class="notice">${h(t('Quyết định số', 'Decision'))} ${h(dossier.decision.number)}, ${h(t('ngày', 'dated'))} ${h(formatDate(dossier.decision.date))}</p>` : ''}
    ${dossier.proposal ? `<p class="notice" id="proposal">${h(t('Tờ trình số', 'Proposal'))} ${h(dossier.proposal.number)}, ${h(t('ngày', 'dated'))} ${h(formatDate(dossier.proposal.date))} — <a href="#" data-decision-file="proposal-pdf">${h(t('Tờ trình (PDF)', 'Proposal (PDF)'))}</a>${has('officer', 'secretariatHead', 'admin', 'chair') ? ` · <a href="#" data-decision-file="proposal-docx">${h(t('Dự thảo tờ trình (Word)', 'Draft proposal (Word)'))}</a>` : ''}</p>` : ''}
    ${dossier.status === 'Awarded' && dossier.decision ? `<p id="decision-files">${decisionFiles.filter((f) => f.kind === 'pdf' || has('officer', 'secretariatHead', 'admin', 'chair')).map((f) => `<a href="#" data-decision-file="${f.kind}">${h(L(f.name))}</a>`).join(' · ')}</p>` : ''}
    ${dossier.outcomeReason ? `<p>${h(t('Lý do', 'Reason'))}: ${h(L(outcomeReasonNames[dossier.outcomeReason]) || dossier.outcomeReason)}</p>` : ''}
    ${awardHistory(dossier)}
    ${dossier.missingDocuments?.length && dossier.status === 'SupplementRequested' ? `<p class="error" role="status">${h(t('Cần bổ sung', 'Missing'))}: ${h(dossier.missingDocuments.map((k) => L(cat.documentKinds[k]?.name)).join(', '))}</p>` : ''}
    ${open.map((x) => `<p>${h(t('Bước đang chờ', 'Waiting for'))}: <strong>${h(L(stepNames[x.step]))}</strong> — ${h(t('hạn', 'due'))} ${h(formatDate(x.dueAt))}</p>`).join('')}
    <h2>${h(t('Danh sách đề nghị khen thưởng', 'Nominees'))}</h2>
    <table id="dossier-nominees"><thead><tr><th>#</th>${(['name', 'recipientType', 'category', 'gender', 'position', 'birthYear'] as const).map((k) => `<th>${h(L(nomineeColumns.find((c) => c.key === k)!.header))}</th>`).join('')}</tr></thead><tbody>
    ${dossier.nominees.map((n, i) => `<tr><td>${i + 1}</td><td>${h(n.name)}</td><td>${h(L(recipientTypeNames[n.recipientType as RecipientType]) || n.recipientType)}</td><td>${h(n.recipientType === 'household' ? '' : L(categoryNames[reportCategory(n.recipientType, n.category) as NomineeCategory]))}</td><td>${h(n.gender ? L(genderNames[n.gender as Gender]) : '')}</td><td>${h(n.position ?? '')}</td><td>${n.birthYear ?? ''}</td></tr>`).join('')}</tbody></table>
    <h2>${h(t('Tài liệu', 'Documents'))}</h2>
    <table id="documents"><thead><tr><th>${h(t('Loại tài liệu', 'Kind'))}</th><th>${h(t('Tệp', 'File'))}</th><th>${h(t('Tình trạng', 'State'))}</th>${editable ? `<th>${h(t('Tải lên', 'Upload'))}</th>` : ''}</tr></thead><tbody>
    ${docKinds.map((kind) => {
      const docs = documents.filter((d) => d.kind === kind);
      const files = docs.map((d) => `<div>${d.state === 'verified' ? `<a href="#" data-download="${h(d.documentId)}">${h(d.fileName)}</a>` : h(d.fileName)} <span class="badge">${h(d.state === 'verified' ? t('hợp lệ', 'verified') : d.state === 'quarantined' ? t('tệp bị từ chối (không an toàn)', 'file refused (unsafe)') : t('chờ kiểm tra', 'pending'))}</span>${d.reason ? ` <span class="error">${h(L(d.reason))}</span>` : ''}</div>`).join('');
      const slot = `kind-${kind}`;
      // A supplement request takes only the kinds it names (the server refuses the others).
      const uploadable = editable && (dossier.status === 'Draft' || (dossier.missingDocuments ?? []).includes(kind));
      return `<tr data-kind="${h(kind)}"><th scope="row">${h(L(cat.documentKinds[kind]?.name))}</th><td>${files || '—'}</td><td>${docs.some((d) => d.state === 'verified') ? '✔' : ''}</td>${editable && !uploadable ? '<td></td>' : ''}${uploadable ? `<td><label for="${slot}" class="muted">${h(t('Chọn tệp PDF', 'Choose a PDF'))}</label><input type="file" id="${slot}" accept="application/pdf" data-kind="${h(kind)}"><progress max="100" value="0" hidden></progress><span class="upload-state" aria-live="polite"></span></td>` : ''}</tr>`;
    }).join('')}</tbody></table>
    <div id="actions"></div>
    <h2>${h(t('Quy trình', 'Workflow'))}</h2>
    <div id="diagram"></div>
    <h2>${h(t('Diễn biến', 'Timeline'))}</h2>
    <ol class="timeline" id="timeline">${events.map((e) => `<li>${h(formatDateTime(e.at))} — ${h(e.actor.name ?? e.actor.userId)}: ${h(actionNames[e.action] ? L(actionNames[e.action]) : e.action)}${e.toStatus ? ` → ${h(L(statusNames[e.toStatus]))}` : ''}</li>`).join('')}</ol>`;

  if (definition) void drawWorkflow(document.getElementById('diagram')!, definition, dossier.status, events.map((e) => e.toStatus));
  main(gen).querySelectorAll<HTMLAnchorElement>('[data-download]').forEach((a) =>
    a.addEventListener('click', async (e) => {
      e.preventDefault();
      const { url } = await api<{ url: string }>('GET', `/api/dossiers/${id}/documents/${a.dataset.download}/download`);
      window.open(url, '_blank', 'noopener');
    }),
  );
  main(gen).querySelectorAll<HTMLAnchorElement>('[data-decision-file]').forEach((a) =>
    a.addEventListener('click', async (e) => {
      e.preventDefault();
      const { url } = await api<{ url: string }>('GET', `/api/dossiers/${id}/decision-documents/${a.dataset.decisionFile}`);
      window.open(url, '_blank', 'noopener');
    }),
  );
  main(gen).querySelectorAll<HTMLInputElement>('input[type=file]').forEach((input) => input.addEventListener('change', () => void upload(input)));

  async function upload(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    const kind = input.dataset.kind!;
    const cell = input.parentElement!;
    const progress = cell.querySelector('progress')!;
    const state = cell.querySelector('.upload-state')!;
    cell.querySelectorAll('.error, .retry').forEach((e) => e.remove());
    if (!file) return;
    const rule = cat.documentKinds[kind]!;
    const fail = (message: string, retry: boolean) => {
      const p = document.createElement('p');
      p.className = 'error';
      p.setAttribute('role', 'alert');
      p.textContent = message;
      cell.append(p);
      if (retry) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'secondary retry';
        b.textContent = t('Thử lại', 'Retry');
        b.addEventListener('click', () => void upload(input));
        cell.append(b);
      }
    };
    if (!rule.contentTypes.includes(file.type)) return fail(t(`Tệp "${file.name}" không phải PDF. Chỉ nhận tệp PDF.`, `"${file.name}" is not a PDF. Only PDF files are accepted.`), false);
    if (file.size > rule.maxBytes) return fail(t(`Tệp "${file.name}" quá lớn (${num(file.size / 1048576, 1, true)} MB); tối đa ${num(rule.maxBytes / 1048576)} MB.`, `"${file.name}" is too large (${num(file.size / 1048576, 1, true)} MB); at most ${num(rule.maxBytes / 1048576)} MB.`), false);
    if (file.size === 0) return fail(t('Tệp rỗng.', 'The file is empty.'), false);
    progress.hidden = false;
    progress.value = 0;
    state.textContent = t('Đang tải lên…', 'Uploading…');
    try {
      const { document: doc } = await uploadDocument(id, kind, file, (f) => (progress.value = Math.round(f * 100)));
      state.textContent = doc.state === 'verified' ? t('Đã tải lên và kiểm tra: hợp lệ', 'Uploaded and verified') : `${t('Tệp bị từ chối (không an toàn)', 'File refused (unsafe)')}: ${L(doc.reason)}`;
      if (doc.state === 'verified') cell.parentElement!.children[2]!.textContent = '✔';
    } catch (error) {
      state.textContent = '';
      fail(error instanceof ApiError ? L(error.body.error.message) : t('Tải lên thất bại (lỗi mạng hoặc máy chủ lưu trữ).', 'Upload failed (network or storage error).'), true);
    }
  }

  const actions = document.getElementById('actions')!;
  const panel = (html: string) => actions.insertAdjacentHTML('beforeend', `<div class="panel">${html}</div>`);
  if (isUnit && dossier.status === 'Draft') panel(`<form id="submit-form"><button class="primary" type="submit">${h(t('Nộp hồ sơ', 'Submit'))}</button></form>`);
  if (isUnit && open.some((x) => x.step === 'supplement')) {
    panel(`<form id="supplement-form"><label for="note">${h(t('Ghi chú bổ sung', 'Note'))}</label><textarea id="note" name="note" maxlength="2000"></textarea><button class="primary" type="submit">${h(t('Gửi bổ sung', 'Send the supplement'))}</button></form>`);
  }
  if (isUnit && ['Draft', 'Submitted', 'SupplementRequested', 'UnderAppraisal'].includes(dossier.status)) {
    panel(`<form id="withdraw-form"><label for="withdraw-reason">${h(t('Lý do rút hồ sơ', 'Reason for withdrawal'))}</label><input id="withdraw-reason" name="reason" maxlength="2000"><button class="danger" type="submit">${h(t('Rút hồ sơ', 'Withdraw'))}</button></form>`);
  }
  // A supplement past its deadline where the regulation does not return the dossier by itself: the secretariat decides.
  const overdueSupplement = open.find((x) => x.step === 'supplement' && Date.parse(x.dueAt) < Date.now());
  if (has('officer', 'secretariatHead') && overdueSupplement) {
    panel(`<form id="return-form"><p>${h(t(`Đơn vị chưa bổ sung hồ sơ; hạn bổ sung đã qua (${formatDate(overdueSupplement.dueAt)}).`, `The unit has not supplemented the dossier; the deadline (${formatDate(overdueSupplement.dueAt)}) has passed.`))}</p><label for="return-reason">${h(t('Lý do trả lại hồ sơ', 'Reason for returning the dossier'))}</label><input id="return-reason" name="reason" maxlength="2000"><button class="danger" type="submit">${h(t('Trả lại hồ sơ', 'Return the dossier'))}</button></form>`);
  }
  if (has('officer') && open.some((x) => x.step === 'appraisal')) {
    panel(`<h2>${h(t('Thẩm định', 'Appraisal'))}</h2><form id="appraisal-form">
      <fieldset><legend>${h(t('Kết quả', 'Outcome'))}</legend>
      <label><input type="radio" name="result" value="eligible" checked> ${h(t('Đủ điều kiện', 'Eligible'))}</label>
      <label><input type="radio" name="result" value="ineligible"> ${h(t('Không đủ điều kiện', 'Not eligible'))}</label>
      <label><input type="radio" name="result" value="supplement"> ${h(t('Yêu cầu bổ sung', 'Request a supplement'))}</label></fieldset>
      <label for="missing">${h(t('Tài liệu cần bổ sung', 'Documents to supplement'))}</label>
      <select id="missing" name="missingDocuments" multiple>${form.requiredDocuments.map((k) => `<option value="${h(k)}">${h(L(cat.documentKinds[k]?.name))}</option>`).join('')}</select>
      <label for="reason">${h(t('Lý do / nhận xét', 'Reason / comments'))}</label><textarea id="reason" name="reason" maxlength="2000"></textarea>
      ${refusalRows(dossier.nominees, { vi: 'Nếu đủ điều kiện: những người không đủ điều kiện (kèm lý do)', en: 'If eligible: nominees who are not (with the reason)' })}
      <button class="primary" type="submit">${h(t('Ghi kết quả thẩm định', 'Record the appraisal'))}</button></form>`);
  }
  if (has('chair') && open.some((x) => x.step === 'chairDecision')) {
    panel(`<h2>${h(t('Quyết định khen thưởng', 'Decision'))}</h2><form id="decision-form" novalidate>
      <label for="decisionNumber">${h(t('Số quyết định (vd. 123/QĐ-UBND)', 'Decision number (e.g. 123/QĐ-UBND)'))}</label><input id="decisionNumber" name="decisionNumber" placeholder="123/QĐ-UBND">
      <label for="decisionDate">${h(t('Ngày quyết định', 'Decision date'))}</label><input id="decisionDate" name="decisionDate" type="date" value="${todayInVietnam()}">
      <label for="reject-reason">${h(t('Lý do (nếu không phê duyệt)', 'Reason (if rejected)'))}</label><input id="reject-reason" name="reason">
      ${refusalRows(dossier.nominees, { vi: 'Khi phê duyệt: những người không được khen thưởng (kèm lý do)', en: 'On approval: nominees not awarded (with the reason)' })}
      <button class="primary" type="submit" name="decision" value="approve">${h(t('Phê duyệt khen thưởng', 'Approve'))}</button>
      <button class="danger" type="submit" name="decision" value="reject">${h(t('Không phê duyệt', 'Reject'))}</button></form>`);
  }
  actions.insertAdjacentHTML('beforeend', revocationPanels(dossier, { propose: has('officer', 'secretariatHead'), decide: has('chair') }));
  const bind = (formId: string, action: (data: FormData) => Promise<unknown>) => {
    const f = document.getElementById(formId) as HTMLFormElement | null;
    if (f) onSubmit(f, async (data) => (await action(data), await route()));
  };
  bind('submit-form', () => api('POST', `/api/dossiers/${id}/submit`));
  bind('supplement-form', (d) => api('POST', `/api/dossiers/${id}/tasks/supplement/complete`, { ...(String(d.get('note') ?? '').trim() ? { note: String(d.get('note')).trim() } : {}) }));
  bind('return-form', (d) => api('POST', `/api/dossiers/${id}/return`, { reason: requireField(d.get('reason'), 'reason', 'Vui lòng nêu lý do trả lại hồ sơ', 'Please give a reason') }));
  bind('withdraw-form', (d) => api('POST', `/api/dossiers/${id}/withdraw`, { reason: requireField(d.get('reason'), 'reason', 'Vui lòng nêu lý do rút hồ sơ', 'Please give a reason') }));
  bind('appraisal-form', (d) => {
    const result = String(d.get('result'));
    if (result === 'eligible') {
      const ineligibleNominees = refusalsOf(d);
      return api('POST', `/api/dossiers/${id}/tasks/appraisal/complete`, { result, ...(ineligibleNominees.length ? { ineligibleNominees } : {}) });
    }
    const reason = requireField(d.get('reason'), 'reason', 'Vui lòng nêu lý do', 'Please give the reason');
    if (result === 'ineligible') return api('POST', `/api/dossiers/${id}/tasks/appraisal/complete`, { result, reason });
    const missing = d.getAll('missingDocuments').map(String);
    if (!missing.length) throw new ApiError(400, { error: { code: 'VALIDATION', field: 'missingDocuments', message: { vi: 'Chọn ít nhất một tài liệu cần bổ sung', en: 'Choose at least one document' } } });
    return api('POST', `/api/dossiers/${id}/tasks/appraisal/complete`, { result, reason, missingDocuments: missing });
  });
  bind('decision-form', (d) =>
    d.get('decision') === 'approve'
      ? api('POST', `/api/dossiers/${id}/tasks/chairDecision/complete`, {
          decision: 'approve',
          decisionNumber: requireField(d.get('decisionNumber'), 'decisionNumber', 'Vui lòng nhập số quyết định', 'Please enter the decision number'),
          decisionDate: String(d.get('decisionDate')),
          ...(d.getAll('refuse').length ? { notAwardedNominees: refusalsOf(d) } : {}),
        })
      : api('POST', `/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'reject', reason: requireField(d.get('reason'), 'reason', 'Vui lòng nêu lý do', 'Please give the reason') }),
  );
  bind('revocation-propose-form', (d) => {
    const scope = String(d.get('scope'));
    const nomineeIndexes = d.getAll('nomineeIndexes').map(Number);
    if (scope === 'nominees' && !nomineeIndexes.length) throw new ApiError(400, { error: { code: 'VALIDATION', field: 'nomineeIndexes', message: { vi: 'Vui lòng chọn ít nhất một người được khen thưởng', en: 'Choose at least one awarded nominee' } } });
    const reason = requireField(d.get('reason'), 'reason', 'Vui lòng nêu lý do cụ thể', 'Please give the reason');
    return api('POST', `/api/dossiers/${id}/revocations`, { scope, ...(scope === 'nominees' ? { nomineeIndexes } : {}), ground: String(d.get('ground')), reason });
  });
  const proposalId = (document.getElementById('revocation-decision-form') as HTMLFormElement | null)?.dataset.proposal ?? '';
  bind('revocation-decision-form', (d) =>
    d.get('decision') === 'revoke'
      ? api('POST', `/api/dossiers/${id}/revocations/${encodeURIComponent(proposalId)}/decision`, {
          decision: 'revoke',
          decisionNumber: requireField(d.get('decisionNumber'), 'decisionNumber', 'Vui lòng nhập số quyết định', 'Please enter the decision number'),
          decisionDate: String(d.get('decisionDate')),
        })
      : api('POST', `/api/dossiers/${id}/revocations/${encodeURIComponent(proposalId)}/decision`, { decision: 'decline', reason: requireField(d.get('reason'), 'reason', 'Vui lòng nêu lý do', 'Please give the reason') }),
  );
}

async function inboxPage(gen: number): Promise<void> {
  const { tasks } = await api<{ tasks: { dossierId: string; step: string; dueAt: string; overdue: boolean }[] }>('GET', '/api/tasks');
  const views = await Promise.all(tasks.map((x) => api<DossierView>('GET', `/api/dossiers/${x.dossierId}`).then((v) => ({ title: v.dossier.title, unit: v.unitName ?? v.dossier.unitId })).catch(() => ({ title: x.dossierId, unit: '' }))));
  main(gen).innerHTML = `<h1>${h(t('Việc cần làm', 'My tasks'))}</h1>
    <table id="tasks"><thead><tr><th>${h(t('Hồ sơ', 'Dossier'))}</th><th>${h(t('Đơn vị trình', 'Submitting unit'))}</th><th>${h(t('Bước', 'Step'))}</th><th>${h(t('Hạn', 'Due'))}</th></tr></thead><tbody>
    ${tasks.map((x, i) => `<tr><td><a href="#/dossiers/${h(x.dossierId)}">${h(views[i]!.title)}</a></td><td>${h(views[i]!.unit)}</td><td>${h(L(stepNames[x.step]))}</td><td${x.overdue ? ' class="overdue"' : ''}>${h(formatDate(x.dueAt))}${x.overdue ? ` — ${h(t('quá hạn', 'overdue'))}` : ''}</td></tr>`).join('') || `<tr><td colspan="4">${h(t('Không có việc nào', 'Nothing to do'))}</td></tr>`}</tbody></table>`;
}

type SessionSummary = { id: string; title: string; date: string; state: string; memberIds: string[]; dossierIds: string[] };
const sessionStateName = (state: string) => (state === 'open' ? t('Đang mở', 'Open') : state === 'closing' ? t('Đang kiểm phiếu', 'Tallying') : t('Đã kết thúc', 'Closed'));

/** The sessions the server lets this user see (all, or a member's own), filtered by state and year, a page at a time. */
async function councilPage(gen: number): Promise<void> {
  const params = new URLSearchParams(location.hash.split('?')[1]);
  const filters = new URLSearchParams([...params].filter(([k, v]) => ['state', 'year', 'cursor'].includes(k) && v !== ''));
  // Open sessions first (a member picks the one to vote in), then the others newest first, page by page.
  const openFirst = !filters.get('state') && !filters.get('cursor');
  const [list, openSessions] = await Promise.all([
    api<{ sessions: SessionSummary[]; next?: string }>('GET', `/api/council-sessions?${filters}`),
    openFirst ? api<{ sessions: SessionSummary[] }>('GET', `/api/council-sessions?${new URLSearchParams([...filters, ['state', 'open'], ['limit', '100']])}`) : undefined,
  ]);
  if (openSessions) list.sessions = [...openSessions.sessions, ...list.sessions.filter((x) => x.state !== 'open')];
  let html = `<h1>${h(t('Phiên họp Hội đồng', 'Council sessions'))}</h1>`;
  if (has('councilSecretary', 'secretariatHead')) {
    const { tasks } = await api<{ tasks: { dossierId: string; step: string }[] }>('GET', '/api/tasks');
    const waiting = tasks.filter((x) => x.step === 'council');
    const titles = await Promise.all(waiting.map((x) => api<DossierView>('GET', `/api/dossiers/${x.dossierId}`).then((v) => v.dossier.title)));
    html += `<form id="open-session" class="panel" novalidate><h2>${h(t('Mở phiên họp', 'Open a session'))}</h2>
      <label for="session-title">${h(t('Tên phiên họp', 'Title'))}</label><input id="session-title" name="title" value="${h(t('Phiên họp xét khen thưởng', 'Award review session'))}">
      <label for="session-date">${h(t('Ngày họp', 'Date'))}</label><input id="session-date" name="date" type="date" value="${todayInVietnam()}">
      <fieldset><legend>${h(t('Hồ sơ đưa ra xét', 'Dossiers'))}</legend>${waiting.map((x, i) => `<label><input type="checkbox" name="dossierIds" value="${h(x.dossierId)}" checked> ${h(titles[i])}</label>`).join('') || h(t('Không có hồ sơ chờ Hội đồng', 'No dossier awaits the council'))}</fieldset>
      <fieldset id="session-roster"><legend>${h(t('Thành viên Hội đồng (theo danh sách nhiệm kỳ) — đánh dấu người vắng mặt', "Members (the term's roster) — tick those absent"))}</legend></fieldset>
      <button class="primary" type="submit">${h(t('Mở phiên họp', 'Open the session'))}</button></form>`;
  }
  const state = params.get('state') ?? '';
  const nextPage = new URLSearchParams([...filters].filter(([k]) => k !== 'cursor'));
  if (list.next) nextPage.set('cursor', list.next);
  html += `<h2>${h(t('Các phiên họp', 'Sessions'))}</h2>
    <form id="session-filters" class="filters"><label for="filter-state">${h(t('Trạng thái', 'State'))}</label><select id="filter-state" name="state">
      ${['', 'open', 'closing', 'closed'].map((v) => `<option value="${v}"${v === state ? ' selected' : ''}>${h(v ? sessionStateName(v) : t('Tất cả', 'All'))}</option>`).join('')}</select>
      <label for="filter-year">${h(t('Năm', 'Year'))}</label><input id="filter-year" name="year" inputmode="numeric" value="${h(params.get('year') ?? '')}">
      <button class="secondary" type="submit">${h(t('Lọc', 'Filter'))}</button></form>
    <table id="sessions"><thead><tr><th>${h(t('Phiên họp', 'Session'))}</th><th>${h(t('Ngày họp', 'Date'))}</th><th>${h(t('Trạng thái', 'State'))}</th><th>${h(t('Số hồ sơ', 'Dossiers'))}</th></tr></thead><tbody>
    ${list.sessions.map((x) => `<tr data-session="${h(x.id)}"><td><a href="#/council/${h(x.id)}">${h(x.title)}</a></td><td>${h(formatDate(x.date))}</td><td>${h(sessionStateName(x.state))}</td><td>${x.dossierIds.length}</td></tr>`).join('') || `<tr><td colspan="4">${h(t('Không có phiên họp nào', 'No sessions'))}</td></tr>`}</tbody></table>
    ${list.next ? `<p><a id="sessions-next" href="#/council?${h(nextPage.toString())}">${h(t('Trang sau', 'Next page'))}</a></p>` : ''}`;
  main(gen).innerHTML = html;
  const open = document.getElementById('open-session') as HTMLFormElement | null;
  if (open) {
    // The electorate is the roster in force on the session's date: shown for the date chosen, never typed in.
    const date = open.querySelector<HTMLInputElement>('#session-date')!;
    const showRoster = () => void rosterFieldset(document.getElementById('session-roster')!, date.value).catch((error: unknown) => showError(open, error));
    date.addEventListener('change', showRoster);
    showRoster();
    onSubmit(open, async (d) => {
      const { session: s } = await api<{ session: { id: string } }>('POST', '/api/council-sessions', { title: String(d.get('title')), date: String(d.get('date')), dossierIds: d.getAll('dossierIds').map(String), absentUsernames: d.getAll('absentUsernames').map(String) });
      location.hash = `#/council/${s.id}`;
    });
  }
  onSubmit(document.getElementById('session-filters') as HTMLFormElement, async (d) => {
    const query = new URLSearchParams([...d].map(([k, v]) => [k, String(v).trim()] as [string, string]).filter(([, v]) => v !== ''));
    location.hash = `#/council${query.size ? `?${query}` : ''}`;
  });
}

type RosterSeat = { username: string; userId: string; name: string; seat: 'chair' | 'viceChair' | 'member' | 'secretary'; position: string; unitId?: string };
const seatNames: Record<RosterSeat['seat'], [string, string]> = { chair: ['Chủ tịch', 'Chair'], viceChair: ['Phó Chủ tịch', 'Vice-chair'], member: ['Ủy viên', 'Member'], secretary: ['Thư ký', 'Secretary'] };

/** The voting members of the roster in force on `date`, each with an "absent" box; the secretary seat is shown, not ticked. */
async function rosterFieldset(fieldset: HTMLElement, date: string): Promise<void> {
  const legend = fieldset.querySelector('legend')!.outerHTML;
  const { rosters } = await api<{ rosters: { rosterId: string; title: string; validFrom: string; validTo?: string; seats: RosterSeat[] }[] }>('GET', `/api/council-rosters?on=${encodeURIComponent(date)}`);
  const roster = rosters[0];
  if (!roster) {
    fieldset.innerHTML = `${legend}<p class="error" id="no-roster">${h(t(`Không có danh sách Hội đồng nào có hiệu lực vào ngày ${formatDate(date)}`, `No council roster is in force on ${formatDate(date)}`))}</p>`;
    return;
  }
  const voting = roster.seats.filter((x) => x.seat !== 'secretary');
  const secretaries = roster.seats.filter((x) => x.seat === 'secretary');
  fieldset.innerHTML = `${legend}<p class="muted" id="roster-title">${h(roster.title)} (${h(formatDate(roster.validFrom))} – ${roster.validTo ? h(formatDate(roster.validTo)) : '…'}) · ${voting.length} ${h(t('thành viên biểu quyết', 'voting members'))}</p>
    ${voting.map((x) => `<label><input type="checkbox" name="absentUsernames" value="${h(x.username)}"> ${h(t('Vắng', 'Absent'))}: ${h(x.name)} — ${h(t(...seatNames[x.seat]))}, ${h(x.position)}</label>`).join('')}
    ${secretaries.map((x) => `<p class="muted">${h(t(...seatNames.secretary))}: ${h(x.name)}</p>`).join('')}`;
}

/** A session's count as the minutes word it (never the count's keys): "đồng ý 6/8, cần 6; không đồng ý 1; …". */
const countLabels: [string, Bilingual][] = [['disagree', { vi: 'không đồng ý', en: 'disagree' }], ['abstain', { vi: 'không biểu quyết', en: 'abstain' }], ['recused', { vi: 'không tham gia biểu quyết', en: 'recused' }], ['ballots', { vi: 'số phiếu', en: 'papers' }]];
function countsText(c: Record<string, number>): string {
  const agree = `${t('đồng ý', 'agree')} ${c.agree ?? 0}/${c.base ?? 0}, ${t('cần', 'needed')} ${c.needed ?? 0}`;
  return [agree, ...countLabels.filter(([k]) => c[k] !== undefined).map(([k, label]) => `${L(label)} ${c[k]}`)].join('; ');
}

async function sessionPage(id: string, gen: number): Promise<void> {
  const { session: s, participations } = await api<{ session: { id: string; title: string; date: string; state: string; memberIds: string[]; absentMemberIds?: string[]; memberNames?: Record<string, string>; dossierIds: string[]; results?: { dossierId: string; passed: boolean; counts: Record<string, number> }[] }; participations: { dossierId: string; memberId: string }[] }>('GET', `/api/council-sessions/${id}`);
  const views = await Promise.all(s.dossierIds.map((d) => api<DossierView>('GET', `/api/dossiers/${d}`).catch(() => undefined)));
  const titles = views.map((v, i) => v?.dossier.title ?? s.dossierIds[i]!);
  // The nominees on each dossier's paper: those still in play (none refused at appraisal).
  const onPaper = views.map((v) => (v?.dossier.nominees ?? []).map((n, i) => ({ n, i })).filter(({ n }) => !n.outcome || n.outcomeStage === 'council'));
  const me = session.user?.userId ?? '';
  // A member marked absent is on the base and sends a written opinion (docs/domain.md §5): a paper, marked as such.
  const isAbsent = (s.absentMemberIds ?? []).includes(me);
  const isMember = has('councilMember') && s.memberIds.includes(me);
  main(gen).innerHTML = `<h1>${h(s.title)}</h1><p>${h(t('Ngày họp', 'Date'))}: ${h(formatDate(s.date))} · <span class="badge" id="session-state">${h(sessionStateName(s.state))}</span></p>
    <table id="session-dossiers"><thead><tr><th>${h(t('Hồ sơ', 'Dossier'))}</th><th>${h(t('Đã bỏ phiếu (không hiển thị lựa chọn)', 'Voted (choices never shown)'))}</th>${isMember && s.state === 'open' ? `<th>${h(t('Phiếu của tôi', 'My ballot'))}</th>` : ''}${s.results ? `<th>${h(t('Kết quả', 'Result'))}</th>` : ''}</tr></thead><tbody>
    ${s.dossierIds.map((d, i) => {
      const voted = participations.filter((p) => p.dossierId === d).map((p) => p.memberId);
      const names = voted.map((m) => s.memberNames?.[m] ?? m);
      const result = s.results?.find((r) => r.dossierId === d);
      const paper = onPaper[i] ?? [];
      // A dossier of several nominees: one paper with a choice for each (radio groups work on a phone for 40 rows).
      const multi = `<form class="ballot ballot-paper" data-dossier="${h(d)}">${isAbsent ? `<p class="muted">${h(t('Bạn vắng mặt: phiếu này là ý kiến bằng văn bản của bạn', 'You are absent: this paper is your written opinion'))}</p>` : ''}${paper.map(({ n, i: k }) => `<fieldset class="nominee-choice" data-nominee="${k}"><legend>${h(n.name)}</legend>${(['agree', 'disagree', 'abstain'] as const).map((c) => `<label class="inline"><input type="radio" name="choice-${k}" value="${c}" required> ${h(c === 'agree' ? t('Đồng ý', 'Agree') : c === 'disagree' ? t('Không đồng ý', 'Disagree') : t('Không biểu quyết', 'Abstain'))}</label>`).join(' ')}</fieldset>`).join('')}<button class="primary" type="submit">${h(isAbsent ? t('Gửi ý kiến bằng văn bản', 'Send the written opinion') : t('Gửi phiếu', 'Cast the paper'))}</button></form>`;
      const ballot = isMember && s.state === 'open'
        ? `<td>${voted.includes(me) ? h(t('Đã bỏ phiếu', 'Voted')) : paper.length > 1 || isAbsent ? multi : `<form class="ballot" data-dossier="${h(d)}"><button class="primary" type="submit" name="choice" value="agree">${h(t('Đồng ý', 'Agree'))}</button><button class="secondary" type="submit" name="choice" value="disagree">${h(t('Không đồng ý', 'Disagree'))}</button><button class="secondary" type="submit" name="choice" value="abstain">${h(t('Không biểu quyết', 'Abstain'))}</button></form>`}</td>`
        : '';
      return `<tr><td><a href="#/dossiers/${h(d)}">${h(titles[i])}</a></td><td>${voted.length}/${s.memberIds.length}${has('councilSecretary', 'secretariatHead') ? `: ${h(names.join(', '))}` : ''}</td>${ballot}${s.results ? `<td>${result ? `${h(result.passed ? t('Đạt', 'Passed') : t('Không đạt', 'Not passed'))} (${h(countsText(result.counts ?? {}))})` : ''}</td>` : ''}</tr>`;
    }).join('')}</tbody></table>
    ${s.state === 'closed' ? `<p id="minutes-files">${minutesFiles.map((f) => `<a href="#" data-minutes-file="${f.kind}">${h(L(f.name))}</a>`).join(' · ')}</p>` : ''}
    ${has('councilSecretary', 'secretariatHead') && s.state === 'open' ? `<form id="close-session"><button class="primary" type="submit">${h(t('Kết thúc phiên và kiểm phiếu', 'Close and tally'))}</button></form>` : ''}`;
  main(gen).querySelectorAll<HTMLFormElement>('form.ballot').forEach((f) =>
    onSubmit(f, async (d) => {
      const body = f.classList.contains('ballot-paper')
        ? { dossierId: f.dataset.dossier, ...(isAbsent ? { written: true } : {}), choices: [...f.querySelectorAll<HTMLElement>('fieldset[data-nominee]')].map((fs) => ({ nomineeIndex: Number(fs.dataset.nominee), choice: String(d.get(`choice-${fs.dataset.nominee}`) ?? '') })) }
        : { dossierId: f.dataset.dossier, choice: String(d.get('choice')) };
      await api('POST', `/api/council-sessions/${id}/ballots`, body);
      await route();
    }),
  );
  main(gen).querySelectorAll<HTMLAnchorElement>('[data-minutes-file]').forEach((a) =>
    a.addEventListener('click', async (e) => {
      e.preventDefault();
      const { url } = await api<{ url: string }>('GET', `/api/council-sessions/${id}/minutes/${a.dataset.minutesFile}`);
      window.open(url, '_blank', 'noopener');
    }),
  );
  const close = document.getElementById('close-session') as HTMLFormElement | null;
  if (close) onSubmit(close, async () => (await api('POST', `/api/council-sessions/${id}/close`), await route()));
}

async function publicPage(gen: number): Promise<void> {
  const year = Number(new URLSearchParams(location.hash.split('?')[1]).get('year') ?? new Date().getFullYear());
  const { awards } = await api<{ awards: { awardCode: string; nomineeName: string; unitId: string; unitName?: string; decisionNumber?: string; decisionDate?: string }[] }>('GET', `/api/public/awards?year=${year}`);
  const cat = await getCatalogue();
  main(gen).innerHTML = `<h1>${h(t('Danh sách được khen thưởng năm', 'Awards of'))} ${year}</h1>
    <form id="year-form"><label for="public-year">${h(t('Năm', 'Year'))}</label><input id="public-year" name="year" type="number" value="${year}"><button class="secondary" type="submit">${h(t('Xem', 'Show'))}</button></form>
    <table id="awards"><thead><tr><th>${h(t('Người / tập thể', 'Recipient'))}</th><th>${h(t('Hình thức', 'Form'))}</th><th>${h(t('Đơn vị', 'Unit'))}</th><th>${h(t('Quyết định', 'Decision'))}</th></tr></thead><tbody>
    ${awards.map((a) => `<tr><td>${h(a.nomineeName)}</td><td>${h(L(cat.awardForms.find((f) => f.code === a.awardCode)?.name))}</td><td>${h(a.unitName ?? a.unitId)}</td><td>${h(a.decisionNumber ?? '')} ${h(formatDate(a.decisionDate))}</td></tr>`).join('') || `<tr><td colspan="4">${h(t('Chưa có', 'None yet'))}</td></tr>`}</tbody></table>`;
  onSubmit(document.getElementById('year-form') as HTMLFormElement, async (d) => void (location.hash = `#/public?year=${Number(d.get('year'))}`));
}

// Outbox (issue 26, e-mails): the page lives in outbox.ts.
async function outboxPage(gen: number): Promise<void> {
  await renderOutbox(() => main(gen));
}

async function reportsPage(year: number, gen: number): Promise<void> {
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

// ── unit directory (admin) ──────────────────────────────────────────────
interface UnitView { unitId: string; name: string; shortName: string; type: string; parentId?: string; validFrom: string; validTo?: string; active: boolean; version: number; names: { name: string; shortName: string; from: string }[] }
const typeOptions = (selected?: string) => unitTypes.map((k) => `<option value="${k}"${k === selected ? ' selected' : ''}>${h(L(unitTypeNames[k]))}</option>`).join('');
const parentOptions = (units: UnitView[], selected?: string, except?: string) =>
  `<option value="">${h(t('(không có)', '(none)'))}</option>${units.filter((u) => u.unitId !== except).map((u) => `<option value="${h(u.unitId)}"${u.unitId === selected ? ' selected' : ''}>${h(u.name)}</option>`).join('')}`;
/** Empty form fields are left out, so the server applies its defaults. */
const filled = (data: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, String(data.get(n) ?? '').trim()]).filter(([, v]) => v !== ''));

async function unitsPage(gen: number): Promise<void> {
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

async function unitPage(unitId: string, gen: number): Promise<void> {
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
const entityNames: Record<string, Bilingual> = { unit: { vi: 'Đơn vị', en: 'Unit' }, person: { vi: 'Người dùng', en: 'Person' }, roster: { vi: 'Thành phần Hội đồng', en: 'Council roster' }, regulation: { vi: 'Quy chế thi đua, khen thưởng', en: 'Regulation' } };
const roleLabel = (r: string) => L(roleNames[r as Role] ?? { vi: r, en: r });
/** A value of a change as a person reads it: lists joined, roles and booleans named. */
const changeValue = (k: string, v: unknown) =>
  v === undefined ? '—' : k === 'roles' && Array.isArray(v) ? v.map(String).map(roleLabel).join(', ') || '—' : typeof v === 'boolean' ? (v ? t('có', 'yes') : t('không', 'no')) : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? formatDateTime(v) : Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
/** The changed fields by their names on the forms (never the record's keys). */
const changeFieldNames: Record<string, Bilingual> = {
  name: { vi: 'Họ và tên, tên', en: 'Name' }, email: { vi: 'Thư điện tử', en: 'E-mail' }, roles: { vi: 'Vai trò', en: 'Roles' }, unitId: { vi: 'Đơn vị', en: 'Unit' },
  enabled: { vi: 'Tài khoản hoạt động', en: 'Account active' }, shortName: { vi: 'Tên viết tắt', en: 'Short name' }, type: { vi: 'Loại đơn vị', en: 'Type' },
  parentId: { vi: 'Đơn vị cấp trên', en: 'Parent unit' }, validFrom: { vi: 'Hiệu lực từ ngày', en: 'From' }, validTo: { vi: 'Hiệu lực đến ngày', en: 'To' },
  active: { vi: 'Đang hoạt động', en: 'Active' }, title: { vi: 'Tên', en: 'Title' }, seats: { vi: 'Thành phần', en: 'Seats' }, legalBasis: { vi: 'Căn cứ', en: 'Legal basis' },
};
/** Bookkeeping every change touches: not what the person changed. */
const bookkeeping = new Set(['updatedAt', 'updatedBy', 'createdAt', 'version', 'eventSeq', 'lastHash']);
const changeSummary = (c: ChangeView) => (c.before ? (c.changed ?? []).filter((k) => !bookkeeping.has(k)).map((k) => `${L(changeFieldNames[k]) || k}: ${changeValue(k, c.before?.[k])} → ${changeValue(k, c.after[k])}`).join('; ') : '');
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

async function peoplePage(gen: number): Promise<void> {
  const [{ people }, { units }] = await Promise.all([api<{ people: PersonView[] }>('GET', '/api/people'), api<{ units: UnitView[] }>('GET', '/api/units')]);
  const unitName = (id?: string) => (id ? (units.find((u) => u.unitId === id)?.name ?? id) : '');
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

async function personPage(username: string, gen: number): Promise<void> {
  const path = `/api/people/${encodeURIComponent(username)}`;
  const [{ person }, { units }, history] = await Promise.all([api<{ person: PersonView }>('GET', path), api<{ units: UnitView[] }>('GET', '/api/units'), api<{ intact: boolean; events: ChangeView[] }>('GET', `${path}/history`)]);
  const changed = (e: ChangeView) => ({ ...e, changed: e.before ? [...new Set([...Object.keys(e.before), ...Object.keys(e.after)])].filter((k) => JSON.stringify(e.before?.[k]) !== JSON.stringify(e.after[k])) : [] });
  main(gen).innerHTML = `<h1>${h(person.name)}</h1>
    <p><code>${h(person.username)}</code> · ${h(person.email)} · <span class="badge" id="person-state">${h(person.enabled ? t('Đang hoạt động', 'Active') : t('Đã khóa', 'Disabled'))}</span></p>
    ${mailDeliveryNote(person.mailDelivery)}
    <h2>${h(t('Sửa thông tin, vai trò, đơn vị', 'Edit name, roles, unit'))}</h2>${personForm('person-edit', units, person)}
    <form id="person-toggle"><button type="submit">${h(person.enabled ? t('Khóa tài khoản', 'Disable the account') : t('Mở khóa tài khoản', 'Enable the account'))}</button></form>
    <h2>${h(t('Lịch sử thay đổi', 'Change history'))}</h2>
    <ol class="timeline" id="person-history">${history.events.map(changed).map((e) => `<li>${h(formatDateTime(e.at))} — ${h(e.actor.name ?? e.actor.userId)}: ${h(L(changeActions[e.action] ?? { vi: e.action, en: e.action }))}${changeSummary(e) ? ` (${h(changeSummary(e))})` : ''}</li>`).join('')}</ol>
    ${history.intact ? '' : `<p class="error" role="alert">${h(t('Chuỗi kiểm chứng lịch sử bị sai lệch', 'The history chain does not verify'))}</p>`}`;
  onSubmit(document.getElementById('person-edit') as HTMLFormElement, async (data) => (await api('PUT', path, personBody(data)), await route()));
  onSubmit(document.getElementById('person-toggle') as HTMLFormElement, async () => (await api('POST', `${path}/${person.enabled ? 'disable' : 'enable'}`), await route()));
}

async function directoryChangesPage(gen: number, query: URLSearchParams): Promise<void> {
  const entity = query.get('entity') ?? '';
  const page = await api<{ changes: ChangeView[]; next?: string }>('GET', `/api/directory-changes?${new URLSearchParams({ limit: '50', ...(entity ? { entity } : {}), ...(query.get('cursor') ? { cursor: query.get('cursor')! } : {}) })}`);
  const link = (c: ChangeView) => (c.entity === 'unit' ? `#/units/${encodeURIComponent(c.entityId)}` : c.entity === 'person' ? `#/people/${encodeURIComponent(c.entityId)}` : '');
  main(gen).innerHTML = `<h1>${h(t('Lịch sử thay đổi danh mục', 'Directory changes'))}</h1>
    <p>${['', 'unit', 'person', 'roster', 'regulation'].map((e) => `<a href="#/directory-changes${e ? `?entity=${e}` : ''}"${e === entity ? ' aria-current="page"' : ''}>${h(e ? L(entityNames[e]!) : t('Tất cả', 'All'))}</a>`).join(' · ')}</p>
    <table id="directory-changes"><thead><tr><th>${h(t('Thời điểm', 'When'))}</th><th>${h(t('Người thực hiện', 'Who'))}</th><th>${h(t('Đối tượng', 'What'))}</th><th>${h(t('Thao tác', 'Action'))}</th><th>${h(t('Trước → sau', 'Before → after'))}</th></tr></thead>
    <tbody>${page.changes.map((c) => `<tr><td>${h(formatDateTime(c.at))}</td><td>${h(c.actor.name ?? c.actor.userId)}</td><td>${h(L(entityNames[c.entity] ?? { vi: c.entity, en: c.entity }))}: ${link(c) ? `<a href="${h(link(c))}">${h(changeSubject(c))}</a>` : h(changeSubject(c))}</td><td>${h(L(changeActions[c.action] ?? { vi: c.action, en: c.action }))}</td><td>${h(changeSummary(c))}${c.reason ? ` — ${h(c.reason)}` : ''}</td></tr>`).join('') || `<tr><td colspan="5">${h(t('Chưa có thay đổi nào', 'No changes yet'))}</td></tr>`}</tbody></table>
    ${page.next ? `<p><a href="#/directory-changes?${h(new URLSearchParams({ ...(entity ? { entity } : {}), cursor: page.next }).toString())}">${h(t('Trang sau', 'Next page'))}</a></p>` : ''}`;
}

// ── the province's regulation (admin sets it; everyone reads it) ─────────
interface FormRuleView { councilVote: string; threshold: number; base: string; requiredDocuments: string[]; deadlines: Record<string, number> }
interface RegulationView { effectiveFrom: string; version: number; legalBasis: { title: string; number: string; date?: string }[]; provinceRegulation?: { title: string; number: string; date?: string }; awardSessionQuorum: number; recusedLeaveBase: boolean; returnAfterMissedSupplement: boolean; centralAnswerOverdueMonths?: number; forms: Record<string, FormRuleView> }
const voteNames: Record<string, Bilingual> = { secret: { vi: 'Bỏ phiếu kín', en: 'Secret ballot' }, list: { vi: 'Biểu quyết công khai', en: 'Open vote' }, none: { vi: 'Không qua Hội đồng', en: 'No council vote' } };
const deadlineSteps = ['completeness', 'supplement', 'appraisal', 'council', 'chairDecision'] as const;
const percent = (share: number) => `${(Math.round(share * 1000) / 10).toString().replace('.', ',')}%`;
const citation = (l: { title: string; number: string; date?: string }) => `${l.title} số ${l.number}${l.date ? ` ngày ${formatDate(l.date)}` : ''}`;

async function regulationPage(gen: number): Promise<void> {
  const [reg, cat] = await Promise.all([api<{ today: string; inForce: RegulationView; versions: RegulationView[]; defaults: { regulation?: RegulationView; sources: Record<string, string> } }>('GET', '/api/regulations'), getCatalogue()]);
  // A text issued before a form joined the catalogue has no rule for it: the default is shown (and issued) for it.
  const r = { ...reg.inForce, forms: { ...reg.defaults.regulation?.forms, ...reg.inForce.forms } };
  const formName = (code: string) => L(cat.awardForms.find((f) => f.code === code)?.name ?? { vi: code, en: code });
  const docName = (kind: string) => L(cat.documentKinds[kind]?.name ?? { vi: kind, en: kind });
  const upcoming = reg.versions.filter((v) => v.effectiveFrom > reg.today);
  main(gen).innerHTML = `<h1>${h(t('Quy chế thi đua, khen thưởng', 'Regulation'))}</h1>
    <p>${h(t('Đang áp dụng từ ngày', 'In force since'))} <b id="regulation-from">${h(formatDate(r.effectiveFrom))}</b>${r.provinceRegulation ? ` — ${h(citation(r.provinceRegulation))}` : ` — ${h(t('mặc định theo quy định hiện hành (tỉnh chưa ban hành)', 'defaults of current law (the province has set none)'))}`}</p>
    <h2>${h(t('Căn cứ pháp lý', 'Legal basis'))}</h2><ul>${r.legalBasis.map((l) => `<li>${h(citation(l))}</li>`).join('')}</ul>
    <table id="regulation-forms"><thead><tr><th>${h(t('Hình thức', 'Form'))}</th><th>${h(t('Hội đồng', 'Council'))}</th><th>${h(t('Tỷ lệ đồng ý', 'Agree share'))}</th><th>${h(t('Tài liệu bắt buộc', 'Required documents'))}</th><th>${h(t('Thời hạn (ngày làm việc)', 'Deadlines (working days)'))}</th></tr></thead>
    <tbody>${Object.entries(r.forms).map(([code, f]) => `<tr data-form="${h(code)}"><td>${h(formName(code))}</td><td>${h(L(voteNames[f.councilVote] ?? { vi: f.councilVote, en: f.councilVote }))}</td><td>${f.councilVote === 'none' ? '—' : `${h(percent(f.threshold))} ${h(f.base === 'members' ? t('tổng số thành viên', 'of all members') : t('thành viên có mặt', 'of members present'))}`}</td><td>${h(f.requiredDocuments.map(docName).join('; '))}</td><td>${h(deadlineSteps.map((s) => f.deadlines[s]).join(' / '))}</td></tr>`).join('')}</tbody></table>
    <p>${h(t('Phiên họp xét khen thưởng cần ít nhất', 'An award session needs at least'))} ${h(percent(r.awardSessionQuorum))} ${h(t('thành viên tham dự', 'of members taking part'))}; ${h(r.recusedLeaveBase ? t('thành viên không tham gia biểu quyết được trừ khỏi tổng số', 'recused members leave the base') : t('tổng số thành viên không trừ thành viên không tham gia biểu quyết', 'recused members stay in the base'))}.</p>
    ${upcoming.length ? `<h2>${h(t('Văn bản sắp có hiệu lực', 'Texts to come'))}</h2><ul id="regulation-upcoming">${upcoming.map((v) => `<li>${h(formatDate(v.effectiveFrom))}${v.provinceRegulation ? ` — ${h(citation(v.provinceRegulation))}` : ''}</li>`).join('')}</ul>` : ''}
    ${has('admin') ? `<h2>${h(t('Ban hành văn bản mới', 'Issue a new text'))}</h2>
    <form id="regulation-issue" novalidate>
      <label for="effectiveFrom">${h(t('Có hiệu lực từ ngày', 'Effective from'))}</label><input id="effectiveFrom" name="effectiveFrom" type="date" required value="${h(reg.today)}">
      <label for="regNumber">${h(t('Số quyết định ban hành quy chế của tỉnh', "Number of the province's decision"))}</label><input id="regNumber" name="regNumber" maxlength="60" value="${h(r.provinceRegulation?.number ?? '')}">
      <label for="regDate">${h(t('Ngày ban hành', 'Issued on'))}</label><input id="regDate" name="regDate" type="date" value="${h(r.provinceRegulation?.date ?? '')}">
      <label for="awardSessionQuorum">${h(t('Tỷ lệ thành viên tham dự tối thiểu (%)', 'Session quorum (%)'))}</label><input id="awardSessionQuorum" name="awardSessionQuorum" type="number" min="1" max="100" step="0.1" value="${Math.round(r.awardSessionQuorum * 1000) / 10}">
      <label class="inline"><input type="checkbox" name="recusedLeaveBase"${r.recusedLeaveBase ? ' checked' : ''}> ${h(t('Trừ thành viên không tham gia biểu quyết khỏi tổng số', 'Recused members leave the base'))}</label>
      <label for="centralAnswerOverdueMonths">${h(t('Số tháng chờ kết quả của cấp trên trước khi nhắc quá hạn', 'Months to wait for the central answer before it is overdue'))}</label><input id="centralAnswerOverdueMonths" name="centralAnswerOverdueMonths" type="number" min="1" max="60" step="1" value="${r.centralAnswerOverdueMonths ?? 6}">
      ${Object.entries(r.forms).map(([code, f]) => `<fieldset><legend>${h(formName(code))}</legend>
        <label for="vote-${code}">${h(t('Hội đồng', 'Council'))}</label><select id="vote-${code}" name="vote-${code}">${Object.keys(voteNames).map((v) => `<option value="${v}"${v === f.councilVote ? ' selected' : ''}>${h(L(voteNames[v]!))}</option>`).join('')}</select>
        <label for="threshold-${code}">${h(t('Tỷ lệ đồng ý trên tổng số thành viên (%)', 'Agree share of all members (%)'))}</label><input id="threshold-${code}" name="threshold-${code}" type="number" min="1" max="100" step="0.1" value="${Math.round(f.threshold * 1000) / 10}">
        ${Object.keys(cat.documentKinds).map((k) => `<label class="inline"><input type="checkbox" name="docs-${code}" value="${k}"${f.requiredDocuments.includes(k) ? ' checked' : ''}> ${h(docName(k))}</label>`).join(' ')}
      </fieldset>`).join('')}
      <label for="reason">${h(t('Lý do', 'Reason'))}</label><input id="reason" name="reason" maxlength="2000">
      <button class="primary" type="submit">${h(t('Ban hành', 'Issue'))}</button>
    </form>` : ''}`;
  const form = document.getElementById('regulation-issue') as HTMLFormElement | null;
  if (form) {
    onSubmit(form, async (data) => {
      const num = (name: string) => Number(String(data.get(name) ?? '')) / 100;
      const number = String(data.get('regNumber') ?? '').trim();
      const body = {
        legalBasis: r.legalBasis,
        ...(number ? { provinceRegulation: { title: 'Quy chế thi đua, khen thưởng tỉnh', number, ...(data.get('regDate') ? { date: String(data.get('regDate')) } : {}) } } : {}),
        awardSessionQuorum: num('awardSessionQuorum'),
        recusedLeaveBase: data.get('recusedLeaveBase') !== null,
        returnAfterMissedSupplement: r.returnAfterMissedSupplement,
        centralAnswerOverdueMonths: Number(String(data.get('centralAnswerOverdueMonths') ?? '6')),
        forms: Object.fromEntries(Object.entries(r.forms).map(([code, f]) => [code, { ...f, councilVote: String(data.get(`vote-${code}`)), threshold: num(`threshold-${code}`), requiredDocuments: data.getAll(`docs-${code}`).map(String) }])),
        ...filled(data, ['reason']),
      };
      await api('PUT', `/api/regulations/${encodeURIComponent(String(data.get('effectiveFrom')))}`, body);
      await route();
    });
  }
}

/** A table or picture wider than the screen scrolls in its own box: keyboard users reach it by Tab (WCAG 2.1.1). */
function markScrollables(): void {
  document.querySelectorAll<HTMLElement>('main table, main .scroll, #diagram').forEach((el) => {
    if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0;
    else if (el.tabIndex === 0 && !el.matches('a, button, input, select, textarea')) el.removeAttribute('tabindex');
  });
}
window.addEventListener('resize', markScrollables);

// ── router ───────────────────────────────────────────────────────────────
async function route(): Promise<void> {
  const gen = ++generation;
  renderShell();
  const [path] = location.hash.replace(/^#/, '').split('?');
  const parts = (path || '/').split('/').filter(Boolean);
  const publicPages = ['public', 'signin', 'outbox'];
  if (!session.token && !publicPages.includes(parts[0] ?? '')) return void (location.hash = '#/signin');
  try {
    if (parts[0] === 'signin') await signInPage(gen);
    else if (parts[0] === 'dossiers' && parts[1] === 'new') await newDossierPage(gen);
    else if (parts[0] === 'dossiers' && parts[1]) await dossierPage(parts[1], gen);
    else if (parts[0] === 'dossiers') await dossierListPage(main(gen), new URLSearchParams(location.hash.split('?')[1] ?? ''), { isUnit: isUnitUser(), canCreate: has('unitOfficer') });
    else if (parts[0] === 'council' && parts[1]) await sessionPage(parts[1], gen);
    else if (parts[0] === 'council') await councilPage(gen);
    else if (parts[0] === 'public') await publicPage(gen);
    else if (parts[0] === 'outbox') await outboxPage(gen);
    else if (parts[0] === 'units' && parts[1]) await unitPage(decodeURIComponent(parts[1]), gen);
    else if (parts[0] === 'units') await unitsPage(gen);
    else if (parts[0] === 'people' && parts[1]) await personPage(decodeURIComponent(parts[1]), gen);
    else if (parts[0] === 'people') await peoplePage(gen);
    else if (parts[0] === 'regulation') await regulationPage(gen);
    else if (parts[0] === 'directory-changes') await directoryChangesPage(gen, new URLSearchParams(location.hash.split('?')[1] ?? ''));
    else if (parts[0] === 'import') importPage(main(gen));
    else if (parts[0] === 'rosters') await rosterPage(main(gen));
    else if (parts[0] === 'upward') await upwardPage(main(gen), has('officer', 'secretariatHead'));
    else if (parts[0] === 'award-history') await awardHistoryPage(main(gen), new URLSearchParams(location.hash.split('?')[1] ?? ''), session.user?.unitId);
    else if (parts[0] === 'reports') await reportsPage(Number(parts[1] ?? new Date().getFullYear()), gen);
    else await inboxPage(gen);
    document.title = `${document.querySelector('main h1')?.textContent ?? ''} — Thi đua – Khen thưởng`;
    markScrollables();
  } catch (error) {
    if (error instanceof StaleRender || gen !== generation) return;
    if (error instanceof ApiError && error.status === 401) return (session.clear(), void (location.hash = '#/signin'));
    document.getElementById('main')!.innerHTML = `<h1>${h(t('Có lỗi', 'Something went wrong'))}</h1><p class="error" role="alert">${h(error instanceof ApiError ? L(error.body.error.message) : String(error))}</p>`;
  }
}

document.getElementById('lang')!.addEventListener('click', () => (setLang(currentLang() === 'vi' ? 'en' : 'vi'), void route()));
window.addEventListener('hashchange', () => void route());
setLang(currentLang());
await loadConfig();
if (getConfig().auth === 'cognito') await completeHostedSignIn();
if (!location.hash) location.hash = session.token ? '#/inbox' : '#/signin';
else await route();
