import { describe, expect, it } from 'vitest';
import { samplePdf } from '#local/sample-pdf';
import { as, draftDossier, emailsAbout, eventually, finishedExecution, isMailOf, openSession, type DossierView } from './support.ts';

/**
 * The full path of docs/architecture.md §2 through HTTP only: a Cờ thi đua dossier missing its review minutes is sent
 * back for a supplement, completed, appraised, voted by the council and decided by the chair.
 */
describe('a dossier that is awarded', () => {
  it('goes submit → supplement → appraisal → council vote → chair decision → Awarded, with audit, emails and history', async () => {
    // Prepare: a commune's flag dossier without its review minutes
    const unit = await as('unit-b-officer');
    const officer = await as('officer');
    const secretary = await as('council-secretary');
    const chair = await as('chair');
    const { id, title } = await draftDossier('unit-b-officer', 'coThiDuaTinh', ['proposalLetter', 'achievementReport']);

    // Act 1: submit; the completeness check asks for the missing document
    expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
    const supplement = await unit.waitForTask<DossierView>(id, 'supplement', 'SupplementRequested');
    expect(supplement.dossier.missingDocuments).toEqual(['reviewMinutes']);

    // Act 2: the unit uploads it and answers the request; the check passes
    const upload = await unit.uploadDocument(id, 'reviewMinutes', 'bien-ban.pdf', samplePdf('Bien ban hop xet'));
    expect(upload.verified?.status).toBe(200);
    expect((await unit.post(`/api/dossiers/${id}/tasks/supplement/complete`, { note: 'Đã bổ sung biên bản' })).status).toBe(200);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');

    // Act 3: appraisal, then the council session of the demo roster (8 members, 80 % of all members → 7 agree needed; 7 vote, all agree)
    expect((await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible', note: 'Dẫn đầu cụm thi đua' })).status).toBe(200);
    await secretary.waitForTask(id, 'council', 'AwaitingCouncil');
    const members = ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7'];
    const opened = await openSession([id], { title: 'Phiên họp thứ nhất năm 2026' });
    expect(opened.status).toBe(201);
    const sessionId = opened.body.session.id;
    for (const [i, member] of members.entries()) {
      const vote = await (await as(member)).post(`/api/council-sessions/${sessionId}/ballots`, { dossierId: id, choice: i < 7 ? 'agree' : 'disagree' });
      expect(vote.status).toBe(201);
      expect(JSON.stringify(vote.body)).not.toMatch(/agree/);
    }
    const closed = await secretary.post<{ results: { dossierId: string; passed: boolean; counts: { agree: number } }[] }>(`/api/council-sessions/${sessionId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.results).toEqual([expect.objectContaining({ dossierId: id, passed: true, counts: expect.objectContaining({ agree: 7, base: 8, needed: 7 }) })]);

    // Act 4: the chair decides with a decision number
    await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');
    const decided = await chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '123/QĐ-UBND', decisionDate: '2026-12-15' });
    expect(decided.status).toBe(200);

    // Assess: the execution ended in Awarded, through every step
    const execution = await finishedExecution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.entered).toEqual([
      'ResumeOrStart', 'CheckCompleteness', 'IsComplete', 'AwaitSupplement', 'CheckCompleteness', 'IsComplete', 'AwaitAppraisal', 'AppraisalOutcome',
      'NeedsCouncilVote', 'AwaitCouncil', 'CouncilOutcome', 'AwaitChairDecision', 'ChairOutcome', 'RecordDecision', 'RenderDecisionDocuments', 'Awarded',
    ]);
    // the record, its closed tasks (no token leaves the server) and the unbroken audit chain
    const view = await unit.waitForDossier<DossierView>(id, (v) => v.events.some((e) => e.action === 'decisionRecorded'), 'decisionRecorded');
    expect(view.dossier).toMatchObject({ status: 'Awarded', decision: { number: '123/QĐ-UBND', date: '2026-12-15' } });
    expect(view.tasks.every((t) => t.state === 'DONE' && t.token === undefined)).toBe(true);
    expect(view.events.map((e) => e.action)).toEqual([
      'created', 'documentVerified', 'documentVerified', 'submit', 'requestSupplement', 'documentVerified', 'answerSupplement',
      'passCompleteness', 'appraiseEligible', 'passCouncil', 'approve', 'decisionRecorded',
    ]);
    view.events.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      if (i > 0) expect(e.prevHash).toBe(view.events[i - 1]?.hash);
    });
    // published in the year's public list, with the decision number
    const published = await fetch(`${unit.baseUrl}/api/public/awards?year=2026`).then((r) => r.json() as Promise<{ awards: { dossierId: string; decisionNumber: string; unitName?: string }[] }>);
    expect(published.awards).toContainEqual(expect.objectContaining({ dossierId: id, decisionNumber: '123/QĐ-UBND', unitName: 'Ủy ban nhân dân xã An Bình' }));
    // a mail to whoever must act next, and the unit for the outcome; none for what people did themselves
    // (the unit's draft, uploads, submission and supplement); Vietnamese first then English, never a ballot choice
    const emails = await eventually(async () => {
      const found = await emailsAbout(title);
      return found.some((e) => isMailOf(e, 'approve')) && found;
    }, 'the approval email');
    const unitAddress = 'minh.lv@anbinh.example.gov.vn';
    const expected: [string, string][] = [
      ['requestSupplement', unitAddress],
      ['passCompleteness', 'ban-tdkt@thiduakhenthuong.example.gov.vn'],
      ['appraiseEligible', 'thu-ky-hoi-dong@thiduakhenthuong.example.gov.vn'],
      ['passCouncil', 'van-phong-ubnd@thiduakhenthuong.example.gov.vn'],
      ['approve', unitAddress],
    ];
    expect(emails.map((e) => [expected.find(([action]) => isMailOf(e, action))?.[0] ?? e.subject, e.to.join(', ')])).toEqual(expected);
    for (const email of emails) {
      expect(email.text).toMatch(/^Kính gửi: [\s\S]*Xem hồ sơ[\s\S]*To: [\s\S]*View the dossier/);
      expect(email.text).not.toMatch(/taskToken|"choice"/);
    }
  });
});
