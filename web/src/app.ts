/**
 * The web app: one page per task of each role, over the same HTTP API as everything else. Plain TypeScript
 * and template strings (every server value escaped by `h`); a hash router keeps it a static site for S3.
 */
import { ApiError, getConfig, loadConfig, session } from './api.ts';
import { h } from './format.ts';
import { currentLang, L, setLang, t } from './i18n.ts';
import { completeHostedSignIn } from './cognito.ts';
import { importPage } from './import-page.ts';
import { rosterPage } from './roster-page.ts';
import { awardHistoryPage, upwardPage } from './upward-pages.ts';
import { dossierListPage } from './lists.ts';
import { has, isCurrent, isUnitUser, main, nextGeneration, setRouter, StaleRender } from './page-kit.ts';
import { dossierPage, inboxPage, newDossierPage } from './dossier-pages.ts';
import { councilPage, sessionPage } from './council-pages.ts';
import { directoryChangesPage, peoplePage, personPage, unitPage, unitsPage } from './directory-pages.ts';
import { regulationPage } from './regulation-page.ts';
import { reportsPage } from './reports-page.ts';
import { outboxPage, publicPage, signInPage } from './public-pages.ts';

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
  const gen = nextGeneration();
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
    if (error instanceof StaleRender || !isCurrent(gen)) return;
    if (error instanceof ApiError && error.status === 401) return (session.clear(), void (location.hash = '#/signin'));
    document.getElementById('main')!.innerHTML = `<h1>${h(t('Có lỗi', 'Something went wrong'))}</h1><p class="error" role="alert">${h(error instanceof ApiError ? L(error.body.error.message) : String(error))}</p>`;
  }
}

setRouter(route);
document.getElementById('lang')!.addEventListener('click', () => (setLang(currentLang() === 'vi' ? 'en' : 'vi'), void route()));
window.addEventListener('hashchange', () => void route());
setLang(currentLang());
await loadConfig();
if (getConfig().auth === 'cognito') await completeHostedSignIn();
if (!location.hash) location.hash = session.token ? '#/inbox' : '#/signin';
else await route();
