import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { baseUrl } from './support.ts';

/**
 * Debian's chromium, headless, driven by playwright-core. A missing browser fails the test with the install
 * command — it never skips.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = path.resolve('test-output/screenshots');

let shared: Promise<Browser> | undefined;

/**
 * The test worker's browser: launched by the first file that asks, then shared by the worker's files (they share its
 * module cache), each in contexts of its own that it closes with `closeContexts`. Playwright closes the browser when
 * the worker exits. One launch per worker instead of one per file (14 files use a browser).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  mkdirSync(screenshotDir, { recursive: true });
  const current = shared && (await shared.catch(() => undefined));
  if (!current?.isConnected()) shared = chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return shared!;
}

/** Closes the contexts a file opened (also those a failed test left open); the shared browser stays up. */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  await Promise.all(browser?.contexts().map((context) => context.close()) ?? []);
}

/**
 * A browser context signed in as a demo user through the sign-in page (each context has its own session).
 * `deployed`: the page gets the config a deployed stack writes (`local: false`), so it may lean on nothing
 * the local runtime alone serves; sign-in still goes through the local issuer.
 */
export async function signedIn(browser: Browser, userId: string, options: { deployed?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  if (options.deployed) {
    await context.route('**/config.json', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...((await response.json()) as Record<string, unknown>), local: false } });
    });
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${baseUrl}/#/signin`);
  await page.selectOption('#userId', userId);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  // Signed in once the landing page itself has rendered (not the sign-in page still on screen).
  await page.waitForFunction(() => {
    const g = globalThis as unknown as BrowserGlobals;
    return !g.location.hash.startsWith('#/signin') && !g.document.querySelector('#signin') && Boolean(g.document.querySelector('main h1'));
  });
  return { context, page };
}

/**
 * Screenshots for a person to look at, taken only with TEST_SCREENSHOTS=1 (into test-output/screenshots/): no test
 * reads them, and the full-page captures cost the browser about a tenth of its CPU in the suite (04/12/2026).
 */
export const screenshotsWanted = process.env.TEST_SCREENSHOTS === '1';

export async function shot(page: Page, name: string): Promise<void> {
  if (screenshotsWanted) await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** One element's screenshot, on the same terms as `shot`. */
export async function shotOf(locator: Locator, name: string): Promise<void> {
  if (screenshotsWanted) await locator.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** Reloads the dossier page until its status badge shows `status` and, if given, `showing` is on the page (the workflow moves asynchronously). */
export async function reloadUntilStatus(page: Page, status: string, timeoutMs = 20_000, showing?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await page.locator('#status').getAttribute('data-status').catch(() => null);
    const shown = !showing || (await page.locator(showing).count()) > 0;
    if (current === status && shown) return;
    if (Date.now() > deadline) throw new Error(current === status ? `status ${status}, but ${showing} never showed` : `status stayed ${current}, expected ${status}`);
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('#status').waitFor();
  }
}

/** The few browser globals the tests read inside the page (the test code is type-checked without the DOM lib). */
export interface BrowserGlobals {
  location: { hash: string };
  document: { querySelector(selector: string): unknown };
  sessionStorage: { getItem(key: string): string | null };
  fetch: typeof fetch;
}
