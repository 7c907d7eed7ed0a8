import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAwardForm } from '#domain/catalogue';
import { workflowStates } from '#domain/workflow-states';
import { samplePdf } from '#local/sample-pdf';
import { closeContexts, launchBrowser, reloadUntilStatus, shot, shotOf, signedIn } from './browser.ts';
import { as, baseUrl } from './support.ts';

/** This file's dossiers are of 2066 only, so year-end counts of other files never see them. */
const YEAR = 2066;

let browser: Browser;
let dossierId: string;
beforeAll(async () => {
  browser = await launchBrowser();
  // A dossier of unit B driven through submission and an eligible appraisal to the council's wait.
  const awardCode = 'coThiDuaTinh';
  const form = findAwardForm(awardCode);
  const unit = await as('unit-b-officer');
  const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', {
    awardCode,
    kind: 'regular',
    year: YEAR,
    title: `Sơ đồ quy trình ${Date.now().toString(36)}`,
    nominees: [{ name: 'Tập thể Phòng Tổng hợp', recipientType: form.recipientTypes[0] }],
  });
  expect(created.status).toBe(201);
  dossierId = created.body.dossier.id;
  for (const kind of form.requiredDocuments) expect((await unit.uploadDocument(dossierId, kind, `${kind}.pdf`, samplePdf(`${dossierId} ${kind}`))).verified?.status).toBe(200);
  expect((await unit.post(`/api/dossiers/${dossierId}/submit`)).status).toBeLessThan(300);
  const officer = await as('officer');
  await officer.waitForTask(dossierId, 'appraisal', 'UnderAppraisal');
  expect((await officer.post(`/api/dossiers/${dossierId}/tasks/appraisal/complete`, { result: 'eligible' })).status).toBeLessThan(300);
  await officer.waitForTask(dossierId, 'council', 'AwaitingCouncil');
});
afterAll(async () => {
  await closeContexts(browser);
});

/** The picture's current box: its class, its text, and whether the scroller shows it whole. */
async function currentStep(page: Page) {
  const current = page.locator('#diagram svg.workflow g[aria-current="step"]');
  await current.waitFor();
  const box = (await current.boundingBox())!;
  const scroller = (await page.locator('#diagram .diagram-scroll').boundingBox())!;
  return {
    state: await current.getAttribute('data-state'),
    rectClass: await current.locator('rect').getAttribute('class'),
    text: (await current.locator('text').textContent())?.trim(),
    inView: box.x >= scroller.x && box.x + box.width <= scroller.x + scroller.width && (await current.isVisible()),
    scrollerWidth: scroller.width,
  };
}

describe('the workflow picture on the dossier page', () => {
  it('highlights the current step with its Vietnamese name, and the path taken, at desktop and phone width', async () => {
    const { context, page } = await signedIn(browser, 'unit-b-officer');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${baseUrl}/#/dossiers/${dossierId}`);
    await reloadUntilStatus(page, 'AwaitingCouncil');
    const desktop = await currentStep(page);
    expect(desktop).toMatchObject({ state: 'AwaitCouncil', rectClass: 'step current', text: workflowStates.AwaitCouncil!.name.vi, inView: true });
    expect(await page.locator('#diagram svg.workflow').getAttribute('aria-label')).toBe(`Sơ đồ quy trình, bước hiện tại: ${workflowStates.AwaitCouncil!.name.vi}`);
    // The path taken: the completeness check and the appraisal are done, the lines between them marked.
    expect(await page.locator('#diagram g[data-state="CheckCompleteness"] rect').getAttribute('class')).toBe('step done');
    expect(await page.locator('#diagram g[data-state="AwaitAppraisal"] rect').getAttribute('class')).toBe('step done');
    expect(await page.locator('#diagram g[data-state="AwaitChairDecision"] rect').getAttribute('class')).toBe('step');
    expect(await page.locator('#diagram polyline.taken').evaluateAll((ls) => ls.map((l) => `${l.getAttribute('data-from')}→${l.getAttribute('data-to')}`).sort())).toEqual([
      'AwaitAppraisal→AwaitCouncil',
      'CheckCompleteness→AwaitAppraisal',
    ]);
    // No engine names on the page: the picture reads in Vietnamese.
    const pictureText = (await page.locator('#diagram').textContent()) ?? '';
    for (const code of ['CheckCompleteness', 'AwaitCouncil', 'EscalateChairDecision', 'ReportFailure']) expect(pictureText).not.toContain(code);
    expect(pictureText).toContain(workflowStates.Withdrawn!.note!.vi);
    await shot(page, 'workflow-desktop');

    // A phone: the picture scrolls sideways inside its box with the current step scrolled into view.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator('#status').waitFor();
    const phone = await currentStep(page);
    expect(phone).toMatchObject({ state: 'AwaitCouncil', rectClass: 'step current', text: workflowStates.AwaitCouncil!.name.vi, inView: true });
    expect(phone.scrollerWidth).toBeLessThanOrEqual(390);
    await shot(page, 'workflow-phone');
    await shotOf(page.locator('#diagram'), 'workflow-phone-diagram');

    // English with the language switch.
    await page.locator('#lang').click();
    await expect.poll(async () => (await currentStep(page)).text).toBe(workflowStates.AwaitCouncil!.name.en);
    expect(await page.locator('#diagram .diagram-legend').textContent()).toContain('Current step');
    await shotOf(page.locator('#diagram'), 'workflow-phone-diagram-en');
    await context.close();
  });
});
