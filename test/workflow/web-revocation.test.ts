import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeContexts, launchBrowser, shot, signedIn } from './browser.ts';
import { awardedDossier } from './revocation-support.ts';
import { baseUrl } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeContexts(browser);
});

describe('revoking an award in a real browser', () => {
  it('the head of the secretariat proposes revoking one nominee, the chair signs the revocation; the dossier page and the award history show the revoked path to the unit', async () => {
    // Prepare: an awarded dossier of 2059 (two of three nominees awarded)
    const { id, names } = await awardedDossier(2059);
    // Act: the proposal, with the form refusing a proposal without a reason first
    const head = await signedIn(browser, 'secretariat-head');
    await head.page.goto(`${baseUrl}/#/dossiers/${id}`);
    const proposal = head.page.locator('#revocation-propose-form');
    await proposal.waitFor();
    expect(await proposal.locator('input[name="nomineeIndexes"]').count()).toBe(2);
    await proposal.locator('input[name="nomineeIndexes"][value="0"]').check();
    await head.page.selectOption('#revocation-ground', 'falseDeclaration');
    await proposal.getByRole('button', { name: 'Gửi đề nghị hủy bỏ' }).click();
    await proposal.locator('.error').waitFor();
    expect(await proposal.locator('.error').textContent()).toContain('Vui lòng nêu lý do');
    await head.page.fill('#revocation-reason', 'Kê khai thành tích không đúng thực tế');
    await proposal.getByRole('button', { name: 'Gửi đề nghị hủy bỏ' }).click();
    await head.page.locator('#revocation-pending').waitFor();
    expect(await head.page.locator('#revocation-propose-form').count()).toBe(0);
    // Act: the chair signs the revocation decision
    const chair = await signedIn(browser, 'chair');
    await chair.page.goto(`${baseUrl}/#/dossiers/${id}`);
    const decision = chair.page.locator('#revocation-decision-form');
    await decision.waitFor();
    expect(await chair.page.locator('#revocation-pending').textContent()).toContain(names[0]);
    await chair.page.fill('#revocationNumber', '970/QĐ-UBND');
    await decision.getByRole('button', { name: 'Ký quyết định hủy bỏ khen thưởng' }).click();
    await chair.page.locator('#award-history li.revoked').waitFor();
    // Assess: the unit reads each nominee's path and the revoked one's history
    const unit = await signedIn(browser, 'unit-a-officer');
    await unit.page.goto(`${baseUrl}/#/dossiers/${id}`);
    await unit.page.locator('#award-history').waitFor();
    const rows = unit.page.locator('#nominees tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { outcome: string } }).dataset.outcome))).toEqual(['revoked', 'awarded', 'notAwarded']);
    expect(await rows.nth(0).textContent()).toContain('Đã hủy bỏ khen thưởng (Quyết định số 970/QĐ-UBND)');
    const history = await unit.page.locator('#award-history > li[data-nominee="0"]').textContent();
    expect(history).toContain('Khen thưởng theo Quyết định số 901/QĐ-UBND ngày 01/12/2026');
    expect(history).toContain('Hủy bỏ khen thưởng theo Quyết định số 970/QĐ-UBND');
    expect(history).toContain('Gian dối trong việc kê khai thành tích');
    expect(history).toContain('Kê khai thành tích không đúng thực tế');
    expect(await unit.page.locator('#award-history > li[data-nominee="1"] li.revoked').count()).toBe(0);
    expect(await unit.page.locator('#timeline').textContent()).toContain('Quyết định hủy bỏ khen thưởng');
    expect(await unit.page.locator('#revocation-propose-form, #revocation-decision-form').count()).toBe(0);
    await shot(unit.page, 'revocation');
    for (const p of [head, chair, unit]) await p.context.close();
  });
});
