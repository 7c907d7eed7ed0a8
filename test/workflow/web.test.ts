import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf } from '#local/sample-pdf';
import { type BrowserGlobals, closeContexts, launchBrowser, reloadUntilStatus, shot, signedIn } from './browser.ts';
import { as, baseUrl, draftDossier, openSession, ownCouncil } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeContexts(browser);
});

const pdf = (name: string, text: string) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(samplePdf(text)) });

/** Creates a dossier through the form and returns its id (from the URL it lands on). */
async function createDossier(page: Page, awardCode: string, title: string, nominee: string): Promise<string> {
  await page.goto(`${baseUrl}/#/dossiers/new`);
  await page.selectOption('#awardCode', awardCode);
  await page.fill('#title', title);
  await page.fill('#nominee-0-name', nominee);
  await page.selectOption('#nominee-0-category', 'directWorker');
  await page.getByRole('button', { name: 'Tạo hồ sơ' }).click();
  await page.waitForFunction(() => {
    const g = globalThis as unknown as BrowserGlobals;
    return /^#\/dossiers\/d-/.test(g.location.hash) && Boolean(g.document.querySelector('#status'));
  });
  return page.evaluate(() => (globalThis as unknown as BrowserGlobals).location.hash.split('/')[2]!);
}

/** Picks a file for one document kind and waits for its verification; returns the progress bar's last value. */
async function upload(page: Page, kind: string, file: ReturnType<typeof pdf>): Promise<number> {
  await page.setInputFiles(`#kind-${kind}`, file);
  const row = page.locator(`tr[data-kind="${kind}"]`);
  await row.locator('.upload-state', { hasText: 'hợp lệ' }).waitFor({ timeout: 15_000 });
  return row.locator('progress').evaluate((p) => (p as unknown as { value: number }).value);
}

describe('the web pages in a real browser', () => {
  it('takes one dossier from creation with two PDF uploads through appraisal, the council vote and the decision to the public list', async () => {
    const title = `Hồ sơ trình duyệt ${Date.now().toString(36)}`;
    const nominee = `Nguyễn Thị Trình Duyệt ${Date.now().toString(36)}`;
    // The unit: the form shows the documents the chosen award needs, then two uploads with progress, then submit.
    const unit = await signedIn(browser, 'unit-a-officer');
    await shot(unit.page, '01-dossiers');
    await unit.page.goto(`${baseUrl}/#/dossiers/new`);
    await unit.page.selectOption('#awardCode', 'bangKhenChuTichTinh');
    await expect.poll(() => unit.page.locator('#required-docs li').allTextContents()).toEqual(['Tờ trình đề nghị khen thưởng kèm danh sách', 'Báo cáo thành tích']);
    await shot(unit.page, '02-new-dossier');
    const id = await createDossier(unit.page, 'bangKhenChuTichTinh', title, nominee);
    // The unit is named as the directory has it, never by its id.
    await expect.poll(() => unit.page.locator('#unit').textContent()).toContain('Sở Giáo dục và Đào tạo');
    expect(await upload(unit.page, 'proposalLetter', pdf('to-trinh.pdf', `${id} to trinh`))).toBe(100);
    expect(await upload(unit.page, 'achievementReport', pdf('bao-cao.pdf', `${id} bao cao`))).toBe(100);
    await shot(unit.page, '03-uploaded');
    await unit.page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await reloadUntilStatus(unit.page, 'UnderAppraisal');
    await expect.poll(() => unit.page.locator('svg.workflow g[aria-current="step"]').getAttribute('data-state')).toBe('AwaitAppraisal');
    await shot(unit.page, '04-dossier-under-appraisal');

    // The officer: the task is in the inbox; the appraisal records "eligible".
    const officer = await signedIn(browser, 'officer');
    await expect.poll(() => officer.page.getByRole('row', { name: new RegExp(title) }).textContent()).toContain('Sở Giáo dục và Đào tạo');
    await officer.page.getByRole('link', { name: title }).click();
    await officer.page.locator('#appraisal-form').waitFor();
    await shot(officer.page, '05-appraisal');
    await officer.page.getByRole('button', { name: 'Ghi kết quả thẩm định' }).click();
    await reloadUntilStatus(officer.page, 'AwaitingCouncil');

    // The council secretary, on a page configured as deployed (no local-only helpers), opens a session with this
    // dossier: the members are the roster in force on the date, and member-7 is ticked absent. member-6 sits for
    // the Sở GD&ĐT that filed the dossier, so is recused; six of the other seven vote (the quorum of 8).
    const secretary = await signedIn(browser, 'council-secretary', { deployed: true });
    expect(await secretary.page.evaluate(() => (globalThis as unknown as BrowserGlobals).fetch('config.json').then((r) => r.json()))).toMatchObject({ local: false });
    await secretary.page.goto(`${baseUrl}/#/council`);
    await secretary.page.locator('#open-session').waitFor();
    await secretary.page.locator('#roster-title').waitFor();
    await expect.poll(() => secretary.page.locator('input[name="absentUsernames"]').evaluateAll((boxes) => boxes.map((b) => (b as unknown as { value: string }).value))).toEqual([
      'chair', 'member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7',
    ]);
    // a date outside every term shows that no roster is in force, then back to today
    const today = await secretary.page.inputValue('#session-date');
    await secretary.page.fill('#session-date', '2019-06-01');
    await secretary.page.locator('#no-roster').waitFor();
    await secretary.page.fill('#session-date', today);
    await secretary.page.locator('#roster-title').waitFor();
    for (const box of await secretary.page.locator('input[name="dossierIds"]').all()) if ((await box.getAttribute('value')) !== id) await box.uncheck();
    await secretary.page.locator('input[name="absentUsernames"][value="member-7"]').check();
    await shot(secretary.page, '06-open-session');
    await secretary.page.getByRole('button', { name: 'Mở phiên họp' }).click();
    await secretary.page.waitForFunction(() => {
      const g = globalThis as unknown as BrowserGlobals;
      return /^#\/council\/.+/.test(g.location.hash) && Boolean(g.document.querySelector('#session-dossiers'));
    });
    const sessionPath = await secretary.page.evaluate(() => (globalThis as unknown as BrowserGlobals).location.hash);
    const sessionId = sessionPath.replace('#/council/', '');
    const m1 = await signedIn(browser, 'member-1');
    await m1.page.goto(`${baseUrl}/${sessionPath}`);
    await m1.page.getByRole('button', { name: 'Đồng ý', exact: true }).click();
    await m1.page.getByText('Đã bỏ phiếu').waitFor();
    await shot(m1.page, '07-ballot');
    await m1.context.close();
    // the others through the API; the absent member-7 has no ballot buttons, only a written opinion to send
    for (const member of ['chair', 'member-2', 'member-3', 'member-4', 'member-5']) {
      expect((await (await as(member)).post(`/api/council-sessions/${sessionId}/ballots`, { dossierId: id, choice: 'agree' })).status).toBe(201);
    }
    const m7 = await signedIn(browser, 'member-7');
    await m7.page.goto(`${baseUrl}/${sessionPath}`);
    await m7.page.locator('#session-dossiers').waitFor();
    expect(await m7.page.getByRole('button', { name: 'Đồng ý', exact: true }).count()).toBe(0);
    expect(await m7.page.getByRole('button', { name: 'Gửi ý kiến bằng văn bản' }).count()).toBe(1);
    await m7.context.close();
    await secretary.page.reload();
    // Who has voted is shown by name, never how.
    await expect.poll(() => secretary.page.locator('#session-dossiers tbody td').nth(1).textContent()).toMatch(/^6\/8: .*Hoàng Văn An \(Ủy viên\)/);
    await secretary.page.getByRole('button', { name: 'Kết thúc phiên và kiểm phiếu' }).click();
    await secretary.page.getByText('Đạt').waitFor();
    await shot(secretary.page, '08-session-closed');

    // The chair decides with a decision number; the award reaches the public list.
    const chair = await signedIn(browser, 'chair');
    await chair.page.getByRole('link', { name: title }).click();
    await chair.page.locator('#decision-form').waitFor();
    await chair.page.fill('#decisionNumber', '45/QĐ-UBND');
    await shot(chair.page, '09-decision');
    await chair.page.getByRole('button', { name: 'Phê duyệt khen thưởng' }).click();
    await reloadUntilStatus(chair.page, 'Awarded');
    await expect.poll(() => chair.page.locator('#timeline li').count()).toBeGreaterThanOrEqual(8);
    // the decision's files: the PDF, the draft for the document office and the printer's list
    await expect.poll(() => chair.page.locator('#decision-files a').allTextContents()).toEqual(['Quyết định (PDF)', 'Dự thảo quyết định (Word)', 'Danh sách in Bằng khen, Giấy chứng nhận (Excel)']);
    await shot(chair.page, '10-awarded');
    const anonymous = await browser.newContext();
    const pub = await anonymous.newPage();
    await pub.goto(`${baseUrl}/#/public?year=2026`);
    await pub.getByRole('cell', { name: nominee }).waitFor();
    expect(await pub.locator('#awards').textContent()).toContain('45/QĐ-UBND');
    expect(await pub.getByRole('row', { name: new RegExp(nominee) }).textContent()).toContain('Sở Giáo dục và Đào tạo');
    await shot(pub, '11-public-awards');
    // English on request.
    await pub.locator('#lang').click();
    await pub.getByRole('heading', { name: /Awards of 2026/ }).waitFor();
    await anonymous.close();
    for (const c of [unit, officer, secretary, chair]) await c.context.close();
  }, 240_000);

  it('answers a supplement request from the dossier page, and the dossier returns to appraisal', async () => {
    const unit = await signedIn(browser, 'unit-a-officer');
    const id = await createDossier(unit.page, 'bangKhenChuTichTinhDotXuat', `Hồ sơ bổ sung ${Date.now().toString(36)}`, 'Trần Văn Bổ Sung');
    // Only one of the two required documents: the completeness check asks for the other.
    await upload(unit.page, 'proposalLetter', pdf('to-trinh.pdf', `${id} to trinh`));
    await unit.page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    // The status changes before the workflow registers the unit's task, and the form comes with the task.
    await reloadUntilStatus(unit.page, 'SupplementRequested', 20_000, '#supplement-form');
    await expect.poll(() => unit.page.locator('main p.error[role="status"]').textContent()).toContain('Bản tóm tắt thành tích');
    await shot(unit.page, '12-supplement-requested');
    await upload(unit.page, 'achievementSummary', pdf('tom-tat.pdf', `${id} tom tat`));
    await unit.page.fill('#note', 'Đã bổ sung bản tóm tắt thành tích');
    await unit.page.getByRole('button', { name: 'Gửi bổ sung' }).click();
    await reloadUntilStatus(unit.page, 'UnderAppraisal');
    await unit.context.close();
  }, 120_000);

  it('refuses a file that is not a PDF or is too large, with a clear message in Vietnamese, and shows server field errors', async () => {
    const unit = await signedIn(browser, 'unit-a-officer');
    const id = await createDossier(unit.page, 'bangKhenChuTichTinh', `Hồ sơ tệp sai ${Date.now().toString(36)}`, 'Lê Thị Tệp');
    const row = unit.page.locator('tr[data-kind="proposalLetter"]');
    await unit.page.setInputFiles('#kind-proposalLetter', { name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('không phải PDF') });
    await expect.poll(() => row.getByRole('alert').textContent()).toBe('Tệp "ghi-chu.txt" không phải PDF. Chỉ nhận tệp PDF.');
    await unit.page.setInputFiles('#kind-proposalLetter', { name: 'qua-lon.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(11 * 1024 * 1024, 0x25) });
    await expect.poll(() => row.getByRole('alert').textContent()).toContain('quá lớn (11,0 MB); tối đa 10 MB');
    await shot(unit.page, '13-upload-refused');
    // Nothing was stored for the refused files.
    const stored = await unit.page.evaluate(async (dossierId) => {
      const g = globalThis as unknown as BrowserGlobals;
      return (await (await g.fetch(`/api/dossiers/${dossierId}`, { headers: { authorization: `Bearer ${g.sessionStorage.getItem('token')}` } })).json()) as { documents: unknown[] };
    }, id);
    expect(stored.documents).toEqual([]);
    // A server-side refusal is shown next to its field: withdrawing needs a reason (checked before sending), and
    // the decision number format is the server's rule.
    await unit.page.getByRole('button', { name: 'Rút hồ sơ' }).click();
    await expect.poll(() => unit.page.locator('#withdraw-reason + p.error').textContent()).toBe('Vui lòng nêu lý do rút hồ sơ');
    await unit.page.goto(`${baseUrl}/#/outbox`);
    await unit.page.locator('#emails').waitFor();
    await shot(unit.page, '14-outbox');
    await unit.context.close();
  });

  it('lets an admin add, find, rename from a date and close a unit, with its history, and shows a refused id next to its field', async () => {
    // Prepare
    const admin = await signedIn(browser, 'admin');
    const id = `xa-phu-my-${Date.now().toString(36)}`;
    const { page } = admin;
    await page.goto(`${baseUrl}/#/units`);
    await page.locator('#units tbody tr').first().waitFor();
    // Act: a bad id first (the server's message, next to the field), then a good one
    await page.fill('#unitId', 'Xã Phú Mỹ');
    await page.fill('#name', 'Ủy ban nhân dân xã Phú Mỹ');
    await page.fill('#shortName', 'UBND xã Phú Mỹ');
    await page.selectOption('#type', 'commune');
    await page.fill('#validFrom', '2020-01-01');
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await expect.poll(() => page.locator('#unitId + p.error').textContent()).toContain('Mã đơn vị chỉ gồm chữ thường không dấu');
    await page.fill('#unitId', id);
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await page.locator('#unit-edit').waitFor();
    await shot(page, '15-unit');
    await page.fill('#name', 'Ủy ban nhân dân phường Phú Mỹ');
    await page.fill('#shortName', 'UBND phường Phú Mỹ');
    await page.fill('#nameFrom', '2025-07-01');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Ủy ban nhân dân phường Phú Mỹ');
    await page.fill('#reason', 'Sáp nhập');
    await page.getByRole('button', { name: 'Ngừng hoạt động' }).click();
    await expect.poll(() => page.locator('#unit-state').textContent()).toBe('Đã ngừng hoạt động');
    // Assess: the history names who did what, before → after; the list finds it without diacritics
    const history = await page.locator('#unit-history li').allTextContents();
    expect(history).toHaveLength(3);
    expect(history[0]).toContain('Quản trị hệ thống: Thêm đơn vị');
    expect(history[1]).toContain('Tên: Ủy ban nhân dân xã Phú Mỹ → Ủy ban nhân dân phường Phú Mỹ');
    expect(history[2]).toContain('Ngừng hoạt động');
    expect(history[2]).toContain('Sáp nhập');
    expect(await page.locator('main').textContent()).toContain('Ủy ban nhân dân xã Phú Mỹ (từ 01/01/2020)');
    await shot(page, '16-unit-history');
    await page.goto(`${baseUrl}/#/units`);
    await page.locator('#units tbody tr').first().waitFor();
    await page.fill('#q', 'phuong phu my');
    await page.selectOption('#search-active', 'false');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await expect.poll(() => page.locator('#units tbody tr').allTextContents()).toEqual([expect.stringContaining('Ủy ban nhân dân phường Phú Mỹ')]);
    await admin.context.close();
  });

  it('labels every form field on every page it visits, and reaches the main content by keyboard', async () => {
    const unit = await signedIn(browser, 'unit-a-officer');
    const unlabeled: string[] = [];
    for (const hash of ['#/dossiers/new', '#/dossiers', '#/public', '#/inbox', '#/outbox']) {
      await unit.page.goto(`${baseUrl}/${hash}`);
      await unit.page.locator('main h1').waitFor();
      await unit.page.waitForTimeout(300);
      for (const field of await unit.page.locator('main input:not([type=hidden]), main select, main textarea').all()) {
        const name = await field.evaluate((el) => {
          const e = el as unknown as { id: string; labels?: { length: number } | null; getAttribute(n: string): string | null; closest(s: string): unknown };
          return e.labels?.length || e.getAttribute('aria-label') ? '' : `${e.id || e.getAttribute('name')}`;
        });
        if (name) unlabeled.push(`${hash} ${name}`);
      }
    }
    expect(unlabeled).toEqual([]);
    // On a fresh page load the first Tab stop is the skip link.
    await unit.page.reload();
    await unit.page.locator('main h1').waitFor();
    await unit.page.keyboard.press('Tab');
    expect(await unit.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toContain('Bỏ qua điều hướng');
    await unit.context.close();
  });

  it('lists the council sessions the server shows each user, from any browser, with the state filter', async () => {
    // Prepare: a session opened through the API (no browser has seen it)
    const { id: dossierId } = await draftDossier('unit-b-officer', 'coThiDuaTinh');
    const officer = await as('officer');
    await (await as('unit-b-officer')).post(`/api/dossiers/${dossierId}/submit`);
    await officer.waitForTask(dossierId, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${dossierId}/tasks/appraisal/complete`, { result: 'eligible' });
    await officer.waitForTask(dossierId, 'council', 'AwaitingCouncil');
    const title = `Phiên họp qua API ${Date.now().toString(36)}`;
    const opened = await openSession([dossierId], { title, date: '2026-12-11' });
    expect(opened.status).toBe(201);
    const sessionId = opened.body.session.id;
    // Act + Assess: a member of it sees it listed, dated dd/mm/yyyy, and follows the link to it
    const member = await signedIn(browser, 'member-1');
    await member.page.goto(`${baseUrl}/#/council`);
    const row = member.page.locator(`#sessions tr[data-session="${sessionId}"]`);
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('11/12/2026');
    expect(await row.locator('td').nth(2).textContent()).toBe('Đang mở');
    await shot(member.page, '16-council-sessions');
    // the state filter asks the server again: no open session is among the closed ones
    await member.page.selectOption('#filter-state', 'closed');
    await member.page.getByRole('button', { name: 'Lọc' }).click();
    await member.page.waitForFunction(() => (globalThis as unknown as BrowserGlobals).location.hash.includes('state=closed'));
    await member.page.locator('#sessions').waitFor();
    await expect.poll(() => member.page.locator(`#sessions tr[data-session="${sessionId}"]`).count()).toBe(0);
    await member.page.goto(`${baseUrl}/#/council?state=open`);
    await member.page.getByRole('link', { name: title }).click();
    await member.page.locator('#session-dossiers').waitFor();
    expect(member.page.url()).toContain(`#/council/${sessionId}`);
    await member.context.close();
    // a member of another term's council (2049, a year no other file uses) is not on the session and does not see it; the secretary does
    const { usernames } = await ownCouncil(2049, 1);
    const other = await signedIn(browser, usernames[0]!);
    await other.page.goto(`${baseUrl}/#/council`);
    await other.page.locator('#sessions').waitFor();
    expect(await other.page.locator(`#sessions tr[data-session="${sessionId}"]`).count()).toBe(0);
    await other.context.close();
    const secretary = await signedIn(browser, 'council-secretary');
    await secretary.page.goto(`${baseUrl}/#/council?state=open`);
    await secretary.page.locator(`#sessions tr[data-session="${sessionId}"]`).waitFor();
    await secretary.context.close();
  });

  it('shows the year-end report with its tables and downloads', async () => {
    const head = await signedIn(browser, 'secretariat-head');
    await head.page.goto(`${baseUrl}/#/reports/2026`);
    await head.page.getByRole('button', { name: 'Tổng hợp lại ngay' }).click();
    await head.page.locator('table[data-table="0603"]').waitFor({ timeout: 30_000 });
    expect(await head.page.getByRole('link', { name: 'bao-cao-2026.xlsx' }).count()).toBe(1);
    await shot(head.page, '15-reports');
    await head.context.close();
  });
});
