import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeContexts, launchBrowser, shot, signedIn } from './browser.ts';
import { as } from './support.ts';

/**
 * The administrator's page for the council's rosters (issue 23): a term set up through the page, with people
 * from the directory and units from the unit directory. This file's term is 2070 (web-a11y takes 2071; no
 * other file takes those years, and the demo roster runs 2020–2039).
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeContexts(browser);
});

type Roster = { rosterId: string; title: string; validFrom: string; validTo?: string; seats: { username: string; seat: string; position: string; unitId?: string }[] };

describe("the council rosters page in a real browser", () => {
  it('sets up the 2070 term from the directory, lists it, and shows the refusals of the API next to the field they name', async () => {
    // Prepare
    const { context, page } = await signedIn(browser, 'admin');
    const title = `Hội đồng Thi đua – Khen thưởng tỉnh năm 2070 (${randomUUID().slice(0, 8)})`;
    await page.locator('nav a[href="#/rosters"]').click();
    await page.locator('#roster-create').waitFor();
    // Act: a person without the council member role on a voting seat is refused, naming the row and the field
    await page.fill('#roster-title', title);
    await page.fill('#roster-from', '2070-01-01');
    await page.fill('#roster-to', '2070-12-31');
    await page.selectOption('#person-0', 'chair');
    await page.fill('#position-0', 'Chủ tịch Ủy ban nhân dân tỉnh');
    await page.selectOption('#person-2', 'officer');
    await page.getByRole('button', { name: 'Lưu danh sách' }).click();
    // Assess
    const refusal = page.locator('#roster-create .error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-field')).toBe('seats.1.username');
    expect(await refusal.textContent()).toMatch(/^Dòng 2 — Người giữ ghế: .*Ủy viên Hội đồng/);
    expect(await page.locator('#person-2').getAttribute('aria-invalid')).toBe('true');
    // Act: the members from the directory, one representing a unit, and the secretary
    await page.selectOption('#person-2', 'member-1');
    await page.fill('#position-2', 'Giám đốc Sở Nội vụ');
    await page.selectOption('#person-3', 'member-6');
    await page.fill('#position-3', 'Giám đốc Sở Giáo dục và Đào tạo');
    await page.selectOption('#unit-3', 'so-giao-duc');
    await page.selectOption('#person-4', 'council-secretary');
    await page.getByRole('button', { name: 'Lưu danh sách' }).click();
    // Assess: listed with its term, and stored with each seat as chosen (rows left empty are left out)
    const row = page.locator('#rosters tbody tr', { hasText: title });
    await row.waitFor();
    expect(await row.textContent()).toContain('01/01/2070 – 31/12/2070');
    const { rosters } = (await (await as('admin')).get<{ rosters: Roster[] }>('/api/council-rosters?on=2070-06-01')).body;
    expect(rosters).toHaveLength(1);
    expect(rosters[0]).toMatchObject({ title, validFrom: '2070-01-01', validTo: '2070-12-31' });
    expect(rosters[0]!.seats.map((s) => [s.username, s.seat, s.unitId])).toEqual([
      ['chair', 'chair', undefined],
      ['member-1', 'member', undefined],
      ['member-6', 'member', 'so-giao-duc'],
      ['council-secretary', 'secretary', undefined],
    ]);
    await shot(page, 'rosters');
    // Act: a second term overlapping this one
    await page.fill('#roster-title', `${title} (trùng)`);
    await page.fill('#roster-from', '2070-07-01');
    await page.fill('#roster-to', '2070-12-31');
    await page.selectOption('#person-0', 'chair');
    await page.getByRole('button', { name: 'Lưu danh sách' }).click();
    // Assess: refused at the start date, the clashing term named with its dates
    const overlap = page.locator('#roster-create .error');
    await overlap.waitFor();
    expect(await overlap.getAttribute('data-field')).toBe('validFrom');
    expect(await overlap.textContent()).toContain(`Nhiệm kỳ từ ngày: Nhiệm kỳ trùng với danh sách Hội đồng "${title}" (01/01/2070 – 31/12/2070)`);
    expect((await (await as('admin')).get<{ rosters: Roster[] }>('/api/council-rosters?on=2070-08-01')).body.rosters.map((r) => r.title)).toEqual([title]);
    await context.close();
  });
});
