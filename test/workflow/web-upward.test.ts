import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAwardForm } from '#domain/catalogue';
import { samplePdf } from '#local/sample-pdf';
import { closeContexts, launchBrowser, shot, signedIn } from './browser.ts';
import { as, baseUrl, openSession, ownCouncil } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeContexts(browser);
});
const run = Date.now().toString(36);

/** A Bằng khen Thủ tướng proposal of 2056 through appraisal, its own council (open vote) and the chair's tờ trình. */
async function forwarded(name: string): Promise<{ id: string; title: string }> {
  const unit = await as('unit-a-officer');
  const officer = await as('officer');
  const title = `Đề nghị Bằng khen của Thủ tướng Chính phủ ${run}`;
  const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', { awardCode: 'bangKhenThuTuong', kind: 'regular', year: 2056, title, nominees: [{ name, recipientType: 'individual', category: 'directWorker', gender: 'male', birthYear: 1985 }] });
  const id = created.body.dossier.id;
  for (const kind of findAwardForm('bangKhenThuTuong').requiredDocuments) await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
  await unit.post(`/api/dossiers/${id}/submit`);
  await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
  await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
  await officer.waitForTask(id, 'council', 'AwaitingCouncil');
  const council = await ownCouncil(2056, 3);
  const session = (await openSession([id], { date: '2056-12-10' })).body.session.id;
  for (const member of council.usernames) await (await as(member)).post(`/api/council-sessions/${session}/ballots`, { dossierId: id, choice: 'agree' });
  await (await as('council-secretary')).post(`/api/council-sessions/${session}/close`);
  const chair = await as('chair');
  await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');
  await chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '91/TTr-UBND', decisionDate: '2025-11-30' });
  await officer.waitForStatus(id, 'ForwardedUpward');
  return { id, title };
}

describe('the upward pages in a real browser', () => {
  it("a unit enters a person's earlier award and reads it in their history", async () => {
    // Prepare
    const { context, page } = await signedIn(browser, 'unit-a-officer');
    const name = `Phan Thị Lịch Sử ${run}`;
    await page.goto(`${baseUrl}/#/award-history`);
    await page.locator('#history-lookup').waitFor();
    expect(await page.inputValue('#ah-unit')).toBe('so-giao-duc');
    // Act: look the person up, then enter a CSTĐ cấp tỉnh of 2054
    await page.fill('#ah-name', name);
    await page.fill('#ah-birth', '1982');
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.locator('#history tbody tr', { hasText: 'Chưa có khen thưởng nào được ghi' }).waitFor();
    await page.selectOption('#he-award', 'chienSiThiDuaTinh');
    await page.fill('#he-year', '2054');
    await page.fill('#he-number', '1420/QĐ-UBND');
    await page.fill('#he-date', '2054-12-18');
    await page.getByRole('button', { name: 'Ghi vào lịch sử' }).click();
    // Assess
    const row = page.locator('#history tbody tr', { hasText: '1420/QĐ-UBND' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Chiến sĩ thi đua cấp tỉnh');
    expect(await row.textContent()).toContain('18/12/2054');
    await shot(page, 'award-history');
    await context.close();
  });

  it('the secretariat sees an overdue proposal in the upward queue and records the central answer', async () => {
    // Prepare
    const name = `Vương Văn Trình ${run}`;
    const { id } = await forwarded(name);
    const { context, page } = await signedIn(browser, 'officer');
    await page.goto(`${baseUrl}/#/upward`);
    const row = page.locator(`#upward tr[data-dossier="${id}"]`);
    await row.waitFor();
    // Assess: overdue (signed 30/11/2025, six months by default), the nominee awaiting
    expect(await row.getAttribute('class')).toBe('overdue');
    expect(await row.textContent()).toContain('91/TTr-UBND');
    expect(await row.textContent()).toContain('quá hạn');
    await shot(page, 'upward-queue');
    // Act: record the Prime Minister's decision for the nominee
    await page.selectOption('#co-nominee', `${id}|0`);
    await page.fill('#co-number', '321/QĐ-TTg');
    await page.fill('#co-date', '2026-03-02');
    await page.fill('#co-body', 'Thủ tướng Chính phủ');
    await page.getByRole('button', { name: 'Ghi kết quả' }).click();
    // Assess: it leaves the queue, and the dossier is awarded with the central decision on the nominee
    await row.waitFor({ state: 'detached' });
    const view = (await (await as('officer')).get<{ dossier: { status: string; nominees: { outcome?: string; centralDecision?: { number: string } }[] } }>(`/api/dossiers/${id}`)).body;
    expect(view.dossier.status).toBe('Awarded');
    expect(view.dossier.nominees[0]).toMatchObject({ outcome: 'awarded', centralDecision: { number: '321/QĐ-TTg' } });
    await context.close();
  });
});
