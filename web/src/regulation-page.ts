/** The province's regulation (admin sets it; everyone reads it). */
import { api } from './api.ts';
import { formatDate, h } from './format.ts';
import { L, t } from './i18n.ts';
import type { Bilingual } from './i18n.ts';
import { citation, filled, getCatalogue, has, main, onSubmit, percent, route } from './page-kit.ts';

interface FormRuleView { councilVote: string; threshold: number; base: string; requiredDocuments: string[]; deadlines: Record<string, number> }
interface RegulationView { effectiveFrom: string; version: number; legalBasis: { title: string; number: string; date?: string }[]; provinceRegulation?: { title: string; number: string; date?: string }; awardSessionQuorum: number; recusedLeaveBase: boolean; returnAfterMissedSupplement: boolean; centralAnswerOverdueMonths?: number; forms: Record<string, FormRuleView> }
const voteNames: Record<string, Bilingual> = { secret: { vi: 'Bỏ phiếu kín', en: 'Secret ballot' }, list: { vi: 'Biểu quyết công khai', en: 'Open vote' }, none: { vi: 'Không qua Hội đồng', en: 'No council vote' } };
const deadlineSteps = ['completeness', 'supplement', 'appraisal', 'council', 'chairDecision'] as const;

export async function regulationPage(gen: number): Promise<void> {
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
