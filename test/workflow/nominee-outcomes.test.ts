import { describe, expect, it } from 'vitest';
import { samplePdf } from '#local/sample-pdf';
import { docxText, readZip } from '../support/zip-reader.ts';
import { as, baseUrl, emailsAbout, eventually, finishedExecution, isMailOf, openSession } from './support.ts';

type ErrorBody = { error: { code: string; field?: string; message: { vi: string; en: string } } };
interface NomineeView { name: string; outcome?: string; outcomeStage?: string; outcomeReason?: string }
interface View { dossier: { status: string; nominees: NomineeView[] }; overall?: string }

/** An ad-hoc Bằng khen (no council vote) proposing four people, submitted and waiting for appraisal. */
async function fourNominees(): Promise<{ id: string; title: string }> {
  const unit = await as('unit-a-officer');
  const title = `Đề nghị khen đột xuất bốn cá nhân ${Date.now().toString(36)}`;
  const nominees = ['Lê Thị Ánh', 'Phạm Văn Bình', 'Trần Thị Cúc', 'Hoàng Văn Dũng'].map((name) => ({ name, recipientType: 'individual', category: 'directWorker', gender: name.includes('Thị') ? 'female' : 'male' }));
  const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', { awardCode: 'bangKhenChuTichTinhDotXuat', kind: 'adHoc', year: 2026, title, nominees });
  expect(created.status).toBe(201);
  const id = created.body.dossier.id;
  for (const kind of ['proposalLetter', 'achievementSummary']) await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
  await unit.post(`/api/dossiers/${id}/submit`);
  await (await as('officer')).waitForTask(id, 'appraisal', 'UnderAppraisal');
  return { id, title };
}

describe('each nominee has its own outcome', () => {
  it('one nominee ineligible at appraisal, one not awarded by the chair: the two others are awarded, registered and published; the unit is told each outcome', async () => {
    // Prepare
    const { id, title } = await fourNominees();
    const officer = await as('officer');
    const chair = await as('chair');
    // Act: appraisal finds Bình ineligible; the chair does not award Dũng
    const appraised = await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible', ineligibleNominees: [{ nomineeIndex: 1, reason: 'Thành tích không thuộc năm xét' }] });
    await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');
    const decided = await chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '712/QĐ-UBND', decisionDate: '2026-12-15', notAwardedNominees: [{ nomineeIndex: 3, reason: 'Đã được khen cùng thành tích' }] });
    // Assess
    expect([appraised.status, decided.status]).toEqual([200, 200]);
    const view = await officer.waitForStatus<View>(id, 'Awarded');
    expect(view.dossier.nominees.map((n) => [n.name, n.outcome, n.outcomeStage ?? null])).toEqual([
      ['Lê Thị Ánh', 'awarded', 'decision'],
      ['Phạm Văn Bình', 'notAwarded', 'appraisal'],
      ['Trần Thị Cúc', 'awarded', 'decision'],
      ['Hoàng Văn Dũng', 'notAwarded', 'decision'],
    ]);
    expect(view.dossier.nominees[1]!.outcomeReason).toBe('Thành tích không thuộc năm xét');
    expect(view.overall).toBe('partlyAwarded');
    // The register (and the public list) holds the awarded nominees only.
    const published = await eventually(async () => {
      const { awards } = (await fetch(`${baseUrl}/api/public/awards?year=2026`).then((r) => r.json())) as { awards: { dossierId: string; nomineeName: string }[] };
      const ours = awards.filter((a) => a.dossierId === id);
      return ours.length > 0 ? ours : undefined;
    }, 'the published awards');
    expect(published.map((a) => a.nomineeName).sort()).toEqual(['Lê Thị Ánh', 'Trần Thị Cúc']);
    // The unit heard of each outcome: the ineligible nominee at appraisal, everyone at the decision.
    const mails = await eventually(async () => {
      const found = await emailsAbout(title);
      const appraisal = found.find((e) => isMailOf(e, 'appraiseEligibleWithoutVote', 'unit'));
      const decision = found.find((e) => isMailOf(e, 'approve'));
      return appraisal && decision ? { appraisal, decision } : undefined;
    }, 'the appraisal and decision e-mails');
    expect(mails.appraisal.text).toContain('- Phạm Văn Bình: Thành tích không thuộc năm xét');
    expect(mails.decision.text).toMatch(/Được khen thưởng:\n- Lê Thị Ánh\n- Trần Thị Cúc\n\nKhông được khen thưởng:\n- Phạm Văn Bình: Thành tích không thuộc năm xét\n- Hoàng Văn Dũng: Đã được khen cùng thành tích/);
    expect(mails.decision.text).toContain('khen thưởng Lê Thị Ánh, Trần Thị Cúc: Bằng khen');
  });

  it('refuses a refusal naming no nominee, naming one twice, or refusing all of them one by one — naming the field — and changes nothing', async () => {
    const { id } = await fourNominees();
    const officer = await as('officer');
    const cases: [unknown, string][] = [
      [[{ nomineeIndex: 4, reason: 'x' }], 'ineligibleNominees.0.nomineeIndex'],
      [[{ nomineeIndex: 0, reason: 'x' }, { nomineeIndex: 0, reason: 'y' }], 'ineligibleNominees.1.nomineeIndex'],
      [[0, 1, 2, 3].map((nomineeIndex) => ({ nomineeIndex, reason: 'x' })), 'ineligibleNominees'],
      [[{ nomineeIndex: 0 }], 'ineligibleNominees.0.reason'],
    ];
    for (const [ineligibleNominees, field] of cases) {
      const res = await officer.post<ErrorBody>(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible', ineligibleNominees });
      expect({ status: res.status, field: res.body.error?.field }).toEqual({ status: 400, field });
      expect(res.body.error.message.vi).toBeTruthy();
    }
    const view = (await officer.get<View>(`/api/dossiers/${id}`)).body;
    expect(view.dossier.status).toBe('UnderAppraisal');
    expect(view.dossier.nominees.every((n) => n.outcome === undefined)).toBe(true);
  });
});

describe('the council votes on each nominee', () => {
  it('three collectives for a Cờ thi đua on the demo roster (8 members, 80 % → 7): the one with 6 agree is not awarded, the decision annex lists exactly the two others', async () => {
    // Prepare: three communes' units proposed in one dossier, through appraisal
    const unit = await as('unit-b-officer');
    const names = ['Thôn Đông – xã An Bình', 'Thôn Tây – xã An Bình', 'Thôn Nam – xã An Bình'];
    const title = `Cờ thi đua cho ba thôn ${Date.now().toString(36)}`;
    const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', { awardCode: 'coThiDuaTinh', kind: 'regular', year: 2026, title, nominees: names.map((name) => ({ name, recipientType: 'collective' })) });
    expect(created.status).toBe(201);
    const id = created.body.dossier.id;
    for (const kind of ['proposalLetter', 'achievementReport', 'reviewMinutes']) await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
    await unit.post(`/api/dossiers/${id}/submit`);
    const officer = await as('officer');
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
    await officer.waitForTask(id, 'council', 'AwaitingCouncil');
    const session = (await openSession([id])).body.session.id;
    // Act: each member's paper holds a choice for each collective; a single choice is refused for a dossier of three
    const single = await (await as('member-1')).post<{ error: { field: string } }>(`/api/council-sessions/${session}/ballots`, { dossierId: id, choice: 'agree' });
    expect([single.status, single.body.error.field]).toEqual([400, 'choices']);
    const members = ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7', 'chair'];
    for (const [m, member] of members.entries()) {
      const choices = [
        { nomineeIndex: 0, choice: 'agree' },
        { nomineeIndex: 1, choice: m < 6 ? 'agree' : 'disagree' },
        { nomineeIndex: 2, choice: m < 7 ? 'agree' : 'abstain' },
      ];
      expect((await (await as(member)).post(`/api/council-sessions/${session}/ballots`, { dossierId: id, choices })).status).toBe(201);
    }
    const closed = await (await as('council-secretary')).post<{ results: { passed: boolean; nominees: { name: string; agree: number; needed: number; passed: boolean }[] }[] }>(`/api/council-sessions/${session}/close`);
    // Assess: the tally, nominee by nominee
    expect(closed.status).toBe(200);
    expect(closed.body.results[0]!.nominees.map((n) => [n.name, n.agree, n.needed, n.passed])).toEqual([
      [names[0], 8, 7, true],
      [names[1], 6, 7, false],
      [names[2], 7, 7, true],
    ]);
    // The chair decides on the two that passed; the annex of the draft decision lists exactly them
    const chair = await as('chair');
    await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');
    expect((await chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '808/QĐ-UBND', decisionDate: '2026-12-18' })).status).toBe(200);
    expect((await finishedExecution(id)).status).toBe('SUCCEEDED');
    const view = await officer.waitForStatus<View>(id, 'Awarded');
    expect(view.dossier.nominees.map((n) => n.outcome)).toEqual(['awarded', 'notAwarded', 'awarded']);
    expect(view.dossier.nominees[1]!.outcomeReason).toBe('Không đạt tỷ lệ phiếu đồng ý của Hội đồng: 6/8 (cần 7)');
    const link = await eventually(async () => {
      const res = await officer.get<{ url: string }>(`/api/dossiers/${id}/decision-documents/docx`);
      return res.status === 200 ? res.body : undefined;
    }, 'the draft decision');
    const docx = docxText(readZip(new Uint8Array(await (await fetch(link.url)).arrayBuffer())).get('word/document.xml')!.toString('utf8'));
    expect(docx).toContain(names[0]);
    expect(docx).toContain(names[2]);
    expect(docx).not.toContain(names[1]);
  });
});
