import { expect } from 'vitest';
import { samplePdf } from '#local/sample-pdf';
import { as, eventually, finishedExecution } from './support.ts';

/**
 * An ad-hoc Bằng khen (no council vote) for three people of unit A, awarded to the first two (the chair does not
 * award the third), its decision entered in the register.
 */
export async function awardedDossier(year: number): Promise<{ id: string; title: string; names: string[] }> {
  const unit = await as('unit-a-officer');
  const run = Date.now().toString(36);
  const title = `Khen đột xuất ba cá nhân ${year} ${run}`;
  const names = [`Lê Văn Giả ${run}`, `Phạm Thị Thật ${run}`, `Ngô Văn Khác ${run}`];
  const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', {
    awardCode: 'bangKhenChuTichTinhDotXuat', kind: 'adHoc', year, title,
    nominees: names.map((name, i) => ({ name, recipientType: 'individual', category: 'directWorker', gender: i === 1 ? 'female' : 'male' })),
  });
  expect(created.status).toBe(201);
  const id = created.body.dossier.id;
  for (const kind of ['proposalLetter', 'achievementSummary']) await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
  expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBeLessThan(300);
  const officer = await as('officer');
  await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
  expect((await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' })).status).toBe(200);
  const chair = await as('chair');
  await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');
  const decided = await chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '901/QĐ-UBND', decisionDate: '2026-12-01', notAwardedNominees: [{ nomineeIndex: 2, reason: 'Thành tích chưa tiêu biểu' }] });
  expect(decided.status).toBe(200);
  expect((await finishedExecution(id)).status).toBe('SUCCEEDED');
  await eventually(async () => (await officer.get<{ events: { action: string }[] }>(`/api/dossiers/${id}`)).body.events.some((e) => e.action === 'decisionRecorded'), 'the decision in the register');
  return { id, title, names };
}

