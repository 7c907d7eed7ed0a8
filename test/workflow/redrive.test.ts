import { afterEach, describe, expect, it } from 'vitest';
import { as, draftDossier, executionArn, finishedExecution, sfn, type DossierView, armFault, disarmFaults } from './support.ts';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';

afterEach(disarmFaults);

interface Integrity {
  intact: boolean;
  disagreements: { dossierId: string; code: string; status: string; execution?: { status: string; state?: string; error?: string } }[];
}

describe('a workflow that failed is seen and brought back', () => {
  it('lists an execution that ended FAILED, and a redrive by the secretariat head resumes the failed step: the task opens and the dossier goes on', async () => {
    // Prepare: appraisal passes, then the next wait cannot register its task on any attempt → the failure path
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat');
    const [unit, officer, head, admin] = await Promise.all([as('unit-a-officer'), as('officer'), as('secretariat-head'), as('admin')]);
    expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await armFault({ service: 'lambda', operation: 'register-task', count: 50 });
    expect((await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' })).status).toBe(200);
    const failed = await finishedExecution(id, 60_000);
    await disarmFaults();
    const waitingIn = failed.entered.filter((n) => n?.startsWith('Await') && !n.endsWith('Failed')).at(-1);

    // Act 1: the integrity check
    const before = await head.get<Integrity>('/api/integrity?settleSeconds=0');
    // Act 2: redrive — refused to an officer, accepted from the head, refused a second time (it runs again)
    const refused = await officer.post(`/api/dossiers/${id}/redrive`);
    const redriven = await head.post<{ dossier: { status: string } }>(`/api/dossiers/${id}/redrive`);
    const again = await admin.post<{ error: { code: string } }>(`/api/dossiers/${id}/redrive`);
    const resumed = await officer.waitForDossier<DossierView>(id, (v) => v.tasks.some((t) => t.step !== 'appraisal' && t.state === 'PENDING'), 'the step after appraisal');
    const after = await head.get<Integrity>('/api/integrity?settleSeconds=0');

    // Assess
    expect(failed.status).toBe('FAILED');
    expect(failed.entered.slice(-2)).toEqual([`${waitingIn}Failed`, 'ReportFailure']);
    expect(before.body.intact).toBe(false);
    expect(before.body.disagreements.filter((d) => d.dossierId === id)).toEqual([
      expect.objectContaining({ code: 'EXECUTION_FAILED', execution: expect.objectContaining({ status: 'FAILED', state: 'ReportFailure', error: 'Workflow.Failed' }) }),
    ]);
    expect(refused.status).toBe(403);
    expect(redriven.status).toBe(202);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WORKFLOW_NOT_FAILED');
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(id) }));
    expect(described).toMatchObject({ status: 'RUNNING', redriveCount: 1 });
    expect(resumed.events.map((e) => e.action).slice(-2)).toEqual(['workflowFailed', 'workflowRedriven']);
    expect(resumed.events.at(-1)?.actor.userId).toBe(head.userId);
    expect(after.body.disagreements.filter((d) => d.dossierId === id)).toEqual([]);
  });
});
