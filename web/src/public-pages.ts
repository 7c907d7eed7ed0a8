/** The pages anyone may open without signing in: sign-in itself, the published awards, the local outbox. */
import { api, getConfig, session } from './api.ts';
import { formatDate, h } from './format.ts';
import { L, t } from './i18n.ts';
import { startHostedSignIn } from './cognito.ts';
import { outboxPage as renderOutbox } from './outbox.ts';
import { getCatalogue, has, main, onSubmit, roleLabel } from './page-kit.ts';

export async function signInPage(gen: number): Promise<void> {
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

export async function publicPage(gen: number): Promise<void> {
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
export async function outboxPage(gen: number): Promise<void> {
  await renderOutbox(() => main(gen));
}
