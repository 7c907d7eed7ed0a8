/** The dossier's pages: creating one, the dossier itself (documents, outcome, each role's actions), the inbox of tasks. */
import { api, ApiError, getConfig, session } from './api.ts';
import { formatDate, formatDateTime, h, todayInVietnam } from './format.ts';
import { actionNames, L, num, statusNames, stepNames, t } from './i18n.ts';
import type { Bilingual } from './i18n.ts';
import { outcomeReasonNames } from '#domain/lifecycle';
import { uploadDocument } from './upload.ts';
import { drawWorkflow } from './workflow-diagram.ts';
import { awardKindNames } from '#domain/catalogue';
import type { AwardKind } from '#domain/catalogue';
import { categoryNames, genderNames, recipientTypeNames, reportCategory } from '#domain/nominees';
import type { Gender, NomineeCategory, RecipientType } from '#domain/nominees';
import { nomineeColumns } from '#domain/nominee-sheet';
import { mountNomineeTable, nomineeFieldset } from './nominees.ts';
import { awardHistory, groundName, revocationPanels, revokedOutcome } from './revocation.ts';
import type { RevocationView } from './revocation.ts';
import { getCatalogue, has, main, onSubmit, requireField, route } from './page-kit.ts';

/** The files made from the chair's approval (GET /api/dossiers/{id}/decision-documents/{kind}). */
const decisionFiles = [
  { kind: 'pdf', name: { vi: 'Quyết định (PDF)', en: 'Decision (PDF)' } },
  { kind: 'docx', name: { vi: 'Dự thảo quyết định (Word)', en: 'Draft decision (Word)' } },
  { kind: 'xlsx', name: { vi: 'Danh sách in Bằng khen, Giấy chứng nhận (Excel)', en: 'Certificate printing list (Excel)' } },
] as const;

export async function newDossierPage(gen: number): Promise<void> {
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

export interface DossierView {
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

export async function dossierPage(id: string, gen: number): Promise<void> {
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

export async function inboxPage(gen: number): Promise<void> {
  const { tasks } = await api<{ tasks: { dossierId: string; step: string; dueAt: string; overdue: boolean }[] }>('GET', '/api/tasks');
  const views = await Promise.all(tasks.map((x) => api<DossierView>('GET', `/api/dossiers/${x.dossierId}`).then((v) => ({ title: v.dossier.title, unit: v.unitName ?? v.dossier.unitId })).catch(() => ({ title: x.dossierId, unit: '' }))));
  main(gen).innerHTML = `<h1>${h(t('Việc cần làm', 'My tasks'))}</h1>
    <table id="tasks"><thead><tr><th>${h(t('Hồ sơ', 'Dossier'))}</th><th>${h(t('Đơn vị trình', 'Submitting unit'))}</th><th>${h(t('Bước', 'Step'))}</th><th>${h(t('Hạn', 'Due'))}</th></tr></thead><tbody>
    ${tasks.map((x, i) => `<tr><td><a href="#/dossiers/${h(x.dossierId)}">${h(views[i]!.title)}</a></td><td>${h(views[i]!.unit)}</td><td>${h(L(stepNames[x.step]))}</td><td${x.overdue ? ' class="overdue"' : ''}>${h(formatDate(x.dueAt))}${x.overdue ? ` — ${h(t('quá hạn', 'overdue'))}` : ''}</td></tr>`).join('') || `<tr><td colspan="4">${h(t('Không có việc nào', 'Nothing to do'))}</td></tr>`}</tbody></table>`;
}
