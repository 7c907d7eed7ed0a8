import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/emulators/support';
import { ApiClient } from '#local/api-client';
import type { DossierView } from './support.ts';

/** `npm start` as a separate process tree, so the test can kill it the hard way. */
function start(port: number, stateDir: string): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    env: { ...process.env, PORT: String(port), LOCAL_STATE_DIR: stateDir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not become ready:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready in [\d.]+ s since/.test(output) && /Ctrl\+C/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
}

/** SIGKILL the whole process group (Node, DynamoDB Local's JVM, the emulators): no clean shutdown at all. */
function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    process.kill(-(child.pid ?? 0), 'SIGKILL');
  });
}

describe('crash and resume', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'award-crash-'));
  let running: ChildProcess | undefined;
  afterAll(async () => {
    if (running?.exitCode === null) await killHard(running);
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
    // and the execution waiting at appraisal takes the officer's answer and moves on to the council
    const [appraisalId] = [...waiting].find(([, s]) => s === 'UnderAppraisal') ?? [];
    const done = await officerAgain.post(`/api/dossiers/${appraisalId}/tasks/appraisal/complete`, { result: 'eligible' });
    expect(done.status).toBe(200);
    await officerAgain.waitForTask(appraisalId ?? '', 'council', 'AwaitingCouncil');
  });
});
