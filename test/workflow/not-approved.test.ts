import { describe, expect, it } from 'vitest';
import { as, draftDossier, userIdOf, emailsAbout, eventually, finishedExecution, isMailOf, openSession, type DossierView } from './support.ts';

describe('a dossier that is not approved', () => {
  it('stops at appraisal when the officer finds it ineligible, with the reason kept and sent', async () => {
    // Prepare
    const unit = await as('unit-a-officer');
    const officer = await as('officer');
    const { id, title } = await draftDossier('unit-a-officer', 'chienSiThiDuaTinh');
    await unit.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    // Act
    const reason = 'Mới đạt 2 lần Chiến sĩ thi đua cơ sở liên tục (cần 3)';
    const res = await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'ineligible', reason });
    // Assess
    expect(res.status).toBe(200);
    const execution = await finishedExecution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.entered.slice(-2)).toEqual(['AppraisalOutcome', 'NotApproved']);
    const view = await unit.waitForStatus<DossierView>(id, 'NotApproved');
    expect(view.dossier.outcomeReason).toBe(reason);
    expect(view.events.at(-1)).toMatchObject({ action: 'appraiseIneligible', fromStatus: 'UnderAppraisal', toStatus: 'NotApproved', actor: { userId: await userIdOf('officer') } });
    const emails = await eventually(async () => {
      const found = await emailsAbout(title);
      return found.find((e) => isMailOf(e, 'appraiseIneligible'));
    }, 'the ineligibility email');
    expect(emails.text).toContain(`Lý do: ${reason}`);
    // The unit by its name in the directory, not its id.
    expect(emails.text).toContain('Đơn vị trình: Sở Giáo dục và Đào tạo');
    expect(emails.text).toContain('Submitting unit: Sở Giáo dục và Đào tạo');
    expect(emails.to).toEqual(['lan.nt@sogd.example.gov.vn']);
  });

  it('stops at the council when the agree votes fall short of the threshold of all members', async () => {
    // Prepare: Cờ thi đua needs 80 % of the demo roster's 8 members = 7 agree; 6 agree, one short (7 present, quorum 6)
    const unit = await as('unit-b-officer');
    const officer = await as('officer');
    const secretary = await as('council-secretary');
    const { id } = await draftDossier('unit-b-officer', 'coThiDuaTinh');
    await unit.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
    await secretary.waitForTask(id, 'council', 'AwaitingCouncil');
    const members = ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7'];
    const session = await openSession([id]);
    const choices = ['agree', 'agree', 'agree', 'agree', 'agree', 'agree', 'disagree'];
    for (const [i, member] of members.entries()) {
      expect((await (await as(member)).post(`/api/council-sessions/${session.body.session.id}/ballots`, { dossierId: id, choice: choices[i] })).status).toBe(201);
    }
    // Act
    const closed = await secretary.post<{ results: { passed: boolean; counts: Record<string, number> }[] }>(`/api/council-sessions/${session.body.session.id}/close`);
    // Assess
    expect(closed.body.results[0]).toMatchObject({ passed: false, counts: { agree: 6, disagree: 1, abstain: 0, base: 8, needed: 7 } });
    const execution = await finishedExecution(id);
    expect(execution.entered.slice(-3)).toEqual(['AwaitCouncil', 'CouncilOutcome', 'NotApproved']);
    const view = await unit.waitForStatus<DossierView>(id, 'NotApproved');
    expect(view.events.at(-1)).toMatchObject({ action: 'failCouncil', toStatus: 'NotApproved' });
    // The nominee keeps its count and is told why, in Vietnamese.
    expect(view.dossier.nominees[0]).toMatchObject({ outcome: 'notAwarded', outcomeStage: 'council', outcomeReason: 'Không đạt tỷ lệ phiếu đồng ý của Hội đồng: 6/8 (cần 7)', tally: { agree: 6, base: 8, needed: 7, passed: false } });
    expect(JSON.stringify(view)).not.toMatch(/"choice"|member-\d.*agree/);
  });

  it('stops at the chair, after an ad-hoc dossier skipped the council vote', async () => {
    // Prepare: simplified procedure (no vote) — eligible goes straight to the chair
    const unit = await as('unit-a-officer');
    const officer = await as('officer');
    const chair = await as('chair');
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat');
    await unit.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
    await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');
    // Act
    const res = await chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'reject', reason: 'Thành tích chưa đủ tiêu biểu' });
    // Assess
    expect(res.status).toBe(200);
    const execution = await finishedExecution(id);
    expect(execution.entered).toEqual(['ResumeOrStart', 'CheckCompleteness', 'IsComplete', 'AwaitAppraisal', 'AppraisalOutcome', 'NeedsCouncilVote', 'AwaitChairDecision', 'ChairOutcome', 'NotApproved']);
    const view = await unit.waitForStatus<DossierView>(id, 'NotApproved');
    expect(view.events.map((e) => e.action).slice(-3)).toEqual(['passCompleteness', 'appraiseEligibleWithoutVote', 'reject']);
  });
});
