import { describe, expect, it } from 'vitest';
import { samplePdf } from '#local/sample-pdf';
import { docxText, readZip } from '../support/zip-reader.ts';
import { as, type DossierView, emailsAbout, eventually, finishedExecution, isMailOf, openSession, ownCouncil } from './support.ts';

/**
 * Issue 24's scenario: a department's year-end proposal — twelve teachers for Chiến sĩ thi đua cấp tỉnh and three
 * schools for Tập thể lao động xuất sắc — on a council of 21. One teacher is found ineligible at appraisal, one falls
 * short at the vote (18 of 21 where 90 % needs 19), and the rest are awarded. The council year is 2050 (a term no
 * other test uses).
 */
const teachers = Array.from({ length: 12 }, (_, i) => `Giáo viên Nguyễn Thị Thu ${String.fromCharCode(65 + i)}`);
const schools = ['Trường THPT Lê Quý Đôn', 'Trường THCS Nguyễn Du', 'Trường Tiểu học Võ Thị Sáu'];

async function proposal(awardCode: string, nominees: Record<string, unknown>[], kinds: string[]): Promise<{ id: string; title: string }> {
  const unit = await as('unit-a-officer');
  const title = `Đề nghị ${awardCode} năm 2026 của Sở GD&ĐT ${Date.now().toString(36)}`;
  const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', { awardCode, kind: 'regular', year: 2026, title, nominees });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.dossier.id;
  for (const kind of kinds) await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
  await unit.post(`/api/dossiers/${id}/submit`);
  await (await as('officer')).waitForTask(id, 'appraisal', 'UnderAppraisal');
  return { id, title };
}

describe("a department's year-end proposal, nominee by nominee", () => {
  it('12 CSTĐ teachers and 3 TTLĐXS schools: one ineligible, one short at 18 of 21, the rest awarded; the annexes list exactly the awarded; the unit is told each outcome', async () => {
    // Prepare
    const council = await ownCouncil(2050, 21);
    const cstd = await proposal('chienSiThiDuaTinh', teachers.map((name) => ({ name, recipientType: 'individual', category: 'directWorker', gender: 'female', position: 'Giáo viên' })), ['proposalLetter', 'achievementReport', 'reviewMinutes', 'initiativeRecognition']);
    const ttld = await proposal('tapTheLaoDongXuatSac', schools.map((name) => ({ name, recipientType: 'collective' })), ['proposalLetter', 'achievementReport', 'reviewMinutes']);
    const officer = await as('officer');
    // Act 1: appraisal — teacher C has only two consecutive grassroots titles
    expect((await officer.post(`/api/dossiers/${cstd.id}/tasks/appraisal/complete`, { result: 'eligible', ineligibleNominees: [{ nomineeIndex: 2, reason: 'Mới đạt 2 lần Chiến sĩ thi đua cơ sở liên tục (cần 3)' }] })).status).toBe(200);
    expect((await officer.post(`/api/dossiers/${ttld.id}/tasks/appraisal/complete`, { result: 'eligible' })).status).toBe(200);
    await officer.waitForTask(cstd.id, 'council', 'AwaitingCouncil');
    await officer.waitForTask(ttld.id, 'council', 'AwaitingCouncil');
    // Act 2: one session of the 21; each member one paper per dossier, a choice for each nominee in play
    const opened = await openSession([cstd.id, ttld.id], { date: '2050-03-10', title: 'Phiên họp xét khen thưởng tổng kết năm 2026' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const sessionId = opened.body.session.id;
    const inPlay = teachers.map((_, i) => i).filter((i) => i !== 2);
    for (const [m, username] of council.usernames.entries()) {
      const member = await as(username);
      // 19 agree on every teacher; the 19th member disagrees on teacher F only (18 of 21); the last two abstain
      const teacherChoices = inPlay.map((nomineeIndex) => ({ nomineeIndex, choice: m >= 19 ? 'abstain' : m === 18 && nomineeIndex === 5 ? 'disagree' : 'agree' }));
      expect((await member.post(`/api/council-sessions/${sessionId}/ballots`, { dossierId: cstd.id, choices: teacherChoices })).status).toBe(201);
      expect((await member.post(`/api/council-sessions/${sessionId}/ballots`, { dossierId: ttld.id, choices: schools.map((_, nomineeIndex) => ({ nomineeIndex, choice: 'agree' })) })).status).toBe(201);
    }
    const closed = await (await as('council-secretary')).post<{ results: { dossierId: string; nominees: { nomineeIndex: number; agree: number; base: number; needed: number; passed: boolean }[] }[] }>(`/api/council-sessions/${sessionId}/close`);
    // Assess the tally: 11 teachers voted on, F at 18/21 short of 19; the three schools pass
    expect(closed.status).toBe(200);
    const teacherTally = closed.body.results.find((r) => r.dossierId === cstd.id)!.nominees;
    expect(teacherTally.map((n) => n.nomineeIndex)).toEqual(inPlay);
    expect(teacherTally.filter((n) => !n.passed).map((n) => [n.nomineeIndex, n.agree, n.base, n.needed])).toEqual([[5, 18, 21, 19]]);
    expect(closed.body.results.find((r) => r.dossierId === ttld.id)!.nominees.every((n) => n.passed)).toBe(true);
    // Act 3: the chair approves both
    const chair = await as('chair');
    for (const [dossier, number] of [[cstd, '901/QĐ-UBND'], [ttld, '902/QĐ-UBND']] as const) {
      await chair.waitForTask(dossier.id, 'chairDecision', 'AwaitingDecision');
      expect((await chair.post(`/api/dossiers/${dossier.id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: number, decisionDate: '2050-03-20' })).status).toBe(200);
      expect((await finishedExecution(dossier.id)).status).toBe('SUCCEEDED');
    }
    // Assess: each nominee's outcome, and the annex of each draft decision lists exactly the awarded
    const view = await officer.waitForStatus<DossierView & { overall: string }>(cstd.id, 'Awarded');
    expect(view.overall).toBe('partlyAwarded');
    const awarded = teachers.filter((_, i) => i !== 2 && i !== 5);
    expect(view.dossier.nominees.filter((n) => n.outcome === 'awarded').map((n) => n.name)).toEqual(awarded);
    expect(view.dossier.nominees[5]).toMatchObject({ outcome: 'notAwarded', outcomeStage: 'council', outcomeReason: 'Không đạt tỷ lệ phiếu đồng ý của Hội đồng: 18/21 (cần 19)' });
    const annex = async (id: string) => {
      const link = await eventually(async () => {
        const res = await officer.get<{ url: string }>(`/api/dossiers/${id}/decision-documents/docx`);
        return res.status === 200 ? res.body : undefined;
      }, 'the draft decision');
      return docxText(readZip(new Uint8Array(await (await fetch(link.url)).arrayBuffer())).get('word/document.xml')!.toString('utf8'));
    };
    const cstdText = await annex(cstd.id);
    for (const name of awarded) expect(cstdText).toContain(name);
    expect(cstdText).not.toContain(teachers[2]);
    expect(cstdText).not.toContain(teachers[5]);
    const ttldText = await annex(ttld.id);
    for (const name of schools) expect(ttldText).toContain(name);
    // The unit was told at each step, naming each nominee refused and why
    const mails = await eventually(async () => {
      const found = (await emailsAbout(cstd.title)).filter((e) => e.to.includes('lan.nt@sogd.example.gov.vn'));
      const at = (action: string) => found.find((e) => isMailOf(e, action, 'unit'));
      return at('appraiseEligible') && at('passCouncil') && at('approve') ? { appraisal: at('appraiseEligible')!, council: at('passCouncil')!, decision: at('approve')! } : undefined;
    }, 'the appraisal, council and decision e-mails');
    expect(mails.appraisal.text).toContain(`- ${teachers[2]}: Mới đạt 2 lần Chiến sĩ thi đua cơ sở liên tục (cần 3)`);
    expect(mails.council.text).toContain(`- ${teachers[5]}: Không đạt tỷ lệ phiếu đồng ý của Hội đồng: 18/21 (cần 19)`);
    for (const name of awarded) expect(mails.decision.text).toContain(`- ${name}\n`);
    expect(mails.decision.text).toContain(`Không được khen thưởng:\n- ${teachers[2]}`);
  });
});
