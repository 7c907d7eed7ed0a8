import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import { runtime } from './runtime.ts';
import { ApiClient } from '#local/api-client';
import { samplePdf } from '#local/sample-pdf';
import { findAwardForm } from '#domain/catalogue';
import { mailRules, type Recipient } from '#domain/notifications';

export const baseUrl = runtime.baseUrl;
const endpoints = runtime.endpoints;
const stateMachineArn = runtime.stateMachineArn;

export const sfn = new SFNClient({ endpoint: endpoints.sfn, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/**
 * Runs a schedule of the synthesized template now (`POST /_local/schedules/<name>/run`), as EventBridge Scheduler
 * would, with this input; `which` picks it by its name (e.g. /sweep/i, /YearEnd/). Answers the status and the
 * function's result.
 */
export async function runSchedule<T = Record<string, unknown>>(which: RegExp, input: unknown): Promise<{ status: number; result: T }> {
  const name = runtime.schedules.find((s) => which.test(s));
  if (!name) throw new Error(`no schedule matches ${which} among ${runtime.schedules.join(', ')}`);
  const res = await fetch(`${baseUrl}/_local/schedules/${encodeURIComponent(name)}/run`, { method: 'POST', body: JSON.stringify(input) });
  return { status: res.status, result: ((await res.json()) as { result: T }).result };
}

const clients = new Map<string, ApiClient>();
/** A signed-in demo user, by username (tokens from the local issuer, verified by the gateway like the Cognito authorizer). */
export async function as(username: string): Promise<ApiClient> {
  const existing = clients.get(username);
  if (existing) return existing;
  const client = await ApiClient.signIn(baseUrl, username);
  clients.set(username, client);
  return client;
}


export interface DossierView {
  dossier: { id: string; status: string; version: number; decision?: { number: string; date: string }; missingDocuments?: string[]; outcomeReason?: string; unitId: string; nominees: { name: string; outcome?: string; outcomeStage?: string; outcomeReason?: string; tally?: Record<string, unknown> }[] };
  documents: { documentId: string; kind: string; state: string }[];
  tasks: { step: string; state: string; dueAt: string; token?: unknown }[];
  events: { seq: number; action: string; fromStatus?: string; toStatus?: string; prevHash: string; hash: string; actor: { userId: string }; details?: Record<string, unknown> }[];
}

let counter = 0;
/** Creates a draft of the given award form for a unit officer, uploading the listed documents (default: all required). */
export async function draftDossier(unitUser: string, awardCode: string, kinds?: readonly string[], year = 2026) {
  const unit = await as(unitUser);
  counter += 1;
  const title = `Hồ sơ thử nghiệm ${counter}-${Date.now().toString(36)} (${awardCode})`;
  const recipientType = findAwardForm(awardCode).recipientTypes[0];
  const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', {
    awardCode,
    kind: awardCode.endsWith('DotXuat') ? 'adHoc' : 'regular',
    year,
    title,
    nominees: [recipientType === 'individual'
      ? { name: `Nguyễn Văn Thử ${counter}`, recipientType, category: 'directWorker', gender: 'male' }
      : { name: `Tập thể thử ${counter}`, recipientType }],
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.dossier.id;
  for (const kind of kinds ?? findAwardForm(awardCode).requiredDocuments) {
    const result = await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
    if (result.uploadStatus >= 300 || result.verified?.status !== 200) throw new Error(`upload of ${kind} failed: ${result.uploadStatus} ${JSON.stringify(result.verified?.body)}`);
  }
  return { id, title };
}

export function executionArn(dossierId: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${dossierId}`;
}

/** Waits for the dossier's execution to end; returns its status and the names of the states it entered. */
export async function finishedExecution(dossierId: string, timeoutMs = 20_000) {
  const arn = executionArn(dossierId);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    if (described.status !== 'RUNNING') {
      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }));
      const entered = (history.events ?? []).filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);
      return { status: described.status, entered, events: history.events ?? [] };
    }
    if (Date.now() > deadline) throw new Error(`execution ${arn} still RUNNING after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface CapturedEmail {
  to: string[];
  subject: string;
  text?: string;
  html?: string;
}
/**
 * Emails the local SES captured that mention the dossier's title: a dossier's own mails name it in the subject,
 * a daily digest lists it in its text.
 */
export async function emailsAbout(title: string): Promise<CapturedEmail[]> {
  const res = await fetch(`${baseUrl}/_local/emails`);
  const { emails } = (await res.json()) as { emails: CapturedEmail[] };
  return emails.filter((e) => e.subject.includes(title) || (isDigest(e) && (e.text ?? '').includes(`"${title}"`)));
}

/** Whether the mail is the one the mail policy sends for this event (to this recipient), by its subject's lead. */
export function isMailOf(email: Pick<CapturedEmail, 'subject'>, action: string, to?: Recipient): boolean {
  return (mailRules[action] ?? []).some((r) => (to === undefined || r.to === to) && email.subject.startsWith(`${r.lead.vi}`) && /: /.test(email.subject));
}

/** Whether the mail is a daily digest of the sweep (mail-digest.ts). */
export function isDigest(email: Pick<CapturedEmail, 'subject'>): boolean {
  return email.subject.startsWith('Tổng hợp hồ sơ cần xử lý ngày ');
}

export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** A fault armed at the local runtime's boundaries (local/faults.ts): fail, or hold calls `delayMs` then pass them. */
export interface Fault {
  service: string;
  operation: string;
  count: number;
  delayMs?: number;
  status?: number;
  errorType?: string;
}

export async function armFault(fault: Fault): Promise<void> {
  expect((await fetch(`${baseUrl}/_local/faults`, { method: 'POST', body: JSON.stringify(fault) })).status).toBe(201);
}

export async function disarmFaults(): Promise<void> {
  await fetch(`${baseUrl}/_local/faults`, { method: 'DELETE' });
}

/** Resolves once an armed delay on `operation` has been taken: the request it holds is then known to be in flight. */
export const faultDelayTaken = (operation: string) =>
  eventually(async () => {
    const { armed } = (await (await fetch(`${baseUrl}/_local/faults`)).json()) as { armed: Fault[] };
    return !armed.some((f) => f.operation === operation && f.delayMs !== undefined && f.count > 0);
  }, `the ${operation} delay to be taken`);

/** A fresh dossier of `unitUser` driven through submission and an eligible appraisal to the council's wait. */
export async function awaitingCouncil(unitUser = 'unit-b-officer', awardCode = 'coThiDuaTinh'): Promise<string> {
  const { id } = await draftDossier(unitUser, awardCode);
  const officer = await as('officer');
  await (await as(unitUser)).post(`/api/dossiers/${id}/submit`);
  await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
  await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
  await officer.waitForTask(id, 'council', 'AwaitingCouncil');
  return id;
}

export type ErrorBody = { error: { code: string; field?: string; message: { vi: string; en: string } } };

/**
 * The council secretary opens a session over these dossiers: its electorate is the roster in force on `date`
 * (the demo roster, 2020–2039: the chair and member-1..member-7), less those marked absent.
 */
export async function openSession(dossierIds: readonly string[], options: { date?: string; title?: string; absent?: readonly string[] } = {}) {
  counter += 1;
  return (await as('council-secretary')).post<{ session: { id: string; memberIds: string[]; absentMemberIds: string[]; rosterId: string; recusals: Record<string, { memberId: string; automatic: boolean }[]> } } & ErrorBody>(
    '/api/council-sessions',
    {
      title: options.title ?? `Phiên họp thử ${counter}-${Date.now().toString(36)}`,
      date: options.date ?? '2026-12-10',
      dossierIds,
      ...(options.absent ? { absentUsernames: options.absent } : {}),
    },
  );
}

/** A person's id in every record (the token's `sub`), from the directory: never assumed to be the username. */
export async function userIdOf(username: string): Promise<string> {
  const res = await (await as('admin')).get<{ person: { userId: string } }>(`/api/people/${username}`);
  if (res.status !== 200) throw new Error(`no person ${username}: ${res.status}`);
  return res.body.person.userId;
}

/**
 * A council of a test's own: `count` new people with the council member role (the first in the chair) on a
 * roster for the whole of `year`, the council secretary keeping its minutes. Each file takes years no other
 * file takes (the demo roster holds 2020–2039), so tests stay independent of each other and of their order.
 */
export async function ownCouncil(year: number, count: number): Promise<{ usernames: string[]; userIds: string[]; rosterId: string }> {
  const admin = await as('admin');
  const run = Math.random().toString(36).slice(2, 10);
  const usernames = Array.from({ length: count }, (_, i) => `hd-${run}-${i + 1}`);
  for (const [i, username] of usernames.entries()) {
    const res = await admin.post('/api/people', { username, name: `Ủy viên thử ${run} số ${i + 1}`, email: `${username}@hdtdkt.example.gov.vn`, roles: ['councilMember'] });
    if (res.status !== 201) throw new Error(`person ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const created = await admin.post<{ roster: { rosterId: string; seats: { username: string; userId: string }[] } }>('/api/council-rosters', {
    title: `Hội đồng thử năm ${year} (${run})`,
    validFrom: `${year}-01-01`,
    validTo: `${year}-12-31`,
    seats: [
      ...usernames.map((username, i) => ({ username, seat: i === 0 ? 'chair' : 'member', position: i === 0 ? 'Chủ tịch Hội đồng' : 'Ủy viên' })),
      { username: 'council-secretary', seat: 'secretary', position: 'Thư ký Hội đồng' },
    ],
  });
  if (created.status !== 201) throw new Error(`roster ${year}: ${created.status} ${JSON.stringify(created.body)}`);
  const userIds = usernames.map((u) => created.body.roster.seats.find((s) => s.username === u)?.userId ?? '');
  return { usernames, userIds, rosterId: created.body.roster.rosterId };
}

/** Runs `make` once, the first time a test of the file asks for it (so any test may run alone). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
