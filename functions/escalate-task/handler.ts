import middy from '@middy/core';
import { notificationContext } from '#adapters/config';
import { commitChange, getDossier, getDossierBundle } from '#adapters/dossier-repository';
import { sendEmail } from '#adapters/mailer';
import { planChange, systemActor } from '#domain/dossier-change';
import { failureAlert } from '#domain/notifications';
import { WorkflowStepInput, workflowErrors } from '#domain/workflow';
import { log } from '#http/api';
import { parseInput } from '#schemas/validation';

/**
 * A wait reached its ceiling: record an 'escalated' audit event; the notify function emails the secretariat
 * head from it. A step failed for good (ReportFailure, reason 'systemError'): record 'workflowFailed' if the
 * table can be written, and in any case send the alert at once through SES to the secretariat head and the
 * administrators — the stream would carry no email if the failing part is the table itself — then fail the
 * execution here. Run again by a redrive (a higher redrive count than when the step failed): resume.
 */
const escalate = async (payload: unknown) => {
  const { dossierId, step, reason, error, failedState, failedAtRedrive, redriveCount } = parseInput(WorkflowStepInput, payload);
  if (reason === 'systemError' && redriveCount !== undefined && failedAtRedrive !== undefined && redriveCount > failedAtRedrive) {
    (await log()).info('workflow redriven; resuming the failed step', { dossierId, failedState, redriveCount });
    return { resume: true };
  }
  if (reason !== 'systemError') {
    const dossier = await getDossier(dossierId);
    await commitChange(planChange(dossier, { action: 'escalated', actor: systemActor, details: { step, reason } }, new Date()));
    return { escalated: true };
  }
  const at = new Date();
  let title: string | undefined;
  let recorded = false;
  try {
    const { dossier, events } = await getDossierBundle(dossierId);
    title = dossier.title;
    // A retried ReportFailure records the failure once.
    if (events.at(-1)?.action !== 'workflowFailed') {
      await commitChange(planChange(dossier, { action: 'workflowFailed', actor: systemActor, details: { reason, ...(error ? { error } : {}) } }, at));
    }
    recorded = true;
  } catch (thrown) {
    (await log()).error('workflow failure not recorded', { dossierId, errorName: (thrown as Error).name });
  }
  const alert = failureAlert({ dossierId, ...(title ? { title } : {}), ...(error ? { error } : {}), recorded, at: at.toISOString() }, notificationContext());
  if (alert) await sendEmail(alert);
  (await log()).warn('workflow failed; alert sent', { dossierId, error, failedState, recorded, recipients: alert?.to.length ?? 0 });
  // The execution stops at this Task, not at a Fail state: a redrive runs it again and the step is resumed.
  throw Object.assign(new Error(`Step ${failedState ?? '?'} failed (${error ?? 'unknown error'}); see the dossier audit trail`), { name: workflowErrors.failed });
};

export const handler = middy().handler(escalate);
