import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/emulators/support';
import { killHard, start, started } from './runtime-process.ts';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ApiClient } from '#local/api-client';
import type { DossierView } from './support.ts';

/** Each test starts `npm start` twice (each up to 120 s on a loaded machine), so it gets more than the default. */
const startsTwoRuntimes = 300_000;

// Starts and stops local runtimes of its own (a JVM and emulators each): minutes on a busy 2-core machine, not seconds.
describe('crash and resume', { timeout: 300_000 }, () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'award-crash-'));
  let running: ChildProcess | undefined;
  afterAll(async () => {
    if (running) await killHard(running);
    await Promise.all([...started].map(killHard));
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps every waiting dossier at its step after a kill -9, and the workflow goes on from there', async () => {
    // Prepare: a fresh start seeds dossiers waiting for appraisal, the council and a supplement
    const port = await freePort();
    const first = await start(port, stateDir);
    running = first.child;
    expect(first.output).toMatch(/seeded \d+ demo dossiers/);
    const baseUrl = `http://localhost:${port}`;
    const officer = await ApiClient.signIn(baseUrl, 'officer');
    const listed = await officer.get<{ dossiers: { id: string; status: string }[] }>('/api/dossiers');
    const waiting = new Map(listed.body.dossiers.map((d) => [d.id, d.status]));
    expect([...waiting.values()].sort()).toEqual(['AwaitingCouncil', 'SupplementRequested', 'UnderAppraisal']);
    // The appraisal is answered while Step Functions refuses every attempt: recorded (202), its hand-off still owed.
    const [appraisalId] = [...waiting].find(([, s]) => s === 'UnderAppraisal') ?? [];
    await fetch(`${baseUrl}/_local/faults`, { method: 'POST', body: JSON.stringify({ service: 'sfn', operation: 'SendTaskSuccess', count: 3 }) });
    expect((await officer.post(`/api/dossiers/${appraisalId}/tasks/appraisal/complete`, { result: 'eligible' })).status).toBe(202);
    waiting.delete(appraisalId ?? '');

    // Act: kill everything mid-workflow, then start again on the same state
    await killHard(first.child);
    const second = await start(port, stateDir);
    running = second.child;

    // Assess: nothing reseeded, every dossier still waits at the same step with its task open
    expect(second.output).toMatch(/\(resumed\)/);
    const officerAgain = await ApiClient.signIn(baseUrl, 'officer');
    const steps: Record<string, string> = { UnderAppraisal: 'appraisal', AwaitingCouncil: 'council', SupplementRequested: 'supplement' };
    for (const [id, status] of waiting) {
      const view = await officerAgain.get<DossierView>(`/api/dossiers/${id}`);
      expect(view.body.dossier.status).toBe(status);
      expect(view.body.tasks.filter((t) => t.state === 'PENDING').map((t) => t.step)).toEqual([steps[status]]);
    }
    // The resumed wait at appraisal re-registers its task: the answer already given stays given and owed (not
    // reopened), and the same answer sent again reaches the execution, which moves on to the council.
    const answered = await officerAgain.get<{ dossier: { status: string }; tasks: { step: string; state: string; handoffPending?: boolean }[] }>(`/api/dossiers/${appraisalId}`);
    expect(answered.body.dossier.status).toBe('AwaitingCouncil');
    expect(answered.body.tasks.filter((t) => t.step === 'appraisal')).toEqual([expect.objectContaining({ state: 'DONE', handoffPending: true })]);
    expect((await officerAgain.post(`/api/dossiers/${appraisalId}/tasks/appraisal/complete`, { result: 'eligible' })).status).toBe(200);
    await officerAgain.waitForTask(appraisalId ?? '', 'council', 'AwaitingCouncil');
  }, startsTwoRuntimes);

  it('leaves no half-written dossier and no orphaned execution after a kill -9 during a burst of 50 submissions', async () => {
    // Prepare: a second, fresh state
    const burstDir = mkdtempSync(path.join(tmpdir(), 'award-burst-'));
    const port = await freePort();
    try {
      const first = await start(port, burstDir);
      running = first.child;
      const baseUrl = `http://localhost:${port}`;
      const unit = await ApiClient.signIn(baseUrl, 'unit-a-officer');
      // Act: 50 drafts submitted at once (no documents: each ends waiting for a supplement), killed midway.
      // The kill waits for the first few submits to be answered, not for a fixed time: on a slow machine a
      // fixed 1.5 s could end before any dossier existed, and the test would then prove nothing.
      let submitted = 0;
      let killAfterFirstSubmits: () => void = () => {};
      const enoughSubmitted = new Promise<void>((resolve) => { killAfterFirstSubmits = resolve; });
      const burst = Array.from({ length: 50 }, async (_, i) => {
        const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', {
          awardCode: 'bangKhenChuTichTinhDotXuat', kind: 'adHoc', year: 2026, title: `Burst ${i}`, nominees: [{ name: `Người ${i}`, recipientType: 'individual' }],
        });
        if (created.status === 201) await unit.post(`/api/dossiers/${created.body.dossier.id}/submit`);
        if (++submitted >= 5) killAfterFirstSubmits();
      });
      // Requests cut off by the kill fail; that is the point — settle them without unhandled rejections.
      const settled = Promise.allSettled(burst);
      await Promise.race([enoughSubmitted, settled]);
      await killHard(first.child);
      await settled;
      const second = await start(port, burstDir);
      running = second.child;
      const sfnEndpoint = /Step Functions (http:\/\/\S+)/.exec(second.output)?.[1] ?? '';
      // the daily sweep repairs submits whose start was cut off
      const asOf = new Date(Date.now() + 5 * 60_000).toISOString();
      const sweep = await fetch(`${baseUrl}/_local/schedules/${encodeURIComponent(second.output.match(/schedules\/(\S*Sweep\S*)\/run/i)?.[1] ?? 'sweep')}/run`, { method: 'POST', body: JSON.stringify({ asOf }) });
      expect(sweep.status).toBe(200);

      // Assess: every dossier that exists is whole — a draft, or in the workflow waiting for its supplement
      const owner = await ApiClient.signIn(baseUrl, 'unit-a-officer');
      const mine = (await owner.get<{ dossiers: { id: string; status: string; title: string }[] }>('/api/dossiers')).body.dossiers.filter((d) => d.title.startsWith('Burst'));
      expect(mine.length).toBeGreaterThan(0);
      for (const d of mine.filter((x) => x.status !== 'Draft')) await owner.waitForTask(d.id, 'supplement', 'SupplementRequested', 30_000);
      const head = await ApiClient.signIn(baseUrl, 'secretariat-head');
      const integrity = await head.get<{ checked: number; brokenChains: unknown[]; stuck: unknown[] }>('/api/integrity?settleSeconds=0');
      expect(integrity.body.brokenChains).toEqual([]);
      expect(integrity.body.stuck).toEqual([]);
      // and every execution belongs to an existing, submitted dossier (at most one each)
      const sfn = new SFNClient({ endpoint: sfnEndpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      const [machine] = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? [];
      const executions = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine?.stateMachineArn, maxResults: 1000 }))).executions ?? [];
      const officer = await ApiClient.signIn(baseUrl, 'officer');
      const active = (await officer.get<{ dossiers: { id: string }[] }>('/api/dossiers')).body.dossiers.map((d) => d.id);
      const existing = new Set([...active, ...mine.map((d) => d.id)]);
      const names = executions.map((e) => e.name ?? '');
      expect(new Set(names).size).toBe(names.length);
      expect(names.filter((n) => !existing.has(n))).toEqual([]);
      for (const d of mine.filter((x) => x.status !== 'Draft')) expect(names).toContain(d.id);
      sfn.destroy();
    } finally {
      if (running) await killHard(running);
      running = undefined;
      rmSync(burstDir, { recursive: true, force: true });
    }
  }, startsTwoRuntimes);
});
