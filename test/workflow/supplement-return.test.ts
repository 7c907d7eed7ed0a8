import { describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { as, draftDossier, finishedExecution, runSchedule, type DossierView } from './support.ts';
import { repository } from './direct-store.ts';

// After direct-store has pointed the adapters at the local runtime.
const { documentClient } = await import('#adapters/dynamo');

const sweep = (asOf: string) => runSchedule<Record<string, number>>(/sweep/i, { asOf });
const table = process.env.TABLE_NAME ?? '';
type ErrorBody = { error: { code: string; field?: string; message: { vi: string; en: string } } };

/**
 * A province whose regulation turns the automatic return off (returnAfterMissedSupplement: false). A dossier is
 * judged by the rules it was submitted under, kept on it; the test writes that snapshot onto a submitted
 * dossier rather than issuing a regulation in force today, which would change every other test's dossiers on
 * the shared runtime.
 */
async function submittedUnderNoAutomaticReturn(): Promise<{ id: string; dueAt: string }> {
  const unit = await as('unit-a-officer');
  const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh', ['proposalLetter']);
  expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
  const waiting = await unit.waitForTask<DossierView>(id, 'supplement', 'SupplementRequested');
  const dossier = await repository.getDossier(id);
  expect(dossier.rules?.returnAfterMissedSupplement).toBe(true);
  await documentClient.send(new UpdateCommand({
    TableName: table, Key: { PK: `DOSSIER#${id}`, SK: 'META' },
    UpdateExpression: 'SET #rules.returnAfterMissedSupplement = :off', ExpressionAttributeNames: { '#rules': 'rules' }, ExpressionAttributeValues: { ':off': false },
  }));
  return { id, dueAt: waiting.tasks.find((t) => t.step === 'supplement')?.dueAt ?? '' };
}

describe('a missed supplement deadline where the regulation does not return the dossier by itself', () => {
  it('is escalated to the secretariat once, and the dossier waits; the secretariat returns it by hand once the deadline has passed', async () => {
    // Prepare
    const { id, dueAt } = await submittedUnderNoAutomaticReturn();
    const officer = await as('officer');

    // Act: the daily sweep, twice, an hour after the deadline
    const asOf = new Date(Date.parse(dueAt) + 3600_000).toISOString();
    expect((await sweep(asOf)).status).toBe(200);
    expect((await sweep(asOf)).status).toBe(200);

    // Assess: still waiting for its supplement, one escalation naming the overdue supplement, nothing returned
    const waiting = (await officer.get<DossierView>(`/api/dossiers/${id}`)).body;
    expect(waiting.dossier.status).toBe('SupplementRequested');
    expect(waiting.tasks.filter((t) => t.step === 'supplement').map((t) => t.state)).toEqual(['PENDING']);
    const escalations = waiting.events.filter((e) => e.action === 'escalated');
    expect(escalations.map((e) => e.details?.reason)).toEqual(['supplementOverdue']);
    expect(waiting.events.some((e) => e.action === 'expireSupplement')).toBe(false);

    // Act + Assess: by hand — not the unit, not before the deadline (today is before it), then after it
    expect((await (await as('unit-a-officer')).post(`/api/dossiers/${id}/return`, { reason: 'x' })).status).toBe(403);
    const early = await officer.post<ErrorBody>(`/api/dossiers/${id}/return`, { reason: 'Quá hạn bổ sung' });
    expect([early.status, early.body.error.code]).toEqual([409, 'SUPPLEMENT_NOT_OVERDUE']);
    const blank = await officer.post<ErrorBody>(`/api/dossiers/${id}/return`, {});
    expect([blank.status, blank.body.error.field]).toEqual([400, 'reason']);
    // the deadline passes (the task's due date moved to yesterday: the clock cannot be)
    await documentClient.send(new UpdateCommand({
      TableName: table, Key: { PK: `DOSSIER#${id}`, SK: 'TASK#supplement' },
      UpdateExpression: 'SET dueAt = :d', ExpressionAttributeValues: { ':d': new Date(Date.now() - 86_400_000).toISOString() },
    }));
    const returned = await officer.post<{ dossier: { status: string } }>(`/api/dossiers/${id}/return`, { reason: 'Đơn vị không bổ sung hồ sơ trong thời hạn' });
    expect([returned.status, returned.body.dossier.status]).toEqual([200, 'Returned']);
    const execution = await finishedExecution(id);
    expect(execution.entered.slice(-4)).toEqual(['AwaitSupplement', 'ExpireSupplement', 'SupplementReturned', 'Returned']);
    const view = (await officer.get<DossierView>(`/api/dossiers/${id}`)).body;
    expect(view.events.filter((e) => e.action === 'expireSupplement').map((e) => [e.actor.userId === 'system', e.details?.note])).toEqual([[false, 'Đơn vị không bổ sung hồ sơ trong thời hạn']]);
    const again = await officer.post<ErrorBody>(`/api/dossiers/${id}/return`, { reason: 'lần hai' });
    expect([again.status, again.body.error.code]).toEqual([409, 'NOT_AWAITING_SUPPLEMENT']);
  });

  it('keeps the default: where the regulation returns it by itself, the sweep returns it', async () => {
    // Prepare: a dossier under the default rules
    const unit = await as('unit-a-officer');
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh', ['proposalLetter']);
    await unit.post(`/api/dossiers/${id}/submit`);
    const waiting = await unit.waitForTask<DossierView>(id, 'supplement', 'SupplementRequested');
    const dueAt = waiting.tasks.find((t) => t.step === 'supplement')?.dueAt ?? '';
    // Act
    expect((await sweep(new Date(Date.parse(dueAt) + 3600_000).toISOString())).status).toBe(200);
    // Assess
    expect((await unit.waitForStatus<DossierView>(id, 'Returned')).events.filter((e) => e.action === 'escalated')).toEqual([]);
  });
});
