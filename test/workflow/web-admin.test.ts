import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeContexts, launchBrowser, shot, signedIn } from './browser.ts';
import { as, baseUrl } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeContexts(browser);
});

describe("the administrator's people pages in a real browser", () => {
  it('creates an officer of a unit, sees a refused form name its field, moves them to another unit, disables the account, and reads each change (units by name) in the history and the directory changes', async () => {
    // Prepare
    const { context, page } = await signedIn(browser, 'admin');
    const username = `web.${randomUUID().slice(0, 8)}`;
    await page.goto(`${baseUrl}/#/people`);
    await page.locator('#people tbody tr').first().waitFor();
    // Act: a unit officer without a unit is refused, naming the unit field
    await page.fill('#username', username);
    await page.fill('#person-name', 'Trịnh Thị Ánh');
    await page.fill('#person-email', `${username}@soyte.example.gov.vn`);
    await page.check('input[name="roles"][value="unitOfficer"]');
    await page.getByRole('button', { name: 'Tạo tài khoản và gửi thư mời' }).click();
    // Assess
    const error = page.locator('#person-create .error');
    await error.waitFor();
    expect(await error.getAttribute('data-field')).toBe('unitId');
    expect(await error.textContent()).toContain('phải thuộc một đơn vị');
    // Act: with the unit, it is created and the page of the person opens
    await page.selectOption('#person-unit', 'so-y-te');
    await page.getByRole('button', { name: 'Tạo tài khoản và gửi thư mời' }).click();
    await page.waitForURL(new RegExp(`#/people/${username.replace('.', '\\.')}$`));
    await page.locator('#person-state').waitFor();
    expect(await page.locator('#person-state').textContent()).toBe('Đang hoạt động');
    // Act: moved to another unit, then disabled
    await page.selectOption('#person-unit', 'so-giao-duc');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.locator('#person-history li').nth(1).waitFor();
    await page.getByRole('button', { name: 'Khóa tài khoản' }).click();
    await page.locator('#person-state', { hasText: 'Đã khóa' }).waitFor();
    // Assess: the account is disabled in the directory, and both changes are in its history
    const person = (await (await as('admin')).get<{ person: { enabled: boolean; unitId: string } }>(`/api/people/${username}`)).body.person;
    expect(person).toMatchObject({ enabled: false, unitId: 'so-giao-duc' });
    const history = await page.locator('#person-history li').allTextContents();
    expect(history).toHaveLength(3);
    expect(history[0]).toContain('Tạo mới');
    // the units by their names, never their ids
    expect(history[1]).toContain('Đơn vị: Sở Y tế → Sở Giáo dục và Đào tạo');
    expect(history[2]).toContain('Khóa tài khoản');
    expect(history[2]).toContain('Tài khoản hoạt động: có → không');
    await page.goto(`${baseUrl}/#/directory-changes?entity=person`);
    const rows = page.locator(`#directory-changes tbody tr:has(a[href="#/people/${username}"])`);
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    expect(await rows.allTextContents()).toContainEqual(expect.stringContaining('Đơn vị: Sở Y tế → Sở Giáo dục và Đào tạo'));
    await shot(page, 'directory-changes');
    await context.close();
  });
});

describe("the province's regulation page in a real browser", () => {
  it('shows the text in force with its legal basis; the administrator issues a text for a later date that sends Bằng khen to the chair without a vote, and a share above 100 % is refused', async () => {
    // Prepare
    const { context, page } = await signedIn(browser, 'admin');
    await page.goto(`${baseUrl}/#/regulation`);
    await page.locator('#regulation-forms').waitFor();
    // Assess: the text in force
    expect(await page.locator('main').textContent()).toContain('Nghị định của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng số 152/2025/NĐ-CP ngày 14/06/2025');
    expect(await page.locator('tr[data-form="coThiDuaTinh"]').textContent()).toContain('80%');
    // Act: a share above 100 % is refused
    const date = `2097-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
    await page.fill('#effectiveFrom', date);
    await page.fill('#regNumber', '86/2025/QĐ-UBND');
    await page.fill('#threshold-coThiDuaTinh', '150');
    await page.getByRole('button', { name: 'Ban hành' }).click();
    const error = page.locator('#regulation-issue .error');
    await error.waitFor();
    expect(await error.getAttribute('data-field')).toBe('forms.coThiDuaTinh.threshold');
    // Act: fixed, with Bằng khen sent to the chair without a vote
    await page.fill('#threshold-coThiDuaTinh', '80');
    await page.selectOption('#vote-bangKhenChuTichTinh', 'none');
    await page.getByRole('button', { name: 'Ban hành' }).click();
    // Assess: the new text is listed among those to come (others' texts may be there too)
    const [y, m, d] = date.split('-');
    await page.locator('#regulation-upcoming li', { hasText: `${d}/${m}/${y} — Quy chế thi đua, khen thưởng tỉnh số 86/2025/QĐ-UBND` }).waitFor();
    const { versions } = (await (await as('admin')).get<{ versions: { effectiveFrom: string; forms: Record<string, { councilVote: string; threshold: number }> }[] }>('/api/regulations')).body;
    expect(versions.find((v) => v.effectiveFrom === date)?.forms).toMatchObject({ bangKhenChuTichTinh: { councilVote: 'none' }, coThiDuaTinh: { threshold: 0.8 } });
    await shot(page, 'regulation');
    await context.close();
  });
});
