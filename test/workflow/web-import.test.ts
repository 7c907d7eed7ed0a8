import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitHeaders, xlsx } from '../support/import-files.ts';
import { closeContexts, launchBrowser, shot, signedIn } from './browser.ts';
import { as, baseUrl } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeContexts(browser);
});

describe('importing the directory in a real browser', () => {
  it('an admin uploads a file, sees the preview with its errors by row and column, fixes it and applies it', async () => {
    // Prepare
    const { context, page } = await signedIn(browser, 'admin');
    const p = `w${randomUUID().slice(0, 8)}`;
    const rows = [[`${p}-a`, 'Đơn vị A', '', 'Khác', '', '01/01/2024', ''], [`${p}-b`, 'Đơn vị B', '', 'Huyện', `${p}-a`, '', '']];
    const bad = Buffer.from(await xlsx(unitHeaders, rows));
    const good = Buffer.from(await xlsx(unitHeaders, rows.map((r, i) => (i === 1 ? r.map((c, j) => (j === 3 ? 'commune' : c)) : r))));
    await page.goto(`${baseUrl}/#/import`);
    // Act: the file with an error
    await page.selectOption('#import-kind', 'units');
    await page.setInputFiles('#import-file', { name: 'don-vi.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bad });
    await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await page.locator('#import-errors tbody tr').first().waitFor({ timeout: 15_000 });
    // Assess: row 4 (title, header, then A), the type column, the reason in Vietnamese; applying is not offered
    const errors = await page.locator('#import-errors tbody tr').allTextContents();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('4');
    expect(errors[0]).toContain('Loại');
    expect(errors[0]).toContain('Loại đơn vị "Huyện" không có');
    expect(await page.locator('#import-counts').textContent()).toContain('2 dòng: thêm mới 1, cập nhật 0, không đổi 0, lỗi 1');
    expect(await page.locator('#import-apply').isDisabled()).toBe(true);
    await shot(page, '30-import-errors');
    // Act: the corrected file, applied
    await page.setInputFiles('#import-file', { name: 'don-vi.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good });
    await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await expect.poll(() => page.locator('#import-counts').textContent(), { timeout: 15_000 }).toContain('thêm mới 2');
    await page.getByRole('button', { name: 'Nhập vào danh mục' }).click();
    await expect.poll(() => page.locator('#import-result').textContent(), { timeout: 30_000 }).toContain('Xong: đã thêm 2, cập nhật 0.');
    await shot(page, '31-import-applied');
    // Assess
    const admin = await as('admin');
    expect((await admin.get<{ unit: { parentId?: string } }>(`/api/units/${p}-b`)).body.unit.parentId).toBe(`${p}-a`);
    await context.close();
  });
});
