import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '#adapters/sheet-reader';
import { type BrowserGlobals, closeContexts, launchBrowser, shot, signedIn } from './browser.ts';
import { removeSeeded, seedListed } from './lists-support.ts';
import { as, awaitingCouncil, baseUrl, openSession, ownCouncil } from './support.ts';

/**
 * Issue 26, item 3, in a browser: the secretariat's dossier list filtered, paged forward and back, and exported
 * (the file downloaded is read back); at phone width too. Dossiers of 2069 only (no task, so the deadline lists
 * of dossier-lists.test.ts never hold them), written at known instants and removed after.
 */
let browser: Browser;
const titles: string[] = []; // newest first
beforeAll(async () => {
  browser = await launchBrowser();
  for (let i = 0; i < 25; i += 1) {
    const title = `Duyệt web 2069 số ${String(i + 1).padStart(2, '0')}`;
    await seedListed({ year: 2069, unitId: i % 3 ? 'so-giao-duc' : 'so-y-te', awardCode: i % 2 ? 'coThiDuaTinh' : 'chienSiThiDuaTinh', title, nominees: [i % 2 ? `Trường số ${i + 1}` : `Nguyễn Văn Duyệt ${i + 1}`], events: ['submit', 'passCompleteness'], at: new Date(Date.parse('2069-06-01T00:00:00.000Z') + i * 60_000).toISOString() });
    titles.unshift(title);
  }
}, 120_000);
afterAll(async () => {
  await closeContexts(browser);
  await removeSeeded();
});

describe('the dossier list page', () => {
  it('the secretariat filters, pages forward and back, and exports what is filtered', async () => {
    const { context, page } = await signedIn(browser, 'officer');
    const shown = () => page.locator('#dossier-list tbody tr td:first-child a').allTextContents();
    // Act 1: the list from the menu, filtered to the year, 20 a page
    await page.getByRole('link', { name: 'Danh sách hồ sơ' }).click();
    await page.locator('#list-filters').waitFor();
    await page.fill('#f-year', '2069');
    await page.fill('#f-q', 'duyet web');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await expect.poll(shown).toEqual(titles.slice(0, 20));
    await shot(page, 'lists-01-secretariat');
    // Act 2: next page, then back
    await page.locator('#list-next').click();
    await expect.poll(shown).toEqual(titles.slice(20));
    expect(await page.locator('#list-next').count()).toBe(0);
    await page.locator('#list-prev').click();
    await expect.poll(shown).toEqual(titles.slice(0, 20));
    // Act 3: a narrower filter — one unit, one form, oldest first
    await page.selectOption('#f-unit', 'so-y-te');
    await page.selectOption('#f-form', 'chienSiThiDuaTinh');
    await page.selectOption('#f-order', 'asc');
    await page.getByRole('button', { name: 'Lọc' }).click();
    const expected = [0, 6, 12, 18, 24].map((i) => `Duyệt web 2069 số ${String(i + 1).padStart(2, '0')}`);
    await expect.poll(shown).toEqual(expected);
    await page.waitForFunction(() => (globalThis as unknown as BrowserGlobals).location.hash.includes('unit=so-y-te'));
    expect(await page.locator('#dossier-list tbody tr').first().locator('td').nth(1).textContent()).toBe('Sở Y tế');
    // Act 4: export both files and read them back
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toBe('danh-sach-ho-so.xlsx');
    const [sheet] = await readXlsxFile(readFileSync((await xlsx.path())!));
    expect(sheet!.data.slice(2).map((r) => r[1])).toEqual(expected);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất CSV' }).click()]);
    const rows = readCsv(readFileSync((await csv.path())!, 'utf8'), 100).rows.map((r) => r.cells);
    expect(rows.slice(1).map((r) => r[1])).toEqual(expected);
    expect(rows[1]![2]).toBe('Sở Y tế');
    expect(rows[1]![8]).toMatch(/^\d{2}\/06\/2069$/);
    await context.close();
  });

  it('is usable at phone width, and a bad year is answered next to the filters', async () => {
    const { context, page } = await signedIn(browser, 'chair');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/#/dossiers?year=2069&q=duyet%20web`);
    await expect.poll(() => page.locator('#dossier-list tbody tr').count()).toBe(20);
    await shot(page, 'lists-02-phone');
    await page.goto(`${baseUrl}/#/dossiers?year=20x8`);
    await page.locator('#list-body [role=alert]').waitFor();
    expect(await page.locator('#list-body [role=alert]').textContent()).not.toBe('');
    await context.close();
  });

  it('the council page lists open sessions first, so a member picks the one to vote in instead of typing its id', async () => {
    // Prepare: a council of 2067 with two sessions — the open one dated before the closed one (newest first would put it second)
    const [d1, d2, council] = await Promise.all([awaitingCouncil(), awaitingCouncil(), ownCouncil(2067, 2)]);
    const opened = await openSession([d1], { date: '2067-01-10', title: 'Phiên họp đang mở 2067' });
    const closed = await openSession([d2], { date: '2067-06-01', title: 'Phiên họp đã họp 2067' });
    expect([opened.status, closed.status]).toEqual([201, 201]);
    for (const m of council.usernames) expect((await (await as(m)).post(`/api/council-sessions/${closed.body.session.id}/ballots`, { dossierId: d2, choice: 'agree' })).status).toBe(201);
    expect((await (await as('council-secretary')).post(`/api/council-sessions/${closed.body.session.id}/close`)).status).toBe(200);
    // Act
    const { context, page } = await signedIn(browser, council.usernames[0]!);
    await page.goto(`${baseUrl}/#/council`);
    await page.locator(`#sessions tr[data-session="${closed.body.session.id}"]`).waitFor();
    // Assess: the open session heads the list, and one tap opens it; no session id to type
    const order = await page.locator('#sessions tbody tr').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { session: string } }).dataset.session));
    expect(order.indexOf(opened.body.session.id)).toBe(0);
    expect(order.indexOf(closed.body.session.id)).toBeGreaterThan(0);
    expect(await page.locator('#session-id').count()).toBe(0);
    await page.getByRole('link', { name: 'Phiên họp đang mở 2067' }).click();
    await page.locator('#session-dossiers').waitFor();
    await context.close();
  });
});
