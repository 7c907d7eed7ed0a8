import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import type { Browser } from 'playwright-core';
import { closeContexts, launchBrowser, shot, signedIn } from './browser.ts';
import { ApiClient } from '#local/api-client';
import { samplePdf } from '#local/sample-pdf';
import { findAwardForm } from '#domain/catalogue';
import { as, baseUrl, emailsAbout, eventually, runSchedule } from './support.ts';

/** Issue 28, parts 1 and 2: mail that does not arrive, and the scheduled runs' heartbeats. Years 2060–2061. */

interface MailDelivery { failing: boolean; lastKind: string; lastDetail: string; reports: number; skipped?: number; lastSkippedSubject?: string }
interface Person { username: string; email: string; mailDelivery?: MailDelivery }

/** SES event publishing's bounce as SNS carries it (the configuration set's event destination). */
const bounceEvent = (address: string, bounceType: 'Permanent' | 'Transient', bounceSubType = bounceType === 'Permanent' ? 'General' : 'MailboxFull') => ({
  eventType: 'Bounce',
  bounce: { bounceType, bounceSubType, bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1' }], timestamp: new Date().toISOString(), feedbackId: randomUUID() },
  mail: { timestamp: new Date().toISOString(), source: 'no-reply@thiduakhenthuong.example.gov.vn', messageId: randomUUID(), destination: [address] },
});

/** Publishes to the SES feedback topic as SNS would: the local runtime invokes its subscribers from the template. */
async function publishFeedback(message: unknown): Promise<number> {
  const topics = ((await (await fetch(`${baseUrl}/_local/topics`)).json()) as { topics: string[] }).topics;
  const topic = topics.find((t) => /Feedback/.test(t));
  expect(topic, `a feedback topic among ${topics.join(', ')}`).toBeDefined();
  const res = await fetch(`${baseUrl}/_local/topics/${encodeURIComponent(topic!)}/publish`, { method: 'POST', body: JSON.stringify({ message }) });
  return res.status;
}

async function newPerson(roles: string[], unitId?: string): Promise<Person> {
  const admin = await as('admin');
  const username = `mail-${randomUUID().slice(0, 8)}`;
  const created = await admin.post<{ person: Person }>('/api/people', { username, name: 'Lương Văn Thư', email: `${username}@hdtdkt.example.gov.vn`, roles, ...(unitId ? { unitId } : {}) });
  expect(created.status).toBe(201);
  return created.body.person;
}

const personOf = async (username: string) => (await (await as('admin')).get<{ person: Person }>(`/api/people/${username}`)).body.person;

describe('mail that does not arrive', () => {
  it("records a permanent bounce of a council member's address against them, and shows it to the administrator (API and people list)", async () => {
    // Prepare
    const member = await newPerson(['councilMember']);
    expect((await personOf(member.username)).mailDelivery).toBeUndefined();
    // Act: SES reports the address (in another case) as bouncing for good
    expect(await publishFeedback(bounceEvent(member.email.toUpperCase(), 'Permanent'))).toBe(200);
    // Assess
    const person = await personOf(member.username);
    expect(person.mailDelivery).toMatchObject({ failing: true, lastKind: 'bounce', lastDetail: 'Permanent/General', reports: 1 });
    const listed = (await (await as('admin')).get<{ people: Person[] }>('/api/people')).body.people.find((p) => p.username === member.username);
    expect(listed?.mailDelivery?.failing).toBe(true);
    // Only an administrator sees it: the people routes stay admin-only.
    expect((await (await as('secretariat-head')).get(`/api/people/${member.username}`)).status).toBe(403);
  });

  it('a transient bounce is counted but does not stop mail, and does not undo an earlier permanent one; a complaint stops mail', async () => {
    // Prepare
    const [a, b] = [await newPerson(['councilMember']), await newPerson(['councilMember'])];
    // Act
    await publishFeedback(bounceEvent(a.email, 'Transient'));
    await publishFeedback(bounceEvent(b.email, 'Permanent'));
    await publishFeedback(bounceEvent(b.email, 'Transient'));
    // Assess
    expect((await personOf(a.username)).mailDelivery).toMatchObject({ failing: false, lastDetail: 'Transient/MailboxFull', reports: 1 });
    expect((await personOf(b.username)).mailDelivery).toMatchObject({ failing: true, lastDetail: 'Transient/MailboxFull', reports: 2 });
    // Act: a complaint (event publishing's Complaint) for the first
    await publishFeedback({ eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: a.email }], complaintFeedbackType: 'abuse', timestamp: new Date().toISOString() }, mail: { destination: [a.email] } });
    expect((await personOf(a.username)).mailDelivery).toMatchObject({ failing: true, lastKind: 'complaint', lastDetail: 'abuse', reports: 2 });
    // A message that is no bounce or complaint (a delivery) records nothing.
    const c = await newPerson(['councilMember']);
    await publishFeedback({ eventType: 'Delivery', delivery: { recipients: [c.email] }, mail: { destination: [c.email] } });
    expect((await personOf(c.username)).mailDelivery).toBeUndefined();
  });

  it('the next mail to a failing address is not sent but recorded against it; the others still get theirs and the step waits in the inbox', async () => {
    // Prepare: a unit officer whose address bounced for good
    const person = await newPerson(['unitOfficer'], 'so-y-te');
    await publishFeedback(bounceEvent(person.email, 'Permanent'));
    const token = ((await (await fetch(`${baseUrl}/_local/token`, { method: 'POST', body: JSON.stringify({ userId: person.username }) })).json()) as { token: string }).token;
    const unit = new ApiClient(baseUrl, token);
    const title = `Hồ sơ thư bị trả lại ${randomUUID().slice(0, 6)}`;
    const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', { awardCode: 'bangKhenChuTichTinh', kind: 'regular', year: 2060, title, nominees: [{ name: 'Phòng Nghiệp vụ Y', recipientType: 'collective' }] });
    expect(created.status).toBe(201);
    const id = created.body.dossier.id;
    for (const kind of findAwardForm('bangKhenChuTichTinh').requiredDocuments) {
      expect((await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`))).verified?.status).toBe(200);
    }
    // Act
    expect((await unit.post(`/api/dossiers/${id}/submit`, {})).status).toBe(202);
    const officer = await as('officer');
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    // the officer asks for a supplement: a mail to the unit's failing address
    expect((await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'supplement', missingDocuments: ['reviewMinutes'], reason: 'Biên bản chưa có chữ ký' })).status).toBe(200);
    // Assess: the Ban's mailbox is told of the submission; the unit's failing address gets nothing
    const sent = await eventually(async () => {
      const mails = await emailsAbout(title);
      return mails.some((m) => m.subject.includes(title) && m.to.includes('ban-tdkt@thiduakhenthuong.example.gov.vn')) && mails;
    }, 'the submission mail to the Ban');
    expect(sent.flatMap((m) => m.to)).not.toContain(person.email);
    const delivery = await eventually(async () => {
      const d = (await personOf(person.username)).mailDelivery;
      return (d?.skipped ?? 0) >= 1 && d; // the supplement request: not sent
    }, 'the skipped mail recorded');
    expect(delivery.lastSkippedSubject).toContain(title);
    // The step is where the unit works, mail or no mail.
    await unit.waitForTask(id, 'supplement', 'SupplementRequested');
    const inbox = await unit.get<{ tasks: { dossierId: string; step: string }[] }>('/api/tasks');
    expect(inbox.body.tasks.some((t) => t.dossierId === id && t.step === 'supplement')).toBe(true);
  });
});

describe("whose mail fails, on the administrator's people pages in a real browser", () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await closeContexts(browser);
  });

  it("the people list marks the council member whose address bounced, and their page says what SES reported and that mail to it is stopped", async () => {
    // Prepare
    const member = await newPerson(['councilMember']);
    await publishFeedback(bounceEvent(member.email, 'Permanent'));
    browser = await launchBrowser();
    const { context, page } = await signedIn(browser, 'admin');
    // Act
    await page.goto(`${baseUrl}/#/people`);
    const row = page.locator(`#people tbody tr[data-person="${member.username}"]`);
    await row.waitFor();
    // Assess
    expect(await row.locator('[data-mail="failing"]').textContent()).toBe('Thư không đến được');
    await page.goto(`${baseUrl}/#/people/${member.username}`);
    const note = page.locator('#person-mail');
    await note.waitFor();
    const text = (await note.textContent()) ?? '';
    expect(text).toContain('thư bị trả lại');
    expect(text).toContain('Permanent/General');
    expect(text).toContain('không gửi thư tới địa chỉ này nữa');
    expect(text).toMatch(/ngày \d{2}\/\d{2}\/\d{4}/);
    await shot(page, 'person-mail-failing');
    await context.close();
  });
});

describe('scheduled runs report that they ran', () => {
  const logFile = path.join(runtime.stateDir, 'logs', 'functions.log');
  /** The EMF records (Powertools Metrics) in the functions' log, as CloudWatch would read them from stdout. */
  const emfRecords = () =>
    (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '')
      .split('\n')
      .map((line) => line.slice(line.indexOf(' ') + 1))
      .filter((json) => json.startsWith('{') && json.includes('"_aws"'))
      .map((json) => JSON.parse(json) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } });

  it('the daily sweep and the year-end job each emit a Heartbeat metric (namespace ThiDuaKhenThuong, dimension service) when they run', async () => {
    // Prepare
    const before = emfRecords().length;
    // Act
    const sweep = await runSchedule<{ yearEndMissed: number }>(/sweep/i, {});
    const yearEnd = await runSchedule(/YearEnd/, { year: 2060 });
    // Assess
    expect(sweep.status).toBe(200);
    expect(yearEnd.status).toBe(200);
    // Early December: the year-end job is not due yet, so nothing is missed.
    expect(sweep.result.yearEndMissed).toBe(0);
    const beats = await eventually(async () => {
      const found = emfRecords().slice(before).filter((r) => r.Heartbeat === 1);
      return found.length >= 2 && found;
    }, 'two heartbeats in the functions log');
    expect(beats.map((r) => r.service).sort()).toEqual(['aggregate-year-end', 'sweep-deadlines']);
    for (const r of beats) {
      const [directive] = r._aws.CloudWatchMetrics;
      expect(directive?.Namespace).toBe('ThiDuaKhenThuong');
      expect(directive?.Dimensions).toEqual([['service']]);
      expect(directive?.Metrics.map((m) => m.Name)).toContain('Heartbeat');
    }
  });
});
