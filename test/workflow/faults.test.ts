import { afterEach, describe, expect, it } from 'vitest';
import { samplePdf } from '#local/sample-pdf';
import { as, draftDossier, emailsAbout, eventually, finishedExecution, isMailOf, sfn, executionArn, type DossierView, armFault, disarmFaults } from './support.ts';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';

afterEach(disarmFaults);

describe('faults at the service boundaries', () => {
  it('answers 503 and stores nothing when DynamoDB throttles beyond the SDK retries; the same call succeeds once it passes', async () => {
    // Prepare
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat');
    const unit = await as('unit-a-officer');
    // Act: five throttled writes — three for the first submit (the SDK's attempts), two absorbed by the second.
    await armFault({ service: 'dynamodb', operation: 'TransactWriteItems', count: 5 });
    const refused = await unit.post<{ error: { code: string; message: { vi: string; en: string } } }>(`/api/dossiers/${id}/submit`);
    const stored = await unit.get<DossierView>(`/api/dossiers/${id}`);
    const accepted = await unit.post(`/api/dossiers/${id}/submit`);
    // Assess
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.body.error.message.vi).toContain('thử lại');
    expect(stored.body.dossier.status).toBe('Draft');
    expect(stored.body.events).toHaveLength(1 + 2); // created + two verified documents, no submission
    expect(accepted.status).toBe(202);
    await unit.waitForTask(id, 'appraisal', 'UnderAppraisal');
  });

  it('retries a workflow step whose Lambda timed out, and the dossier moves on', async () => {
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat');
    const unit = await as('unit-a-officer');
    await armFault({ service: 'lambda', operation: 'check-completeness', count: 1 });
    expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
    await unit.waitForTask(id, 'appraisal', 'UnderAppraisal');
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn(id), maxResults: 1000 }));
    const failures = (history.events ?? []).filter((e) => e.type === 'LambdaFunctionFailed' || e.type === 'TaskFailed');
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(failures[0])).toContain('Sandbox.Timedout');
  });

  type Integrity = { stuck: { dossierId: string; status: string; updatedAt: string; workflowFailed: boolean }[] };
  /** The alert ReportFailure sends straight through SES (no token-like text may appear in it). */
  const alertFor = (title: string) => eventually(async () => (await emailsAbout(title)).find((e) => e.subject.includes('System failure')), 'the failure alert');
  const tokenLike = /[A-Za-z0-9+/=_-]{80,}/;
  /** A submitted dossier whose completeness check times out on every attempt (the Retry's 4 attempts and more). */
  const submitFailingDossier = async () => {
    const startedAt = new Date().toISOString();
    const { id, title } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat');
    const [unit, head] = await Promise.all([as('unit-a-officer'), as('secretariat-head')]);
    await armFault({ service: 'lambda', operation: 'check-completeness', count: 20 });
    expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
    return { startedAt, id, title, unit, head };
  };

  it('ends a step that keeps failing in the failure path: an alert to the secretariat head and the admins, and the integrity check names the dossier', async () => {
    // Act
    const { startedAt, id, title, unit, head } = await submitFailingDossier();
    const execution = await finishedExecution(id, 30_000);
    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.entered).toContain('ReportFailure');
    const alert = await alertFor(title);
    expect(alert.to.sort()).toEqual(['quan-tri@thiduakhenthuong.example.gov.vn', 'truong-ban-tdkt@thiduakhenthuong.example.gov.vn']);
    expect(alert.text).toContain(title);
    expect(alert.text).toContain('Sandbox.Timedout');
    expect(alert.text?.indexOf('Quy trình')).toBeLessThan(alert.text?.indexOf('The workflow') ?? 0);
    expect(`${alert.subject}${alert.text ?? ''}${alert.html ?? ''}`).not.toMatch(tokenLike);
    const view = await unit.get<DossierView>(`/api/dossiers/${id}`);
    expect(view.body.events.at(-1)?.action).toBe('workflowFailed');
    // One alert, not a second one through the stream.
    expect((await emailsAbout(title)).filter((e) => e.to.includes('truong-ban-tdkt@thiduakhenthuong.example.gov.vn') && /lỗi hệ thống|system error/i.test(`${e.text}`))).toHaveLength(1);
    // (settleSeconds=0: no grace period for steps still running; only dossiers of this test are looked at.)
    const integrity = await head.get<Integrity>('/api/integrity?settleSeconds=0');
    expect(integrity.body.stuck.filter((s) => s.updatedAt >= startedAt)).toEqual([expect.objectContaining({ dossierId: id, status: 'Submitted', workflowFailed: true })]);
    // The unit can still close it: withdrawn, nothing is left stuck.
    await disarmFaults();
    expect((await unit.post(`/api/dossiers/${id}/withdraw`, { reason: 'Nộp lại sau sự cố' })).status).toBe(200);
    const after = await head.get<Integrity>('/api/integrity?settleSeconds=0');
    expect(after.body.stuck.map((s) => s.dossierId)).not.toContain(id);
  });

  it('still alerts when the table itself refuses the failure record, and the integrity check lists the dossier it could not be recorded on', async () => {
    // Prepare
    const { startedAt, id, title, unit, head } = await submitFailingDossier();
    // Act: from now on every transactional write fails — the ones ReportFailure makes included.
    await armFault({ service: 'dynamodb', operation: 'TransactWriteItems', count: 1000 });
    const execution = await finishedExecution(id, 60_000);
    await disarmFaults();
    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.entered.slice(-2)).toEqual(['CheckCompletenessFailed', 'ReportFailure']);
    const alert = await alertFor(title);
    expect(alert.text).toContain('Không ghi được sự cố');
    expect(alert.text).toContain('could not be written');
    const view = await unit.get<DossierView>(`/api/dossiers/${id}`);
    expect(view.body.dossier.status).toBe('Submitted');
    expect(view.body.events.map((e) => e.action)).not.toContain('workflowFailed');
    const integrity = await head.get<Integrity>('/api/integrity?settleSeconds=0');
    expect(integrity.body.stuck.filter((s) => s.updatedAt >= startedAt)).toEqual([expect.objectContaining({ dossierId: id, status: 'Submitted', workflowFailed: false })]);
    expect((await unit.post(`/api/dossiers/${id}/withdraw`, { reason: 'Lỗi hệ thống' })).status).toBe(200);
  });

  it('refuses a verification while S3 fails (503, document still pending), and verifies it when S3 is back', async () => {
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh', []);
    const unit = await as('unit-a-officer');
    const { presigned, uploadStatus } = await unit.postDocument(id, 'proposalLetter', 'to-trinh.pdf', samplePdf(`${id} proposal`));
    expect(uploadStatus).toBeLessThan(300);
    expect(uploadStatus).toBeGreaterThan(0);
    const verifyPath = `/api/dossiers/${id}/documents/${presigned.body.document.documentId}/verify`;
    await armFault({ service: 's3', operation: 'GetObject', count: 3, status: 503, errorType: 'SlowDown' });
    const refused = await unit.post(verifyPath);
    const pending = await unit.get<DossierView>(`/api/dossiers/${id}`);
    const verified = await unit.post<{ document: { state: string } }>(verifyPath);
    expect(refused.status).toBe(503);
    expect(pending.body.documents.find((d) => d.documentId === presigned.body.document.documentId)?.state).toBe('pendingUpload');
    expect(verified.status).toBe(200);
    expect(verified.body.document.state).toBe('verified');
  });

  it('delivers a notification once SES accepts mail again (the stream redelivers the failed record), and only once', async () => {
    const { id, title } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat');
    const unit = await as('unit-a-officer');
    await armFault({ service: 'ses', operation: 'SendEmail', count: 4 });
    expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
    // the submission's first mail: the officers are asked to appraise it (the unit is not told of its own submission)
    const submitted = () => emailsAbout(title).then((es) => es.filter((e) => isMailOf(e, 'passCompleteness')));
    await eventually(async () => (await submitted()).length > 0, 'the appraisal request email after SES recovers', 30_000);
    await unit.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await submitted()).toHaveLength(1);
  });
});
