import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '#local/api-client';
import { as, baseUrl, draftDossier, executionArn, runSchedule, sfn, type DossierView } from './support.ts';

/**
 * A soak in the manner of issue 22 item 8, kept short: dossiers driven through the API by a client that retries
 * what the API says to retry, while random faults are armed at DynamoDB, Step Functions, SES, S3 and the
 * workflow's functions. Before recovery the integrity check must name every dossier that is neither ended
 * nor waiting with its task open; after the sweep and the redrives every dossier ends or waits with its task
 * open, and the check names none of them.
 */
const DOSSIERS = 12;
const FAULT_PHASE_MS = 10_000;
const terminal = ['Awarded', 'NotApproved', 'Returned', 'Withdrawn'];
const stepOfStatus: Record<string, string> = { SupplementRequested: 'supplement', UnderAppraisal: 'appraisal', AwaitingCouncil: 'council', AwaitingDecision: 'chairDecision' };
const faultMenu = [
  { service: 'dynamodb', operation: 'TransactWriteItems' },
  { service: 'dynamodb', operation: 'BatchGetItem' },
  { service: 'dynamodb', operation: 'PutItem' },
  { service: 'dynamodb', operation: 'Query' },
  { service: 'sfn', operation: 'SendTaskSuccess' },
  { service: 'sfn', operation: 'StartExecution' },
  { service: 'ses', operation: 'SendEmail' },
  { service: 's3', operation: 'PutObject' },
  { service: 'lambda', operation: 'register-task' },
  { service: 'lambda', operation: 'check-completeness' },
  { service: 'lambda', operation: 'record-decision' },
  { service: 'lambda', operation: 'escalate-task' },
];

interface Integrity { disagreements: { dossierId: string; code: string; execution?: { status: string } }[]; stuck: { dossierId: string }[] }

/** What a client does with the API's answers: 5xx means "try again shortly"; 202 means recorded. */
async function retrying(call: () => Promise<{ status: number }>): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    status = (await call()).status;
    if (status < 500) return status;
    await new Promise((r) => setTimeout(r, 200 + attempt * 150));
  }
  return status;
}

async function openTask(client: ApiClient, id: string, step: string, until: number): Promise<boolean> {
  while (Date.now() < until) {
    const view = await client.get<DossierView>(`/api/dossiers/${id}`);
    if (view.status === 200 && view.body.tasks.some((t) => t.step === step && t.state === 'PENDING')) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Ended, or waiting in its status's step with that task open and its execution running. */
async function settled(client: ApiClient, id: string): Promise<boolean> {
  const view = await client.get<DossierView>(`/api/dossiers/${id}`);
  if (view.status !== 200) return false;
  const { status } = view.body.dossier;
  if (terminal.includes(status)) return true;
  const step = stepOfStatus[status];
  if (!step || !view.body.tasks.some((t) => t.step === step && t.state === 'PENDING')) return false;
  const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(id) })).catch(() => undefined);
  return execution?.status === 'RUNNING';
}

describe('a soak under random faults', () => {
  it('leaves every dossier ended or waiting with its task open once the sweep and redrives have run, and the integrity check saw every one that was not', async () => {
    // Prepare: drafts (before any fault)
    const [unit, officer, chair, head] = await Promise.all([as('unit-a-officer'), as('officer'), as('chair'), as('secretariat-head')]);
    const ids: string[] = [];
    for (let i = 0; i < DOSSIERS; i += 4) {
      ids.push(...(await Promise.all([0, 1, 2, 3].map(() => draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat')))).map((d) => d.id));
    }

    // One dossier certain to be left behind whatever the random faults do: its appraisal's hand-off fails on
    // every attempt the SDK makes (202, recorded), so the soak always has something to see and to recover.
    const certain = (await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat')).id;
    expect((await unit.post(`/api/dossiers/${certain}/submit`)).status).toBe(202);
    await officer.waitForTask(certain, 'appraisal', 'UnderAppraisal');
    await fetch(`${baseUrl}/_local/faults`, { method: 'POST', body: JSON.stringify({ service: 'sfn', operation: 'SendTaskSuccess', count: 3 }) });
    expect((await officer.post(`/api/dossiers/${certain}/tasks/appraisal/complete`, { result: 'eligible' })).status).toBe(202);
    await fetch(`${baseUrl}/_local/faults`, { method: 'DELETE' });
    ids.push(certain);

    // Act 1: drive every dossier while faults are armed at random
    const until = Date.now() + FAULT_PHASE_MS;
    let armed = 0;
    const faults = (async () => {
      while (Date.now() < until) {
        const pick = faultMenu[Math.floor(Math.random() * faultMenu.length)];
        const res = await fetch(`${baseUrl}/_local/faults`, { method: 'POST', body: JSON.stringify({ ...pick, count: 1 + Math.floor(Math.random() * 25) }) });
        if (res.status === 201) armed += 1;
        await new Promise((r) => setTimeout(r, 400));
      }
    })();
    const drive = async (id: string, i: number) => {
      if (id === certain) return;
      if ((await retrying(() => unit.post(`/api/dossiers/${id}/submit`))) >= 500) return;
      if (!(await openTask(officer, id, 'appraisal', until))) return;
      if ((await retrying(() => officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' }))) >= 500) return;
      if (!(await openTask(chair, id, 'chairDecision', until))) return;
      const decision = i % 2 === 0 ? { decision: 'approve', decisionNumber: `${7000 + i}/QĐ-UBND`, decisionDate: '2026-12-15' } : { decision: 'reject', reason: 'Chưa đủ thành tích' };
      await retrying(() => chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, decision));
    };
    await Promise.all([faults, ...ids.map(drive)]);
    await fetch(`${baseUrl}/_local/faults`, { method: 'DELETE' });
    await new Promise((r) => setTimeout(r, 5000)); // most of the workflow's own retries (1 s, 2 s, 4 s) run out

    // Act 2: what the integrity check sees before any recovery, against what each dossier shows
    const notSettledBefore = new Set<string>();
    for (const id of ids) if (!(await settled(head, id))) notSettledBefore.add(id);
    const before = await head.get<Integrity>('/api/integrity?settleSeconds=0');
    const stillNotSettled = [];
    for (const id of notSettledBefore) if (!(await settled(head, id))) stillNotSettled.push(id);
    const reported = new Set([...before.body.disagreements.map((d) => d.dossierId), ...before.body.stuck.map((s) => s.dossierId)]);

    // Act 3: recovery — the sweep (answers owed, executions never started) and a redrive of each failed execution
    for (let round = 0; round < 3; round += 1) {
      await runSchedule(/sweep/i, { asOf: new Date(Date.now() + 5 * 60_000).toISOString() });
      const seen = await head.get<Integrity>('/api/integrity?settleSeconds=0');
      const failed = new Set(seen.body.disagreements.filter((d) => ids.includes(d.dossierId) && d.code === 'EXECUTION_FAILED').map((d) => d.dossierId));
      for (const id of failed) expect((await head.post(`/api/dossiers/${id}/redrive`)).status).toBe(202);
      await new Promise((r) => setTimeout(r, 1500));
    }
    const after: string[] = [];
    for (const id of ids) if (!(await settled(head, id))) after.push(id);
    const finalCheck = await head.get<Integrity>('/api/integrity?settleSeconds=0');

    // Assess
    expect(armed).toBeGreaterThan(10);
    expect(notSettledBefore.has(certain)).toBe(true);
    expect(reported.has(certain)).toBe(true);
    expect(stillNotSettled.filter((id) => !reported.has(id))).toEqual([]);
    expect(after).toEqual([]);
    expect(finalCheck.body.disagreements.filter((d) => ids.includes(d.dossierId))).toEqual([]);
    expect(finalCheck.body.stuck.filter((s) => ids.includes(s.dossierId))).toEqual([]);
    console.info(`soak: ${ids.length} dossiers, ${armed} faults armed, ${notSettledBefore.size} needed recovery (${[...notSettledBefore].filter((id) => reported.has(id)).length} reported)`);
  }, 120_000);
});
