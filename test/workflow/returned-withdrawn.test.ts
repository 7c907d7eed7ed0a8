import { describe, expect, it } from 'vitest';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { as, baseUrl, draftDossier, emailsAbout, eventually, executionArn, finishedExecution, isDigest, isMailOf, runSchedule, sfn, type DossierView } from './support.ts';

const sweep = (asOf: string) => runSchedule<Record<string, number>>(/sweep/i, { asOf });

describe('a dossier that is returned', () => {
  it('is returned when the supplement deadline passes, found by the daily sweep schedule', async () => {
    // Prepare: a Bằng khen dossier with only its proposal letter
    const unit = await as('unit-a-officer');
    const { id, title } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh', ['proposalLetter']);
    await unit.post(`/api/dossiers/${id}/submit`);
    const waiting = await unit.waitForTask<DossierView>(id, 'supplement', 'SupplementRequested');
    const dueAt = waiting.tasks.find((t) => t.step === 'supplement')?.dueAt ?? '';
    // Act: run the schedule the template defines, as of one hour after the deadline
    const asOf = new Date(Date.parse(dueAt) + 3600_000).toISOString();
    const run = await sweep(asOf);
    // Assess
    expect(run.status).toBe(200);
    expect(run.result.returned).toBeGreaterThanOrEqual(1);
    const execution = await finishedExecution(id);
    expect(execution.entered.slice(-4)).toEqual(['AwaitSupplement', 'ExpireSupplement', 'SupplementReturned', 'Returned']);
    const view = await unit.waitForStatus<DossierView>(id, 'Returned');
    expect(view.dossier.outcomeReason).toBe('supplementDeadlinePassed');
    expect(view.tasks.find((t) => t.step === 'supplement')?.state).toBe('CANCELLED');
    expect(view.events.filter((e) => e.action === 'expireSupplement')).toHaveLength(1);
    await eventually(async () => (await emailsAbout(title)).some((e) => isMailOf(e, 'expireSupplement', 'unit')), 'the return email');
  });

  it('counts the supplement deadline in working days: 10 working days, never a weekend', async () => {
    const unit = await as('unit-b-officer');
    const { id } = await draftDossier('unit-b-officer', 'bangKhenChuTichTinh', ['proposalLetter']);
    await unit.post(`/api/dossiers/${id}/submit`);
    const waiting = await unit.waitForTask<DossierView>(id, 'supplement', 'SupplementRequested');
    const dueAt = new Date(waiting.tasks.find((t) => t.step === 'supplement')?.dueAt ?? '');
    // due at the end of a Vietnamese day (23:59:59.999 +07:00), on a weekday, 14–30 calendar days away
    expect(dueAt.toISOString().slice(11)).toBe('16:59:59.999Z');
    const local = new Date(dueAt.getTime() + 7 * 3600_000);
    expect([0, 6]).not.toContain(local.getUTCDay());
    const days = (dueAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13);
    expect(days).toBeLessThan(31);
  });
});

describe('a dossier that is withdrawn', () => {
  it('ends Withdrawn when its unit withdraws it during appraisal; the open task is cancelled', async () => {
    // Prepare
    const unit = await as('unit-a-officer');
    const officer = await as('officer');
    const { id, title } = await draftDossier('unit-a-officer', 'chienSiThiDuaTinh');
    await unit.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    // Act
    const res = await unit.post(`/api/dossiers/${id}/withdraw`, { reason: 'Cá nhân chuyển công tác' });
    // Assess
    expect(res.status).toBe(200);
    const execution = await finishedExecution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.entered.slice(-2)).toEqual(['AwaitAppraisal', 'Withdrawn']);
    const view = await unit.waitForStatus<DossierView>(id, 'Withdrawn');
    expect(view.tasks.find((t) => t.step === 'appraisal')?.state).toBe('CANCELLED');
    expect(view.events.at(-1)).toMatchObject({ action: 'withdraw', fromStatus: 'UnderAppraisal', toStatus: 'Withdrawn' });
    // the officer's inbox no longer lists it
    const inbox = await officer.get<{ tasks: { dossierId: string }[] }>('/api/tasks');
    expect(inbox.body.tasks.map((t) => t.dossierId)).not.toContain(id);
    // the secretariat, whose step it was, is told; the unit, which withdrew it, is not
    const told = await eventually(async () => (await emailsAbout(title)).filter((e) => isMailOf(e, 'withdraw')).at(0), 'the withdrawal email');
    expect(told.to).toEqual(['ban-tdkt@thiduakhenthuong.example.gov.vn']);
    // and it cannot be submitted again: an illegal transition changes nothing
    const again = await unit.post<{ error: { code: string; message: { vi: string; en: string } } }>(`/api/dossiers/${id}/submit`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect((await unit.get<DossierView>(`/api/dossiers/${id}`)).body.dossier.version).toBe(view.dossier.version);
  });
});

describe('reminders and escalation', () => {
  it('reminds once and escalates once, however often (and concurrently) the sweep runs', async () => {
    // Prepare: a dossier waiting for appraisal
    const unit = await as('unit-a-officer');
    const officer = await as('officer');
    const { id, title } = await draftDossier('unit-a-officer', 'chienSiThiDuaTinh');
    await unit.post(`/api/dossiers/${id}/submit`);
    const waiting = await officer.waitForTask<DossierView>(id, 'appraisal', 'UnderAppraisal');
    const dueAt = Date.parse(waiting.tasks.find((t) => t.step === 'appraisal')?.dueAt ?? '');
    const run = async (asOf: number) => (await sweep(new Date(asOf).toISOString())).result;
    // Act: two sweeps at once an hour before the deadline, two more after it
    const before = await Promise.all([run(dueAt - 3600_000), run(dueAt - 3600_000)]);
    const after = await Promise.all([run(dueAt + 3600_000), run(dueAt + 3600_000)]);
    // Assess
    expect(before.reduce((n, r) => n + (r.reminded ?? 0), 0)).toBeGreaterThanOrEqual(1);
    const view = await officer.get<DossierView>(`/api/dossiers/${id}`);
    expect(view.body.events.filter((e) => e.action === 'reminder')).toHaveLength(1);
    expect(view.body.events.filter((e) => e.action === 'escalated')).toHaveLength(1);
    expect(after.reduce((n, r) => n + (r.escalated ?? 0), 0)).toBeGreaterThanOrEqual(1);
    expect(view.body.dossier.status).toBe('UnderAppraisal');
    // each is told once, in the daily digest of whom it concerns: the officers (the step is theirs) of the
    // reminder, the head (the secretariat head's mailbox from the stack props) of the overdue step
    const line = `Hồ sơ "${title}" (Sở Giáo dục và Đào tạo): Thẩm định, hạn `;
    const emails = await eventually(async () => {
      const found = (await emailsAbout(title)).filter(isDigest);
      return found.some((e) => e.to.includes('truong-ban-tdkt@thiduakhenthuong.example.gov.vn')) && found;
    }, 'the digest with the overdue step');
    const remindedIn = emails.filter((e) => /Sắp đến hạn xử lý:/.test(e.text ?? '') && (e.text ?? '').split('Quá hạn xử lý:')[0]!.includes(line));
    const overdueIn = emails.filter((e) => (e.text ?? '').split('Quá hạn xử lý:')[1]?.includes(line));
    expect(remindedIn.map((e) => e.to)).toEqual([['ban-tdkt@thiduakhenthuong.example.gov.vn']]);
    expect(overdueIn.map((e) => e.to)).toEqual([['truong-ban-tdkt@thiduakhenthuong.example.gov.vn']]);
    // no mail per task: the dossier's own mails are the appraisal request only
    expect((await emailsAbout(title)).filter((e) => !isDigest(e)).map((e) => isMailOf(e, 'passCompleteness'))).toEqual([true]);
  });
});

describe('a submit whose workflow start failed', () => {
  it('is found by the daily sweep and started, so the dossier does not wait forever', async () => {
    // Prepare: Step Functions refuses the next StartExecution calls (the SDK retries, then gives up)
    const unit = await as('unit-b-officer');
    const officer = await as('officer');
    const { id } = await draftDossier('unit-b-officer', 'bangKhenChuTichTinhDotXuat');
    const armed = await fetch(`${baseUrl}/_local/faults`, { method: 'POST', body: JSON.stringify({ service: 'sfn', operation: 'StartExecution', count: 5, status: 500, errorType: 'InternalFailure' }) });
    expect(armed.status).toBe(201);
    // Act 1: the submit commits, but its start fails
    const submitted = await unit.post<{ error: { code: string } }>(`/api/dossiers/${id}/submit`);
    expect(submitted.status).toBe(503);
    expect(submitted.body.error.code).toBe('SERVICE_UNAVAILABLE');
    const stranded = await unit.get<DossierView>(`/api/dossiers/${id}`);
    expect(stranded.body.dossier.status).toBe('Submitted');
    await expect(finishedExecution(id, 500)).rejects.toThrow();
    // Act 2: the sweep, run as of a few minutes later
    const asOf = new Date(Date.now() + 5 * 60_000).toISOString();
    const run = await sweep(asOf);
    const { result } = run;
    // Assess: started once, and the dossier moves on to the appraisal
    expect(result.restarted).toBeGreaterThanOrEqual(1);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await sweep(asOf);
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn(id), maxResults: 1000 }));
    expect(history.events?.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
    expect((await unit.get<DossierView>(`/api/dossiers/${id}`)).body.events.filter((e) => e.action === 'submit')).toHaveLength(1);
  });
});
