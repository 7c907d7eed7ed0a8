import middy from '@middy/core';
import { commitChange, getDossierBundle, ops } from '#adapters/dossier-repository';
import { planChange, systemActor } from '#domain/dossier-change';
import { rulesOf } from '#domain/regulation';
import { WorkflowStepInput } from '#domain/workflow';
import { parseInput } from '#schemas/validation';

/**
 * The supplement deadline passed (sweeper, or the wait's ceiling): the dossier is returned. When the sweeper
 * (or the secretariat) already recorded it, this is a no-op, so both paths give one Returned. Where the
 * dossier's regulation does not return it by itself, the ceiling changes nothing here: the workflow escalates
 * to the secretariat and waits again (ExpireSupplement's Choice reads the status this answers).
 */
const recordOutcome = async (payload: unknown) => {
  const { dossierId, reason } = parseInput(WorkflowStepInput, payload);
  const { dossier, tasks } = await getDossierBundle(dossierId);
  if (dossier.status !== 'SupplementRequested') return { status: dossier.status, changed: false };
  if (!rulesOf(dossier).returnAfterMissedSupplement) return { status: dossier.status, changed: false };
  const now = new Date();
  const open = tasks.find((t) => t.state === 'PENDING');
  const change = planChange(dossier, { event: 'expireSupplement', actor: systemActor, details: { reason }, set: { outcomeReason: reason } }, now);
  await commitChange(change, open ? [ops.closeTask(open, 'CANCELLED', systemActor.userId, now.toISOString())] : []);
  return { status: change.after.status, changed: true };
};

export const handler = middy().handler(recordOutcome);
