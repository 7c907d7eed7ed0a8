import middy from '@middy/core';
import { commitChange, getDossier, getDossierBundle, listAllDossiersByStatus, listOpenTasks, listUndeliveredHandoffs, ops } from '#adapters/dossier-repository';
import { deliverHandoff, hasUndeliveredHandoff } from '#adapters/handoff';
import { emitCounts } from '#adapters/metrics';
import { startDossierWorkflowOnce } from '#adapters/workflow';
import { findAwardForm } from '#domain/catalogue';
import { returnForMissedSupplement } from '#adapters/supplement-return';
import { listRegulations } from '#adapters/regulation-repository';
import { localDate } from '#domain/calendar';
import { centralAnswerOverdueMonths, councilRuleOf, regulationOn, rulesOf } from '#domain/regulation';
import { centralAnswerDue } from '#domain/upward';
import { reminderHorizon, sweepActionFor } from '#domain/deadlines';
import { planChange, systemActor } from '#domain/dossier-change';
import { ConflictError } from '#domain/errors';
import { humanSteps } from '#domain/lifecycle';
import { metricNames, yearEndReportDue } from '#domain/metrics';
import { latestReport } from '#adapters/report-versions';
import type { TaskRecord } from '#schemas/records';
import * as z from 'zod/mini';
import { parseInput } from '#schemas/validation';

/** `asOf` lets an operator (or a test) run the sweep for a given instant; the schedule sends no input. */
const SweepInput = z.object({ asOf: z.optional(z.iso.datetime()) });

/**
 * Daily: supplement requests past their deadline are returned (the wait is failed with Deadline.Expired) where
 * the dossier's regulation returns them by itself, else escalated once; other overdue steps are escalated once; steps due within two working days get one reminder. Each audit
 * event (and so each email) is written in one transaction with the task's mark, so a second or concurrent
 * sweep sends nothing twice.
 */
const sweep = async (payload: unknown) => {
  const { asOf } = parseInput(SweepInput, payload ?? {});
  const now = asOf ? new Date(asOf) : new Date();
  const horizon = reminderHorizon(now).toISOString();
  const roles = [...new Set(Object.values(humanSteps).map((s) => s.role))];
  const tasks = (await Promise.all(roles.map((role) => listOpenTasks({ role, dueBefore: horizon })))).flat();
  const summary = { returned: 0, escalated: 0, reminded: 0, skipped: 0, restarted: await restartUnstarted(now), ...(await redeliverHandoffs()), centralOverdue: await remindOverdueCentral(now) };
  for (const task of tasks) {
    try {
      // Whether a missed supplement returns the dossier is the province's rule the dossier was submitted under.
      const returnsByItself = task.step !== 'supplement' || rulesOf(await getDossier(task.dossierId)).returnAfterMissedSupplement;
      const action = sweepActionFor(task, now, returnsByItself);
      if (action === 'return') summary.returned += await expire(task, now);
      else if (action === 'escalate') summary.escalated += await mark(task, now, 'escalated', 'escalatedAt', { reason: task.step === 'supplement' ? 'supplementOverdue' : 'overdue' });
      else if (action === 'remind') summary.reminded += await mark(task, now, 'reminder', 'remindedAt', {});
    } catch (error) {
      // Another sweep (or the person) got there first; the next run sees the new state.
      if (!(error instanceof ConflictError)) throw error;
      summary.skipped += 1;
    }
  }
  // The heartbeat the "sweep did not run" alarm watches, the overdue steps it found, and whether the year-end
  // job (which runs once a year, so has no daily heartbeat to miss) has made this year's report by now.
  const dueYear = process.env.YEAR_END_DAY ? yearEndReportDue(localDate(now), process.env.YEAR_END_DAY) : undefined;
  const yearEndMissed = dueYear !== undefined && !(await latestReport(dueYear)) ? 1 : 0;
  await emitCounts({ [metricNames.heartbeat]: 1, [metricNames.overdueSteps]: summary.returned + summary.escalated, [metricNames.yearEndMissed]: yearEndMissed });
  return { ...summary, yearEndMissed };
};

/** Submitted this long ago and still without a step: the workflow start after the commit must have failed. */
const UNSTARTED_AFTER_MS = 2 * 60 * 1000;

/**
 * A submit commits the dossier, then starts its execution; if the start failed (a crash, a throttled call),
 * the dossier would wait forever. The start is idempotent (named after the dossier), so re-issue it.
 */
async function restartUnstarted(now: Date): Promise<number> {
  let restarted = 0;
  for (const dossier of await listAllDossiersByStatus('Submitted')) {
    if (Date.parse(dossier.updatedAt) > now.getTime() - UNSTARTED_AFTER_MS) continue;
    const { tasks } = await getDossierBundle(dossier.id);
    if (tasks.some((t) => t.state === 'PENDING')) continue;
    const form = findAwardForm(dossier.awardCode);
    // An execution that exists already did start (and ended or moved on): nothing to repair there.
    if (await startDossierWorkflowOnce({ dossierId: dossier.id, awardCode: form.code, needsCouncilVote: councilRuleOf(dossier).vote !== 'none' })) restarted += 1;
  }
  return restarted;
}

/**
 * Answers committed with their task but not delivered to Step Functions (the send after the commit failed):
 * send them again. Delivery is idempotent: an answer that did arrive is only taken out of the outbox.
 */
async function redeliverHandoffs(): Promise<{ handoffsDelivered: number; handoffsPending: number }> {
  let handoffsDelivered = 0;
  let handoffsPending = 0;
  for (const task of await listUndeliveredHandoffs()) {
    if (!hasUndeliveredHandoff(task)) continue;
    if ((await deliverHandoff(task)) === 'delivered') handoffsDelivered += 1;
    else handoffsPending += 1;
  }
  return { handoffsDelivered, handoffsPending };
}

/**
 * Proposals forwarded upward whose answer is overdue by the regulation's months: one audited note (and so one
 * e-mail to the secretariat) per overdue period. The note carries the period in the dossier's version-checked
 * write, so a second or concurrent sweep of the same period sends nothing.
 */
async function remindOverdueCentral(now: Date): Promise<number> {
  const today = localDate(now);
  const months = centralAnswerOverdueMonths(regulationOn(await listRegulations(), today));
  let reminded = 0;
  for (const dossier of await listAllDossiersByStatus('ForwardedUpward')) {
    if (!dossier.proposal) continue;
    const due = centralAnswerDue(dossier.proposal.date, today, months);
    if (due.periods <= (dossier.centralReminders ?? 0)) continue;
    const change = planChange(dossier, { action: 'centralAnswerOverdue', actor: systemActor, details: { dueDate: due.dueDate, period: due.periods, months }, set: { centralReminders: due.periods } }, now);
    try {
      await commitChange(change);
      reminded += 1;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return reminded;
}

async function expire(task: TaskRecord, now: Date): Promise<number> {
  await returnForMissedSupplement(await getDossier(task.dossierId), task, systemActor, now);
  return 1;
}

async function mark(task: TaskRecord, now: Date, action: 'reminder' | 'escalated', field: 'remindedAt' | 'escalatedAt', extra: Record<string, string>): Promise<number> {
  const dossier = await getDossier(task.dossierId);
  const change = planChange(dossier, { action, actor: systemActor, details: { step: task.step, dueAt: task.dueAt, ...extra } }, now);
  await commitChange(change, [ops.markTask(task, field, now.toISOString())]);
  return 1;
}

export const handler = middy().handler(sweep);
