import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportWorkbook } from '#adapters/report-workbook';
import { type BrowserGlobals, closeContexts, launchBrowser, shot, signedIn } from './browser.ts';
import { as, baseUrl } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeContexts(browser);
});

const header = ['Họ và tên', 'Loại', 'Đối tượng', 'Giới tính', 'Chức vụ', 'Năm sinh'];
/** The unit's list as an XLSX file: a title in row 1, the headers in row 2, the nominees from row 3. */
async function nomineeFile(name: string, rows: (string | number)[][]) {
  const xlsx = await reportWorkbook([{ id: 'danh-sach', title: { vi: 'DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG', en: 'Nominees' }, columns: header.map((vi) => ({ vi, en: vi })), rows }]);
  return { name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(xlsx) };
}

describe('entering nominees in a real browser', () => {
  it('adds three nominees in the table, removes one, refuses a file with a bad row naming it, imports the fixed file and creates the dossier with every nominee', async () => {
    // Prepare
    const { context, page } = await signedIn(browser, 'unit-a-officer');
    const title = `Hồ sơ danh sách ${Date.now().toString(36)}`;
    await page.goto(`${baseUrl}/#/dossiers/new`);
    await page.selectOption('#awardCode', 'bangKhenChuTichTinh');
    await page.fill('#title', title);
    // The categories offered are form 0603's six.
    expect(await page.locator('#nominee-0-category option').allTextContents()).toEqual([
      '— Chọn —', 'Lãnh đạo cấp tỉnh', 'Lãnh đạo sở, ban, ngành và tương đương', 'Doanh nhân', 'Lãnh đạo khác (từ phó trưởng phòng trở lên)', 'Công nhân, nông dân, người lao động trực tiếp', 'Khác',
    ]);

    // Act: three rows by hand, the second one removed
    await page.fill('#nominee-0-name', 'Phạm Văn Đông');
    await page.selectOption('#nominee-0-category', 'departmentLeader');
    await page.selectOption('#nominee-0-gender', 'male');
    await page.fill('#nominee-0-position', 'Giám đốc Sở');
    await page.fill('#nominee-0-birthYear', '1968');
    await page.getByRole('button', { name: '+ Thêm dòng' }).click();
    await page.fill('#nominee-1-name', 'Hàng xóm bị xóa');
    await page.getByRole('button', { name: '+ Thêm dòng' }).click();
    await page.fill('#nominee-2-name', 'Trường mầm non Tân Lập');
    await page.selectOption('#nominee-2-recipientType', 'collective');
    await page.locator('#nominee-2-category').waitFor();
    expect(await page.locator('#nominee-2-gender').count()).toBe(0);
    await page.getByRole('button', { name: 'Xóa dòng 2' }).click();
    // Assess: the two kept rows, values as typed
    await expect.poll(() => page.locator('#nominee-table tbody tr').count()).toBe(2);
    expect(await page.inputValue('#nominee-0-position')).toBe('Giám đốc Sở');
    expect(await page.inputValue('#nominee-1-name')).toBe('Trường mầm non Tân Lập');
    expect(await page.inputValue('#nominee-1-recipientType')).toBe('collective');

    // Act: a file whose row 4 has a type that is none
    await page.setInputFiles('#nominee-file', await nomineeFile('danh-sach-loi.xlsx', [
      ['Lê Thị Hoa', 'Cá nhân', 'Nông dân', 'Nữ', '', 1990],
      ['Công ty Bình Minh', 'Công ty', 'Doanh nghiệp', '', '', ''],
      ['Hộ ông Ba', 'Hộ gia đình', '', '', '', ''],
    ]));
    // Assess: that row's column and reason, and nothing imported
    await page.locator('#import-errors').waitFor();
    const errorRows = page.locator('#import-errors tbody tr');
    expect(await errorRows.count()).toBe(1);
    expect(await errorRows.locator('td').allTextContents()).toEqual(['4', 'Loại', expect.stringContaining('"Công ty" không phải loại hợp lệ')]);
    expect(await page.locator('#nominee-table tbody tr').count()).toBe(2);
    await shot(page, 'nominees-import-error');

    // Act: the fixed file
    await page.setInputFiles('#nominee-file', await nomineeFile('danh-sach.xlsx', [
      ['Lê Thị Hoa', 'Cá nhân', 'Nông dân', 'Nữ', '', 1990],
      ['Công ty Bình Minh', 'Tập thể', 'Doanh nghiệp', '', '', ''],
      ['Hộ ông Ba', 'Hộ gia đình', '', '', '', ''],
    ]));
    await page.locator('#import-done').waitFor();
    expect(await page.locator('#import-errors').count()).toBe(0);
    await expect.poll(() => page.locator('#nominee-table tbody tr').count()).toBe(5);
    await shot(page, 'nominees-imported');
    await page.getByRole('button', { name: 'Tạo hồ sơ' }).click();
    await page.waitForFunction(() => {
      const g = globalThis as unknown as BrowserGlobals;
      return /^#\/dossiers\/d-/.test(g.location.hash) && Boolean(g.document.querySelector('#status'));
    });
    const id = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).location.hash.split('/')[2]!);

    // Assess: the API has every nominee as entered, and the dossier page lists them with form 0603's names
    const view = await (await as('unit-a-officer')).get<{ dossier: { title: string; nominees: unknown[] } }>(`/api/dossiers/${id}`);
    expect(view.body.dossier.title).toBe(title);
    expect(view.body.dossier.nominees).toEqual([
      { name: 'Phạm Văn Đông', recipientType: 'individual', category: 'departmentLeader', gender: 'male', position: 'Giám đốc Sở', birthYear: 1968 },
      { name: 'Trường mầm non Tân Lập', recipientType: 'collective', category: 'collective' },
      { name: 'Lê Thị Hoa', recipientType: 'individual', category: 'directWorker', gender: 'female', birthYear: 1990 },
      { name: 'Công ty Bình Minh', recipientType: 'collective', category: 'enterprise' },
      { name: 'Hộ ông Ba', recipientType: 'household' },
    ]);
    const first = await page.locator('#dossier-nominees tbody tr').first().locator('td').allTextContents();
    expect(first).toEqual(['1', 'Phạm Văn Đông', 'Cá nhân', 'Lãnh đạo sở, ban, ngành và tương đương', 'Nam', 'Giám đốc Sở', '1968']);
    await context.close();
  });

  it("names the row whose type the award form does not take, before sending anything", async () => {
    const { context, page } = await signedIn(browser, 'unit-a-officer');
    await page.goto(`${baseUrl}/#/dossiers/new`);
    await page.selectOption('#awardCode', 'bangKhenChuTichTinh');
    await page.fill('#title', `Cờ thi đua ${Date.now().toString(36)}`);
    await page.fill('#nominee-0-name', 'Nguyễn Văn Cá Nhân');
    await page.selectOption('#nominee-0-category', 'other');
    // A Cờ thi đua is for collectives: the person's row stays, and is refused naming its type.
    await page.selectOption('#awardCode', 'coThiDuaTinh');
    expect(await page.locator('#kind option').allTextContents()).toEqual(['Thường xuyên']);
    await page.getByRole('button', { name: 'Tạo hồ sơ' }).click();
    const error = page.locator('#create .error');
    await error.waitFor();
    expect(await error.getAttribute('data-field')).toBe('nominees.0.recipientType');
    expect(await error.textContent()).toContain('không dành cho cá nhân');
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).location.hash)).toBe('#/dossiers/new');
    await context.close();
  });
});
