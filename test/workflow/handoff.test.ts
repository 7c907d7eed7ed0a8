import { afterEach, describe, expect, it } from 'vitest';
import { as, draftDossier, runSchedule, type DossierView, armFault, disarmFaults } from './support.ts';

/**
 * The answer to a human step is committed with the task and then sent to Step Functions. When the send fails
 * after the commit, the answer must still reach the execution: the dossier may not be left with no open task
 * while its execution waits for an answer nobody will send (issue 22, item 4).
 */
afterEach(disarmFaults);

type View = Omit<DossierView, 'tasks'> & { tasks: { step: string; state: string; handoffPending?: boolean }[] };
const nextStepOpened = (v: View) => v.dossier.status !== 'UnderAppraisal' && v.tasks.some((t) => t.step !== 'appraisal' && t.state === 'PENDING');

async function dossierAwaitingAppraisal() {
  const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat');
  const [unit, officer] = await Promise.all([as('unit-a-officer'), as('officer')]);
  expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
  await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
  return { id, officer };
}

describe('the hand-off of an answer to the waiting execution', () => {
  it('keeps the answer when SendTaskSuccess fails after the commit (202), and delivers it when the same person sends it again', async () => {
    // Prepare
    const { id, officer } = await dossierAwaitingAppraisal();
    const answer = { result: 'eligible', note: 'Đủ điều kiện' };
    // Act: every attempt the SDK makes at SendTaskSuccess fails
    await armFault({ service: 'sfn', operation: 'SendTaskSuccess', count: 3 });
    const first = await officer.post<{ error?: unknown; code?: string; message?: { vi: string; en: string } }>(`/api/dossiers/${id}/tasks/appraisal/complete`, answer);
    const owed = await officer.get<View>(`/api/dossiers/${id}`);
    await disarmFaults();
    const other = await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'ineligible', reason: 'Không đủ thành tích' });
    const again = await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, answer);
    // Assess
    expect(first.status).toBe(202);
    expect(first.body.code).toBe('HANDOFF_PENDING');
    expect(first.body.message?.vi).toBeTruthy();
    expect(owed.body.tasks.find((t) => t.step === 'appraisal')).toMatchObject({ state: 'DONE', handoffPending: true });
    expect(JSON.stringify(owed.body)).not.toContain('"handoff"');
    expect(other.status).toBe(409); // a different answer cannot replace the recorded one
    expect(again.status).toBe(200);
    const moved = await officer.waitForDossier<View>(id, nextStepOpened, 'the step after appraisal');
    expect(moved.tasks.find((t) => t.step === 'appraisal')?.handoffPending).toBeUndefined();
  });

  it('has the sweep deliver an answer whose hand-off failed, once', async () => {
    // Prepare
    const { id, officer } = await dossierAwaitingAppraisal();
    await armFault({ service: 'sfn', operation: 'SendTaskSuccess', count: 3 });
    expect((await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' })).status).toBe(202);
    await disarmFaults();
    // Act
    const sweep = await runSchedule<{ handoffsDelivered: number }>(/sweep/i, {});
    const second = await runSchedule<{ handoffsDelivered: number; handoffsPending: number }>(/sweep/i, {});
    // Assess
    expect(sweep.status).toBe(200);
    expect(sweep.result.handoffsDelivered).toBeGreaterThanOrEqual(1);
    await officer.waitForDossier<View>(id, nextStepOpened, 'the step after appraisal');
    const view = await officer.get<View>(`/api/dossiers/${id}`);
    expect(view.body.tasks.some((t) => t.handoffPending)).toBe(false);
    expect(second.result.handoffsPending).toBe(0);
  });
});
