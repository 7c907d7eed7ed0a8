import middy from '@middy/core';
import { commitChange, getDossier, listOpenTasks, markTask, ops } from '#adapters/dossier-repository';
import { failWaitingStep } from '#adapters/workflow';
import { addWorkingDays, localDate } from '#domain/calendar';
import { planChange, systemActor } from '#domain/dossier-change';
import { humanSteps } from '#domain/lifecycle';
import { workflowErrors } from '#domain/workflow';
import type { TaskRecord } from '#schemas/records';
import { z } from 'zod/mini';
import { parseInput } from '#schemas/validation';

/** `asOf` lets an operator (or a test) run the sweep for a given instant; the schedule sends no input. */
const SweepInput = z.object({ asOf: z.optional(z.iso.datetime()) });
const REMIND_WORKING_DAYS_BEFORE = 2;

/**
 * Daily: supplement requests past their deadline are returned (the wait is failed with Deadline.Expired);
 * other overdue steps are escalated once; steps due within two working days get one reminder.
 */
const sweep = async (payload: unknown) => {
  const { asOf } = parseInput(SweepInput, payload ?? {});
  const now = asOf ? new Date(asOf) : new Date();
  const remindBefore = `${addWorkingDays(localDate(now), REMIND_WORKING_DAYS_BEFORE)}T23:59:59.999Z`;
  const roles = [...new Set(Object.values(humanSteps).map((s) => s.role))];
  const tasks = (await Promise.all(roles.map((role) => listOpenTasks({ role, dueBefore: remindBefore })))).flat();
  const summary = { returned: 0, escalated: 0, reminded: 0 };
  for (const task of tasks) {
    if (task.dueAt <= now.toISOString()) await overdue(task, now, summary);
    else if (!task.remindedAt) await remind(task, now, summary);
  }
  return summary;
};

async function overdue(task: TaskRecord, now: Date, summary: Record<string, number>): Promise<void> {
  const dossier = await getDossier(task.dossierId);
  if (task.step === 'supplement') {
    const details = { step: task.step, dueAt: task.dueAt, reason: 'supplementDeadlinePassed' };
    const change = planChange(dossier, { event: 'expireSupplement', actor: systemActor, details, set: { outcomeReason: details.reason } }, now);
    await commitChange(change, [ops.closeTask(task, 'CANCELLED', systemActor.userId, now.toISOString())]);
    await failWaitingStep(task.token, workflowErrors.deadlineExpired, 'Supplement deadline passed');
    summary.returned = (summary.returned ?? 0) + 1;
  } else if (!task.escalatedAt) {
    await commitChange(planChange(dossier, { action: 'escalated', actor: systemActor, details: { step: task.step, dueAt: task.dueAt, reason: 'overdue' } }, now));
    await markTask(task, 'escalatedAt', now.toISOString());
    summary.escalated = (summary.escalated ?? 0) + 1;
  }
}

async function remind(task: TaskRecord, now: Date, summary: Record<string, number>): Promise<void> {
  const dossier = await getDossier(task.dossierId);
  await commitChange(planChange(dossier, { action: 'reminder', actor: systemActor, details: { step: task.step, dueAt: task.dueAt } }, now));
  await markTask(task, 'remindedAt', now.toISOString());
  summary.reminded = (summary.reminded ?? 0) + 1;
}

export const handler = middy().handler(sweep);
