import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeContexts, launchBrowser, shot, signedIn } from './browser.ts';
import { as, baseUrl, draftDossier, emailsAbout, eventually } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeContexts(browser);
});

type Mail = { subject: string; html?: string; hasHtml: boolean };
const mailTotal = async () => ((await (await fetch(`${baseUrl}/_local/emails?newest=1`)).json()) as { total: number }).total;

/**
 * All mails and the newest two, read so that no mail came between the reads: dossiers that files before this one left
 * on the runtime still move and send mail (seed 440114, 04/12/2026: a decision mail landed between the two reads).
 */
async function settledReads(): Promise<{ emails: Mail[]; newest: { total: number; emails: Mail[] } }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { emails } = (await (await fetch(`${baseUrl}/_local/emails`)).json()) as { emails: Mail[] };
    const newest = (await (await fetch(`${baseUrl}/_local/emails?newest=2`)).json()) as { total: number; emails: Mail[] };
    if (newest.total === emails.length) return { emails, newest };
  }
  throw new Error('mail kept arriving between two reads of the outbox, 20 times over');
}

describe('the mail templates in #/outbox, in a real browser', () => {
  it('shows every template rendered from its HTML part (Vietnamese letter first, the link, the signature) and its text part', async () => {
    // Prepare
    const { context, page } = await signedIn(browser, 'officer');
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // Act
    await page.goto(`${baseUrl}/#/outbox`);
    const templates = page.locator('#mail-templates details.mail');
    await templates.first().waitFor();
    const supplement = templates.filter({ hasText: 'Cần bổ sung hồ sơ trước' }).first();
    await supplement.locator('summary').first().click();
    const body = page.frameLocator('#mail-templates details.mail[open] iframe.mail-frame').locator('body');
    // Assess: the HTML part renders (inline styles allowed in its own document), Vietnamese above English
    await expect.poll(() => body.textContent(), { timeout: 15_000 }).toContain('Kính gửi: Sở Giáo dục và Đào tạo');
    const text = (await body.textContent()) ?? '';
    expect(text.indexOf('Việc cần làm')).toBeLessThan(text.indexOf('To do'));
    expect(text).toContain('Trân trọng.');
    const button = page.frameLocator('#mail-templates details.mail[open] iframe.mail-frame').getByRole('link', { name: 'Xem hồ sơ' });
    expect(await button.evaluate((a) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(a).color)).toBe('rgb(255, 255, 255)');
    expect(await templates.count()).toBeGreaterThanOrEqual(25);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await shot(page, 'outbox-templates');
    await context.close();
  });

  it('lists the sent mails newest first, at most 200 of them with the count of all, and frames a mail\'s HTML when its fold opens', async () => {
    // Prepare: at least two mails sent (this file may run first on a fresh runtime), and what the store holds
    const { context, page } = await signedIn(browser, 'officer');
    for (let i = 0; i < 2; i++) {
      const { id, title } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh');
      expect((await (await as('unit-a-officer')).post(`/api/dossiers/${id}/submit`)).status).toBe(202);
      await eventually(async () => (await emailsAbout(title)).length > 0, 'a mail about the submitted dossier');
    }
    // Act
    const totalBefore = await mailTotal();
    await page.goto(`${baseUrl}/#/outbox`);
    const sent = page.locator('#emails details.mail');
    await sent.first().waitFor();
    const { emails, newest } = await settledReads();
    // Assess: the page shows at most 200, newest on top, and says how many there were in all when it loaded
    const shown = await sent.count();
    const count = Number((await page.locator('#emails p.muted').textContent())?.match(/^(\d+)/)?.[1]);
    expect(count).toBeGreaterThanOrEqual(totalBefore);
    expect(count).toBeLessThanOrEqual(newest.total);
    expect(shown).toBe(Math.min(200, count));
    expect(newest.emails).toHaveLength(2);
    expect(newest.emails.every((e) => e.html === undefined && e.hasHtml)).toBe(true);
    expect(newest.emails.map((e) => e.subject)).toEqual(emails.slice(-2).map((e) => e.subject));
    expect(await sent.first().locator('iframe[src]').count()).toBe(0);
    await sent.first().locator('summary').first().click();
    const body = page.frameLocator('#emails details.mail[open] iframe.mail-frame').first().locator('body');
    await expect.poll(() => body.textContent(), { timeout: 15_000 }).toContain('Trân trọng.');
    expect((await fetch(`${baseUrl}/_local/emails?newest=0`)).status).toBe(400);
    await context.close();
  });
});
