/** The council's pages: the list of sessions (and opening one on the roster in force), a session with its ballots. */
import { api, session } from './api.ts';
import { formatDate, h, todayInVietnam } from './format.ts';
import { L, t } from './i18n.ts';
import type { Bilingual } from './i18n.ts';
import { has, main, onSubmit, route, showError } from './page-kit.ts';
import type { DossierView } from './dossier-pages.ts';

/** A closed session's tally minutes (GET /api/council-sessions/{id}/minutes/{kind}). */
const minutesFiles = [
  { kind: 'pdf', name: { vi: 'Biên bản kiểm phiếu (PDF)', en: 'Tally minutes (PDF)' } },
  { kind: 'docx', name: { vi: 'Biên bản kiểm phiếu (Word, để ký)', en: 'Tally minutes (Word, to sign)' } },
  { kind: 'html', name: { vi: 'Biên bản kiểm phiếu (xem trên trình duyệt)', en: 'Tally minutes (web page)' } },
] as const;

type SessionSummary = { id: string; title: string; date: string; state: string; memberIds: string[]; dossierIds: string[] };
const sessionStateName = (state: string) => (state === 'open' ? t('Đang mở', 'Open') : state === 'closing' ? t('Đang kiểm phiếu', 'Tallying') : t('Đã kết thúc', 'Closed'));

/** The sessions the server lets this user see (all, or a member's own), filtered by state and year, a page at a time. */
export async function councilPage(gen: number): Promise<void> {
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

export async function sessionPage(id: string, gen: number): Promise<void> {
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
