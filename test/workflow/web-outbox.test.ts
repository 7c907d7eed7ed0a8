import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot, signedIn } from './browser.ts';
import { baseUrl } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

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
});
