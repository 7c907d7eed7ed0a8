import { describe, expect, it } from 'vitest';
import { samplePdf } from '#local/sample-pdf';
import { as, baseUrl, emailsAbout, eventually } from './support.ts';

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
      const appraisal = found.find((e) => e.subject.endsWith('appraiseEligibleWithoutVote'));
      const decision = found.find((e) => e.subject.endsWith('approve'));
      return appraisal && decision ? { appraisal, decision } : undefined;
    }, 'the appraisal and decision e-mails');
    expect(mails.appraisal.text).toContain('- Phạm Văn Bình: Thành tích không thuộc năm xét');
    expect(mails.decision.text).toMatch(/Được khen thưởng:\n- Lê Thị Ánh\n- Trần Thị Cúc\nKhông được khen thưởng:\n- Phạm Văn Bình: Thành tích không thuộc năm xét\n- Hoàng Văn Dũng: Đã được khen cùng thành tích/);
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
