import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findAwardForm } from '#domain/catalogue';
import { freePort } from '#local/emulators/support';
import { ApiClient } from '#local/api-client';
import { samplePdf } from '#local/sample-pdf';
import { killHard, start, started } from './runtime-process.ts';

interface View { dossier: { status: string; proposal?: { number: string }; nominees: { outcome?: string }[] } }

// Starts and stops local runtimes of its own (a JVM and emulators each): minutes on a busy 2-core machine, not seconds.
describe('a proposal forwarded upward across a restart', { timeout: 300_000 }, () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'award-upward-'));
  afterAll(async () => {
    await Promise.all([...started].map(killHard));
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps the dossier ForwardedUpward with its proposal after a kill -9, and its central answer is recorded afterwards', async () => {
    // Prepare: a Bằng khen Thủ tướng proposal (year 2054) through appraisal, the demo council's open vote and the chair
    const port = await freePort();
    const first = await start(port, stateDir);
    const baseUrl = `http://localhost:${port}`;
    const as = (user: string) => ApiClient.signIn(baseUrl, user);
    const unit = await as('unit-a-officer');
    const officer = await as('officer');
    const awardCode = 'bangKhenThuTuong';
    const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', { awardCode, kind: 'regular', year: 2054, title: 'Đề nghị Bằng khen của Thủ tướng Chính phủ cho bà Đinh Thị Bền', nominees: [{ name: 'Đinh Thị Bền', recipientType: 'individual', category: 'directWorker', gender: 'female', birthYear: 1979 }] });
    expect(created.status).toBe(201);
    const id = created.body.dossier.id;
    for (const kind of findAwardForm(awardCode).requiredDocuments) await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
    expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
    await officer.waitForTask(id, 'council', 'AwaitingCouncil');
    const secretary = await as('council-secretary');
    const session = await secretary.post<{ session: { id: string } }>('/api/council-sessions', { title: 'Phiên họp xét đề nghị khen thưởng cấp Nhà nước', date: '2026-12-10', dossierIds: [id] });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    // A member who represents the proposing unit is recused automatically (409): the others' votes carry it.
    const votes = [];
    for (const member of ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7', 'chair']) {
      votes.push((await (await as(member)).post(`/api/council-sessions/${session.body.session.id}/ballots`, { dossierId: id, choice: 'agree' })).status);
    }
    expect(votes.filter((v) => v === 201).length).toBeGreaterThanOrEqual(6);
    const closed = await secretary.post<{ results: { passed: boolean }[] }>(`/api/council-sessions/${session.body.session.id}/close`);
    expect([closed.status, closed.body.results[0]?.passed]).toEqual([200, true]);
    const chair = await as('chair');
    await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');
    expect((await chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '5/TTr-UBND', decisionDate: '2026-12-15' })).status).toBe(200);
    await officer.waitForStatus(id, 'ForwardedUpward');

    // Act: kill everything while the proposal waits for Hà Nội, start again on the same state
    await killHard(first.child);
    const second = await start(port, stateDir);
    expect(second.output).toMatch(/\(resumed\)/);

    // Assess: still forwarded with its proposal, its tờ trình downloadable, in the queue, and the integrity check clean
    const officerAgain = await as('officer');
    const view = (await officerAgain.get<View>(`/api/dossiers/${id}`)).body;
    expect(view.dossier.status).toBe('ForwardedUpward');
    expect(view.dossier.proposal?.number).toBe('5/TTr-UBND');
    expect((await officerAgain.get(`/api/dossiers/${id}/decision-documents/proposal-pdf`)).status).toBe(200);
    const queue = await officerAgain.get<{ proposals: { id: string }[] }>('/api/upward-proposals');
    expect(queue.body.proposals.map((p) => p.id)).toContain(id);
    const integrity = await (await as('secretariat-head')).get<{ stuck: { dossierId: string }[]; disagreements: { dossierId: string }[] }>('/api/integrity?settleSeconds=0');
    expect(integrity.body.stuck.filter((s) => s.dossierId === id)).toEqual([]);
    expect(integrity.body.disagreements.filter((s) => s.dossierId === id)).toEqual([]);
    // and the central answer is recorded on the restarted runtime, closing the dossier
    const answered = await officerAgain.post<View>(`/api/dossiers/${id}/central-outcomes`, { nomineeIndex: 0, awarded: true, decisionNumber: '88/QĐ-TTg', decisionDate: '2027-01-20', issuingBody: 'Thủ tướng Chính phủ' });
    expect([answered.status, answered.body.dossier.status, answered.body.dossier.nominees[0]?.outcome]).toEqual([200, 'Awarded', 'awarded']);
  });
});
