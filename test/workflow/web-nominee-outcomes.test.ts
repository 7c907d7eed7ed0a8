import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf } from '#local/sample-pdf';
import { closeContexts, launchBrowser, reloadUntilStatus, shot, signedIn } from './browser.ts';
import { as, baseUrl, openSession } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeContexts(browser);
});

describe('per-nominee appraisal and decision in a real browser', () => {
  it('the officer finds one of three nominees ineligible with a reason, the chair awards one of the two left; the dossier page shows each nominee’s path', async () => {
    // Prepare: an ad-hoc Bằng khen for three people, submitted through the API
    const unit = await as('unit-a-officer');
    const nominees = ['Vũ Thị Hằng', 'Đỗ Văn Khải', 'Ngô Thị Lụa'].map((name) => ({ name, recipientType: 'individual', category: 'directWorker' }));
    const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', { awardCode: 'bangKhenChuTichTinhDotXuat', kind: 'adHoc', year: 2026, title: `Khen đột xuất ba cá nhân ${Date.now().toString(36)}`, nominees });
    const id = created.body.dossier.id;
    for (const kind of ['proposalLetter', 'achievementSummary']) await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
    await unit.post(`/api/dossiers/${id}/submit`);
    await (await as('officer')).waitForTask(id, 'appraisal', 'UnderAppraisal');
    // Act: appraisal in the browser; a ticked nominee without a reason is refused by the form first
    const officer = await signedIn(browser, 'officer');
    await officer.page.goto(`${baseUrl}/#/dossiers/${id}`);
    await officer.page.locator('#appraisal-form').waitFor();
    await officer.page.check('#appraisal-form input[name="refuse"][value="1"]');
    await officer.page.getByRole('button', { name: 'Ghi kết quả thẩm định' }).click();
    await officer.page.locator('#appraisal-form .error').waitFor();
    expect(await officer.page.locator('#appraisal-form .error').textContent()).toContain('Vui lòng nêu lý do');
    await officer.page.fill('#appraisal-form input[name="refuse-reason-1"]', 'Thành tích chưa được xác nhận');
    await officer.page.getByRole('button', { name: 'Ghi kết quả thẩm định' }).click();
    await reloadUntilStatus(officer.page, 'AwaitingDecision');
    // Act: the chair approves, leaving Lụa unawarded
    const chair = await signedIn(browser, 'chair');
    await chair.page.goto(`${baseUrl}/#/dossiers/${id}`);
    await chair.page.locator('#decision-form').waitFor();
    expect(await chair.page.locator('#decision-form input[name="refuse"]').count()).toBe(2);
    await chair.page.fill('#decisionNumber', '913/QĐ-UBND');
    await chair.page.check('#decision-form input[name="refuse"][value="2"]');
    await chair.page.fill('#decision-form input[name="refuse-reason-2"]', 'Đã khen cùng thành tích');
    await chair.page.getByRole('button', { name: 'Phê duyệt khen thưởng' }).click();
    await reloadUntilStatus(chair.page, 'Awarded');
    // Assess
    expect(await chair.page.locator('#overall').getAttribute('data-overall')).toBe('partlyAwarded');
    const rows = chair.page.locator('#nominees tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { outcome: string } }).dataset.outcome))).toEqual(['awarded', 'notAwarded', 'notAwarded']);
    expect(await rows.nth(1).textContent()).toContain('Thành tích chưa được xác nhận');
    expect(await rows.nth(2).textContent()).toContain('Chủ tịch quyết định');
    await shot(chair.page, 'nominee-outcomes');
    await officer.context.close();
    await chair.context.close();
  });
});

describe('a ballot paper for several nominees in a real browser', () => {
  it('a member sees one choice per nominee on the paper, cannot send it half filled, and casts it in one go', async () => {
    // Prepare: a Cờ thi đua dossier of three collectives awaiting the council, on an open session
    const unit = await as('unit-b-officer');
    const names = ['Tổ dân phố 1', 'Tổ dân phố 2', 'Tổ dân phố 3'];
    const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', { awardCode: 'coThiDuaTinh', kind: 'regular', year: 2026, title: `Cờ thi đua ba tổ dân phố ${Date.now().toString(36)}`, nominees: names.map((name) => ({ name, recipientType: 'collective' })) });
    const id = created.body.dossier.id;
    for (const kind of ['proposalLetter', 'achievementReport', 'reviewMinutes']) await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
    await unit.post(`/api/dossiers/${id}/submit`);
    const officer = await as('officer');
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
    await officer.waitForTask(id, 'council', 'AwaitingCouncil');
    const sessionId = (await openSession([id])).body.session.id;
    // Act
    const member = await signedIn(browser, 'member-2');
    await member.page.goto(`${baseUrl}/#/council/${sessionId}`);
    const paper = member.page.locator(`form.ballot-paper[data-dossier="${id}"]`);
    await paper.waitFor();
    expect(await paper.locator('fieldset legend').allTextContents()).toEqual(names);
    await paper.locator('fieldset[data-nominee="0"] input[value="agree"]').check();
    await paper.locator('fieldset[data-nominee="1"] input[value="disagree"]').check();
    await paper.getByRole('button', { name: 'Gửi phiếu' }).click();
    // Half filled: the browser keeps it (nothing reaches the server)
    const sessionView = async () => (await (await as('council-secretary')).get<{ participations: { dossierId: string }[] }>(`/api/council-sessions/${sessionId}`)).body.participations.filter((p) => p.dossierId === id).length;
    expect(await sessionView()).toBe(0);
    await paper.locator('fieldset[data-nominee="2"] input[value="abstain"]').check();
    await paper.getByRole('button', { name: 'Gửi phiếu' }).click();
    await member.page.locator('#session-dossiers td', { hasText: 'Đã bỏ phiếu' }).first().waitFor();
    // Assess
    expect(await sessionView()).toBe(1);
    await shot(member.page, 'ballot-paper');
    await member.context.close();
  });
});
