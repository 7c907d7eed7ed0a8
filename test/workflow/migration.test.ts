import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '#local/api-client';
import { freePort } from '#local/emulators/support';
import { samplePdf } from '#local/sample-pdf';
import { killHard, start, started } from './runtime-process.ts';
import type { DossierView } from './support.ts';

/**
 * The `.local/` state of the version before nominees had their own outcomes (commit a8bd9b1, made by
 * test/fixtures/migration/make-fixture.ts): one ad hoc Bằng khen awarded whole to two nominees, one rejected by
 * the chair, a Cờ thi đua passed by a council session of that version (tallied per dossier) and waiting for the
 * chair, and the seeded dossiers waiting at appraisal, the council and a supplement. Today's code starts on it.
 */
const fixture = path.resolve('test/fixtures/migration/local-state-a8bd9b1.tar.gz');
const ids = { awarded: 'd-e1f5223a-81f8-43dc-9786-d65cfb1031bf', rejected: 'd-c32e8d56-4f10-4773-aa66-24371efec623', passedCouncil: 'd-bd413516-3fa4-410a-a2ba-402e0ce8ca73' };
const members = ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7'];

// Starts and stops local runtimes of its own (a JVM and emulators each): minutes on a busy 2-core machine, not seconds.
describe('a state made by the previous version', { timeout: 300_000 }, () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'award-migration-'));
  afterAll(async () => {
    await Promise.all([...started].map(killHard));
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('is resumed with each old dossier read per nominee, the year-end counters agreeing with a recount, and the waiting dossiers finished by today\'s workflow', async () => {
    // Prepare: unpack the old state and start today's runtime on it
    execFileSync('tar', ['-xzf', fixture, '-C', stateDir]);
    const port = await freePort();
    const runtime = await start(port, stateDir);
    expect(runtime.output).toMatch(/\(resumed\)/);
    const baseUrl = `http://localhost:${port}`;
    const as = (user: string) => ApiClient.signIn(baseUrl, user);
    const officer = await as('officer');
    const chair = await as('chair');

    // Assess: the dossier awarded whole is read as both nominees awarded; the rejected one as none
    const awarded = (await officer.get<DossierView & { dossier: { nominees: { name: string; outcome?: string }[] } }>(`/api/dossiers/${ids.awarded}`)).body;
    expect(awarded.dossier.status).toBe('Awarded');
    const published = (await (await fetch(`${baseUrl}/api/public/awards?year=2026`)).json()) as { awards: { nomineeName: string; dossierId: string }[] };
    expect(published.awards.filter((a) => a.dossierId === ids.awarded).map((a) => a.nomineeName).sort()).toEqual(['Nguyễn Văn Cường', 'Đội cứu hộ xã An Bình']);
    expect(published.awards.some((a) => a.dossierId === ids.rejected)).toBe(false);
    // the year-end report of 2026: the counters the old version kept agree with a recount by today's rules
    const head = await as('secretariat-head');
    const run = await head.post<{ report: { countersMatched: boolean; totals: { closedDossiers: number; awarded: number; awards: number } } }>('/api/reports/2026/run');
    expect(run.status).toBe(201);
    expect(run.body.report.totals).toMatchObject({ closedDossiers: 2, awarded: 1, awards: 2 });
    expect(run.body.report.countersMatched).toBe(true);

    // Act + Assess: the Cờ thi đua passed by the old council goes on to the chair's decision and its documents
    expect((await chair.post(`/api/dossiers/${ids.passedCouncil}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '950/QĐ-UBND', decisionDate: '2026-12-04' })).status).toBe(200);
    const flag = await chair.waitForDossier<DossierView & { dossier: { nominees: { outcome?: string }[] } }>(ids.passedCouncil, (v) => v.dossier.status === 'Awarded', 'Awarded', 60_000);
    expect(flag.dossier.nominees.map((n) => n.outcome)).toEqual(['awarded']);
    // the resumed execution goes on by today's definition: the decision documents follow the decision
    const deadline = Date.now() + 60_000;
    let pdf = await officer.get(`/api/dossiers/${ids.passedCouncil}/decision-documents/pdf`);
    while (pdf.status === 409 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      pdf = await officer.get(`/api/dossiers/${ids.passedCouncil}/decision-documents/pdf`);
    }
    expect(pdf.status).toBe(200);

    // Act + Assess: the dossier the old version left at the council is voted on per nominee, on a roster the
    // administrator sets up first (the old version had none), and decided
    const listed = (await officer.get<{ dossiers: { id: string; status: string; awardCode: string }[] }>('/api/dossiers')).body.dossiers;
    const atCouncil = listed.find((d) => d.status === 'AwaitingCouncil')?.id ?? '';
    const atAppraisal = listed.find((d) => d.status === 'UnderAppraisal')?.id ?? '';
    expect([atCouncil, atAppraisal].every(Boolean)).toBe(true);
    const admin = await as('admin');
    const roster = await admin.post('/api/council-rosters', {
      title: 'Hội đồng Thi đua – Khen thưởng tỉnh nhiệm kỳ 2026', validFrom: '2026-01-01', validTo: '2026-12-31',
      seats: [...members.map((username, i) => ({ username, seat: i === 0 ? 'chair' : 'member', position: 'Ủy viên' })), { username: 'council-secretary', seat: 'secretary', position: 'Thư ký Hội đồng' }],
    });
    expect(roster.status).toBe(201);
    const secretary = await as('council-secretary');
    const session = await secretary.post<{ session: { id: string } }>('/api/council-sessions', { title: 'Phiên họp tháng 12 năm 2026', date: '2026-12-10', dossierIds: [atCouncil] });
    expect(session.status).toBe(201);
    for (const m of members) {
      expect((await (await as(m)).post(`/api/council-sessions/${session.body.session.id}/ballots`, { dossierId: atCouncil, choices: [{ nomineeIndex: 0, choice: 'agree' }] })).status).toBe(201);
    }
    expect((await secretary.post(`/api/council-sessions/${session.body.session.id}/close`)).status).toBe(200);
    await chair.waitForTask(atCouncil, 'chairDecision', 'AwaitingDecision', 60_000);
    // the one at appraisal: today's appraisal form, then the chair
    expect((await officer.post(`/api/dossiers/${atAppraisal}/tasks/appraisal/complete`, { result: 'eligible', note: 'Đủ điều kiện' })).status).toBe(200);
    await officer.waitForDossier(atAppraisal, (v) => v.dossier.status !== 'UnderAppraisal', 'past appraisal', 60_000);
    // a document still uploads into an old dossier waiting for its supplement
    const unitB = await as('unit-b-officer');
    const atSupplement = listed.find((d) => d.status === 'SupplementRequested')?.id ?? '';
    const missing = (await unitB.get<DossierView & { dossier: { missingDocuments?: string[] } }>(`/api/dossiers/${atSupplement}`)).body.dossier.missingDocuments ?? [];
    for (const kind of missing) expect((await unitB.uploadDocument(atSupplement, kind, `${kind}.pdf`, samplePdf(`${atSupplement} ${kind}`))).verified?.status).toBe(200);

    // Assess: every audit chain, old events and new, is intact, and no dossier is stuck
    const integrity = await head.get<{ brokenChains: unknown[]; stuck: unknown[] }>('/api/integrity?settleSeconds=0');
    expect(integrity.body.brokenChains).toEqual([]);
    expect(integrity.body.stuck).toEqual([]);
  }, 300_000);
});
