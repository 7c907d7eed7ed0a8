import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import { findAwardForm } from '#domain/catalogue';
import { freePort } from '#local/emulators/support';
import { ApiClient } from '#local/api-client';
import { samplePdf } from '#local/sample-pdf';
import { exportArchive } from '../../scripts/archive/export.ts';
import { openArchive, parseJsonLines } from '../../scripts/archive/format.ts';
import { assertEmpty, importArchive } from '../../scripts/archive/import.ts';
import { closeTarget, localTarget } from '../../scripts/archive/target.ts';
import { start, started, stop } from './runtime-process.ts';
import { as, type DossierView, eventually, runSchedule } from './support.ts';

/**
 * Issue 28 (part 4): a province moves its records to another system through one archive. The source is the
 * shared runtime; the target a fresh `npm start --no-seed` of its own. This file's dossiers are of 2062
 * (closed, in the year-end report) and 2063 (left waiting at each kind of step).
 */
const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'award-archive-'));
const sourceDir = runtime.stateDir;

/** `npm start` with the seed off, as a process of its own (so it can be stopped and started again). */
const startTarget = async (port: number, stateDir: string): Promise<ChildProcess> => (await start(port, stateDir, ['--no-seed'])).child;

const cli = (script: string, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, LOCAL_STATE_DIR: '' } }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );

async function draft(client: ApiClient, awardCode: string, year: number, kinds?: readonly string[]): Promise<{ id: string; title: string }> {
  const title = `Hồ sơ chuyển hệ thống ${year}-${Math.random().toString(36).slice(2, 8)} (${awardCode})`;
  const form = findAwardForm(awardCode);
  const individual = form.recipientTypes[0] === 'individual';
  const created = await client.post<{ dossier: { id: string } }>('/api/dossiers', {
    awardCode,
    kind: awardCode.endsWith('DotXuat') ? 'adHoc' : 'regular',
    year,
    title,
    nominees: [individual ? { name: 'Lê Thị Lưu Trữ', recipientType: 'individual', category: 'directWorker', gender: 'female' } : { name: 'Tập thể Lưu Trữ', recipientType: form.recipientTypes[0] }],
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.dossier.id;
  for (const kind of kinds ?? form.requiredDocuments) await client.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
  return { id, title };
}

/** What must survive the move: status, tasks by step and state, and the audit chain event by event. */
const essentials = (v: DossierView) => ({
  status: v.dossier.status,
  version: v.dossier.version,
  tasks: v.tasks.map((t) => ({ step: t.step, state: t.state, dueAt: t.dueAt })).sort((a, b) => a.step.localeCompare(b.step)),
  events: v.events.map((e) => ({ seq: e.seq, action: e.action, prevHash: e.prevHash, hash: e.hash, actor: e.actor.userId })),
  documents: v.documents.map((d) => ({ id: d.documentId, kind: d.kind, state: d.state })),
});

afterAll(async () => {
  await Promise.all([...started].map(stop));
  rmSync(work, { recursive: true, force: true });
});

// Starts and stops local runtimes of its own (a JVM and emulators each): minutes on a busy 2-core machine, not seconds.
describe('export and import', { timeout: 300_000 }, () => {
  it('moves everything to an empty system: same dossiers, audit chains and year-end report; waiting dossiers go on from their step, also after a restart', async () => {
    // Prepare (source, the shared runtime): 2062 closed — one awarded, one returned — and reported
    const [unitA, unitB, officer, chair, secretary] = await Promise.all([as('unit-a-officer'), as('unit-b-officer'), as('officer'), as('chair'), as('council-secretary')]);
    const awarded = await draft(unitA, 'bangKhenChuTichTinhDotXuat', 2062);
    await unitA.post(`/api/dossiers/${awarded.id}/submit`);
    await officer.waitForTask(awarded.id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${awarded.id}/tasks/appraisal/complete`, { result: 'eligible' });
    await chair.waitForTask(awarded.id, 'chairDecision', 'AwaitingDecision');
    expect((await chair.post(`/api/dossiers/${awarded.id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '62/QĐ-UBND', decisionDate: '2062-03-02' })).status).toBe(200);
    await unitA.waitForStatus(awarded.id, 'Awarded');
    const returned = await draft(unitA, 'bangKhenChuTichTinh', 2062, ['proposalLetter']);
    await unitA.post(`/api/dossiers/${returned.id}/submit`);
    const supplement = await unitA.waitForTask<DossierView>(returned.id, 'supplement', 'SupplementRequested');
    const dueAt = supplement.tasks.find((t) => t.step === 'supplement')?.dueAt ?? '';
    await runSchedule(/sweep/i, { asOf: new Date(Date.parse(dueAt) + 3600_000).toISOString() });
    await unitA.waitForStatus(returned.id, 'Returned');
    // (2062 is in the future, so the report API refuses to show it; the schedule's answer names the version and
    // its folder, reports/2062/v<n>-<content hash>/)
    const report = await runSchedule<{ version: number; created: boolean; prefix: string }>(/YearEnd/, { year: 2062 });
    expect(report.status).toBe(200);
    expect(report.result.prefix).toMatch(/^reports\/2062\/v\d+-/);
    // … and 2063 left waiting at the appraisal, the council and the chair's decision
    const atAppraisal = await draft(unitA, 'bangKhenChuTichTinh', 2063);
    await unitA.post(`/api/dossiers/${atAppraisal.id}/submit`);
    await officer.waitForTask(atAppraisal.id, 'appraisal', 'UnderAppraisal');
    const atCouncil = await draft(unitB, 'coThiDuaTinh', 2063);
    await unitB.post(`/api/dossiers/${atCouncil.id}/submit`);
    await officer.waitForTask(atCouncil.id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${atCouncil.id}/tasks/appraisal/complete`, { result: 'eligible' });
    await secretary.waitForTask(atCouncil.id, 'council', 'AwaitingCouncil');
    const atChair = await draft(unitB, 'bangKhenChuTichTinhDotXuat', 2063);
    await unitB.post(`/api/dossiers/${atChair.id}/submit`);
    await officer.waitForTask(atChair.id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${atChair.id}/tasks/appraisal/complete`, { result: 'eligible' });
    await chair.waitForTask(atChair.id, 'chairDecision', 'AwaitingDecision');
    const ours = [awarded, returned, atAppraisal, atCouncil, atChair];
    const before = new Map<string, ReturnType<typeof essentials>>();
    for (const d of ours) before.set(d.id, essentials((await officer.get<DossierView>(`/api/dossiers/${d.id}`)).body));

    // Act 1: export with the CLI, as a person would
    const archive = path.join(work, 'export.zip');
    const exported = await cli('scripts/export.ts', ['--state-dir', sourceDir, '--out', archive]);
    expect(exported.code, exported.out).toBe(0);
    expect(exported.out).toMatch(/Đã xuất \/ exported \d+ items/);

    // Assess 1: the archive is whole: a manifest with counts and a hash for every file
    const { manifest, files } = openArchive(readFileSync(archive));
    expect(manifest).toMatchObject({ formatVersion: 1, source: { kind: 'local' } });
    expect(Object.keys(manifest.tables).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^StorageRecords/), expect.stringMatching(/^StorageBallots/)]));
    expect(Object.keys(manifest.buckets).sort()).toEqual([expect.stringMatching(/^StorageDocuments/), expect.stringMatching(/^StorageReports/)]);
    expect(Object.keys(manifest.files).length).toBe(files.size);

    // Act 2: a fresh, empty system; a damaged copy is refused before anything is written, then the archive goes in
    const targetDir = path.join(work, 'target');
    const port = await freePort();
    let target = await startTarget(port, targetDir);
    const damaged = unzipSync(readFileSync(archive));
    const someDocument = Object.keys(damaged).find((n) => n.startsWith('buckets/StorageDocuments') && !n.endsWith('.jsonl'))!;
    damaged[someDocument] = strToU8('not the document that was exported');
    writeFileSync(path.join(work, 'damaged.zip'), zipSync(damaged));
    const refused = await cli('scripts/import.ts', [path.join(work, 'damaged.zip'), '--state-dir', targetDir]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/changed buckets\/StorageDocuments/);
    const empty = localTarget(targetDir);
    await expect(assertEmpty(empty)).resolves.toBeUndefined();
    const imported = await cli('scripts/import.ts', [archive, '--state-dir', targetDir]);
    expect(imported.code, imported.out).toBe(0);
    expect(imported.out).toMatch(/waiting dossiers resumed/);
    const again = await cli('scripts/import.ts', [archive, '--state-dir', targetDir]);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/not empty, nothing was imported/);

    // Assess 2: the same dossiers, chains, tasks and documents; the integrity check passes; the 2062 report is
    // the same version with the same hash, and running the year-end again makes no new one
    const baseUrl = `http://localhost:${port}`;
    const there = async (user: string) => ApiClient.signIn(baseUrl, user);
    const officerThere = await there('officer');
    for (const d of ours) expect(essentials((await officerThere.get<DossierView>(`/api/dossiers/${d.id}`)).body)).toEqual(before.get(d.id));
    const integrity = await (await there('admin')).get<{ intact: boolean; brokenChains: unknown[]; checked: number }>('/api/integrity');
    expect(integrity.body).toMatchObject({ intact: true, brokenChains: [] });
    const yearEnd = (await (await fetch(`${baseUrl}/_local/schedules`)).json() as { schedules: string[] }).schedules.find((n) => /YearEnd/.test(n))!;
    const rerun = await fetch(`${baseUrl}/_local/schedules/${encodeURIComponent(yearEnd)}/run`, { method: 'POST', body: JSON.stringify({ year: 2062 }) });
    expect(((await rerun.json()) as { result: unknown }).result).toMatchObject({ created: false, version: report.result.version, prefix: report.result.prefix, countersMatched: true });
    // A second export of the new system holds the same items (but the task tokens of the new executions), objects and accounts
    const targetNow = localTarget(targetDir);
    const second = await exportArchive(targetNow);
    closeTarget(targetNow);
    // DynamoDB gives an item's attributes in no set order: compare items as sorted-key JSON.
    const canonical = (value: unknown): unknown =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]))
        : Array.isArray(value) ? value.map(canonical) : value;
    const withoutTokens = (bytes: Uint8Array) => (parseJsonLines(bytes) as Record<string, { S?: string }>[]).map(({ token: _t, ...item }) => JSON.stringify(canonical(item))).sort();
    const reopened = openArchive(second.bytes);
    for (const [id, t] of Object.entries(manifest.tables)) {
      expect(withoutTokens(reopened.files.get(reopened.manifest.tables[id]!.file)!)).toEqual(withoutTokens(files.get(t.file)!));
    }
    for (const [name, f] of Object.entries(manifest.files)) if (name.startsWith('buckets/') || name === 'users.jsonl') expect(reopened.manifest.files[name], name).toEqual(f);
    // No one is mailed again about what happened before the export
    const mails = (await (await fetch(`${baseUrl}/_local/emails`)).json()) as { emails: unknown[] };
    expect(mails.emails).toEqual([]);

    // Act 3: restart the new system, then finish the waiting dossiers there
    await stop(target);
    target = await startTarget(port, targetDir);
    const [officer2, secretary2, chair2] = await Promise.all([there('officer'), there('council-secretary'), there('chair')]);
    const view = await officer2.get<DossierView>(`/api/dossiers/${atAppraisal.id}`);
    expect(view.body.tasks.filter((t) => t.state === 'PENDING').map((t) => t.step)).toEqual(['appraisal']);
    expect((await officer2.post(`/api/dossiers/${atAppraisal.id}/tasks/appraisal/complete`, { result: 'ineligible', reason: 'Thành tích chưa đủ tiêu chuẩn khen thưởng cấp tỉnh' })).status).toBe(200);
    await officer2.waitForStatus(atAppraisal.id, 'NotApproved');
    expect((await chair2.post(`/api/dossiers/${atChair.id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '63/QĐ-UBND', decisionDate: '2063-03-02' })).status).toBe(200);
    await chair2.waitForStatus(atChair.id, 'Awarded');
    const opened = await secretary2.post<{ session: { id: string } }>('/api/council-sessions', { title: 'Phiên họp sau khi chuyển hệ thống', date: '2026-12-10', dossierIds: [atCouncil.id] });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    for (const member of ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7']) {
      expect((await (await there(member)).post(`/api/council-sessions/${opened.body.session.id}/ballots`, { dossierId: atCouncil.id, choice: 'agree' })).status).toBe(201);
    }
    expect((await secretary2.post(`/api/council-sessions/${opened.body.session.id}/close`)).status).toBe(200);
    await chair2.waitForTask(atCouncil.id, 'chairDecision', 'AwaitingDecision');
    expect((await chair2.post(`/api/dossiers/${atCouncil.id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '64/QĐ-UBND', decisionDate: '2063-03-09' })).status).toBe(200);
    await chair2.waitForStatus(atCouncil.id, 'Awarded');

    // Assess 3: each chain went on from where the archive left it, intact; the new steps were mailed
    for (const d of [atAppraisal, atChair, atCouncil]) {
      const after = essentials((await officer2.get<DossierView>(`/api/dossiers/${d.id}`)).body);
      expect(after.events.slice(0, before.get(d.id)!.events.length)).toEqual(before.get(d.id)!.events);
      expect(after.events.length).toBeGreaterThan(before.get(d.id)!.events.length);
    }
    expect((await (await there('admin')).get<{ intact: boolean }>('/api/integrity')).body).toMatchObject({ intact: true, brokenChains: [] });
    // The stream delivers in order: once the new steps' mails are out, every restored event has been seen, and none was mailed
    const mailed = await eventually(async () => {
      const { emails } = (await (await fetch(`${baseUrl}/_local/emails`)).json()) as { emails: { subject: string }[] };
      return emails.some((e) => e.subject.includes(atCouncil.title)) && emails.some((e) => e.subject.includes(atChair.title)) && emails;
    }, 'the mails of the steps taken after the import', 30_000);
    expect(mailed.filter((e) => e.subject.includes(awarded.title) || e.subject.includes(returned.title))).toEqual([]);
  }, 600_000);

  it('imports the kept fixture archive (format version 1, made by this code from a seeded `npm start`): a change of format must still read it', async () => {
    // Prepare: an empty system
    const fixture = path.join('test', 'fixtures', 'export-v1.zip');
    const { manifest } = openArchive(readFileSync(fixture));
    expect(manifest.formatVersion).toBe(1);
    const targetDir = path.join(work, 'fixture-target');
    const port = await freePort();
    await startTarget(port, targetDir);

    // Act: the same import the CLI runs (the test above runs the CLI), in this process and without the CLI's wait for
    // the next minute (up to 60 s): this test reads no mail, which is all that wait protects.
    const target = localTarget(targetDir);
    try {
      const imported = await importArchive(target, readFileSync(fixture), { noWait: true });

      // Assess: the demo's four dossiers as they were, three of them waiting at their step with a new execution
      expect(imported.resumed).toBe(3);
      const baseUrl = `http://localhost:${port}`;
      const officer = await ApiClient.signIn(baseUrl, 'officer');
      const listed = await officer.get<{ dossiers: { id: string; status: string }[] }>('/api/dossiers');
      expect(listed.body.dossiers.map((d) => d.status).sort()).toEqual(['AwaitingCouncil', 'SupplementRequested', 'UnderAppraisal']);
      const steps: Record<string, string> = { UnderAppraisal: 'appraisal', AwaitingCouncil: 'council', SupplementRequested: 'supplement' };
      for (const d of listed.body.dossiers) {
        const view = await officer.get<DossierView>(`/api/dossiers/${d.id}`);
        expect(view.body.tasks.filter((t) => t.state === 'PENDING').map((t) => t.step)).toEqual([steps[d.status]]);
        const executions = await target.sfn.send(new ListExecutionsCommand({ stateMachineArn: target.stateMachineArn, statusFilter: 'RUNNING' }));
        expect(executions.executions?.map((e) => e.name)).toContain(d.id);
      }
    } finally {
      closeTarget(target);
    }
    const baseUrl = `http://localhost:${port}`;
    expect((await (await ApiClient.signIn(baseUrl, 'admin')).get<{ intact: boolean }>('/api/integrity')).body).toMatchObject({ intact: true, brokenChains: [] });
    // The unit's draft came along too (the officer does not see drafts)
    expect((await (await ApiClient.signIn(baseUrl, 'unit-a-officer')).get<{ dossiers: { status: string }[] }>('/api/dossiers')).body.dossiers.map((d) => d.status)).toContain('Draft');
  }, 300_000);
});
