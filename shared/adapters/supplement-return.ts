import { planChange } from '#domain/dossier-change';
import { workflowErrors } from '#domain/workflow';
import type { ActorRef, DossierRecord, TaskRecord } from '#schemas/records';
import { commitChange, ops } from './dossier-repository.ts';
import { deliverHandoff } from './handoff.ts';

/**
 * Returns a dossier whose supplement deadline passed: the 'expireSupplement' event and the task's close (with
 * its hand-off, Deadline.Expired, kept as an outbox) in one transaction, then the hand-off to the execution,
 * which ends Returned. The daily sweep does it where the regulation returns such dossiers by itself; the
 * secretariat does it by hand where it does not. A second call finds the task closed (ConflictError).
 */
export async function returnForMissedSupplement(
  dossier: DossierRecord,
  task: TaskRecord,
  actor: ActorRef,
  now: Date,
  note?: string,
): Promise<DossierRecord> {
  const reason = 'supplementDeadlinePassed';
  const details = { step: task.step, dueAt: task.dueAt, reason, ...(note ? { note } : {}) };
  const change = planChange(dossier, { event: 'expireSupplement', actor, details, set: { outcomeReason: reason } }, now);
  const handoff = { error: workflowErrors.deadlineExpired, cause: 'Supplement deadline passed' };
  await commitChange(change, [ops.closeTask(task, 'CANCELLED', actor.userId, now.toISOString(), handoff)]);
  await deliverHandoff({ ...task, handoff }, now);
  return change.after;
}
