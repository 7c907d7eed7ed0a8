import middy from '@middy/core';
import { commitChange, getDossier, getDossierBundle, listAllDossiersByStatus, listOpenTasks, listUndeliveredHandoffs, ops } from '#adapters/dossier-repository';
import { deliverHandoff, hasUndeliveredHandoff } from '#adapters/handoff';
import { emitCounts } from '#adapters/metrics';
import { startDossierWorkflowOnce } from '#adapters/workflow';
import { findAwardForm } from '#domain/catalogue';
import { returnForMissedSupplement } from '#adapters/supplement-return';
import { listRegulations } from '#adapters/regulation-repository';
import { notificationContext } from '#adapters/config';
import { sendToDeliverable } from '#adapters/mail-delivery';
import { getUnit } from '#adapters/unit-repository';
import { localDate } from '#domain/calendar';
import { dailyDigests, type DigestDossier, type DigestItem } from '#domain/mail-digest';
import { nameOn } from '#domain/units';
import type { HumanStep } from '#domain/workflow';
import { centralAnswerOverdueMonths, councilRuleOf, regulationOn, rulesOf } from '#domain/regulation';
import { centralAnswerDue } from '#domain/upward';
import { reminderHorizon, sweepActionFor } from '#domain/deadlines';
import { planChange, systemActor } from '#domain/dossier-change';
import { ConflictError } from '#domain/errors';
import { humanSteps } from '#domain/lifecycle';
import { metricNames, yearEndReportDue } from '#domain/metrics';
import { latestReport } from '#adapters/report-versions';
import type { DossierRecord, TaskRecord } from '#schemas/records';
import * as z from 'zod/mini';
import { parseInput } from '#schemas/validation';

/** `asOf` lets an operator (or a test) run the sweep for a given instant; the schedule sends no input. */
const SweepInput = z.object({ asOf: z.optional(z.iso.datetime()) });

/**
 * Daily: supplement requests past their deadline are returned (the wait is failed with Deadline.Expired) where
 * the dossier's regulation returns them by itself, else escalated once; other overdue steps are escalated once; steps due within two working days get one reminder. Each audit
 * event is written in one transaction with the task's mark, so a second or concurrent sweep marks nothing twice;
 * what this run marked is then told in ONE digest mail per person (mail-digest.ts), not one mail per task.
 */
const sweep = async (payload: unknown) => {
  const { asOf } = parseInput(SweepInput, payload ?? {});
  const now = asOf ? new Date(asOf) : new Date();
  const horizon = reminderHorizon(now).toISOString();
  const roles = [...new Set(Object.values(humanSteps).map((s) => s.role))];
  const tasks = (await Promise.all(roles.map((role) => listOpenTasks({ role, dueBefore: horizon })))).flat();
  const digest: DigestItem[] = [];
  unitNames.clear();
  const central = await remindOverdueCentral(now, digest);
  const summary = { returned: 0, escalated: 0, reminded: 0, skipped: 0, restarted: await restartUnstarted(now), ...(await redeliverHandoffs()), centralOverdue: central, digests: 0 };
  for (const task of tasks) {
    try {
      // Whether a missed supplement returns the dossier is the province's rule the dossier was submitted under.
      const returnsByItself = task.step !== 'supplement' || rulesOf(await getDossier(task.dossierId)).returnAfterMissedSupplement;
      const action = sweepActionFor(task, now, returnsByItself);
      if (action === 'return') summary.returned += await expire(task, now);
      else if (action === 'escalate') summary.escalated += await mark(task, now, 'escalated', 'escalatedAt', { reason: task.step === 'supplement' ? 'supplementOverdue' : 'overdue' }, digest);
      else if (action === 'remind') summary.reminded += await mark(task, now, 'reminder', 'remindedAt', {}, digest);
    } catch (error) {
      // Another sweep (or the person) got there first; the next run sees the new state.
      if (!(error instanceof ConflictError)) throw error;
      summary.skipped += 1;
    }
  }
  // A digest that cannot be sent fails the run after the heartbeat (the function-errors alarm sees it).
  let digestFailure: unknown;
  summary.digests = await sendDigests(digest, now).catch((error: unknown) => ((digestFailure = error), 0));
  // The heartbeat the "sweep did not run" alarm watches, the overdue steps it found, and whether the year-end
  // job (which runs once a year, so has no daily heartbeat to miss) has made this year's report by now.
  const dueYear = process.env.YEAR_END_DAY ? yearEndReportDue(localDate(now), process.env.YEAR_END_DAY) : undefined;
  const yearEndMissed = dueYear !== undefined && !(await latestReport(dueYear)) ? 1 : 0;
  await emitCounts({ [metricNames.heartbeat]: 1, [metricNames.overdueSteps]: summary.returned + summary.escalated, [metricNames.yearEndMissed]: yearEndMissed });
  if (digestFailure) throw digestFailure;
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
async function remindOverdueCentral(now: Date, digest: DigestItem[]): Promise<number> {
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
      digest.push({ kind: 'centralOverdue', dossier: await digestDossier(dossier, today), dueDate: due.dueDate, months });
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

async function mark(task: TaskRecord, now: Date, action: 'reminder' | 'escalated', field: 'remindedAt' | 'escalatedAt', extra: Record<string, string>, digest: DigestItem[]): Promise<number> {
  const dossier = await getDossier(task.dossierId);
  const change = planChange(dossier, { action, actor: systemActor, details: { step: task.step, dueAt: task.dueAt, ...extra } }, now);
  await commitChange(change, [ops.markTask(task, field, now.toISOString())]);
  // Only what this run committed is told: a second or concurrent sweep finds the mark and tells nothing again.
  digest.push({ kind: action === 'reminder' ? 'dueSoon' : 'overdue', dossier: await digestDossier(dossier, localDate(now)), step: task.step as HumanStep, dueAt: task.dueAt });
  return 1;
}

const unitNames = new Map<string, Promise<string>>();
/** The dossier as the digest names it: its unit by the unit's name on the sweep's day. */
async function digestDossier(dossier: DossierRecord, today: string): Promise<DigestDossier> {
  const key = `${dossier.unitId}|${today}`;
  if (!unitNames.has(key)) unitNames.set(key, getUnit(dossier.unitId).then((u) => (u ? nameOn(u, today).name : dossier.unitId)));
  const unitName = await unitNames.get(key)!;
  return { id: dossier.id, title: dossier.title, unitId: dossier.unitId, unitName, ...(dossier.contactEmail ? { contactEmail: dossier.contactEmail } : {}), ...(dossier.proposal ? { proposal: dossier.proposal } : {}) };
}

/**
 * One mail per address for what this run found. The marks are committed first, so a digest that cannot be sent
 * is not sent again by the next run: the failure is thrown (the schedule retries, its alarm sees it) and the
 * items stay in each person's inbox, where every open step is listed with its due date.
 */
async function sendDigests(items: readonly DigestItem[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  let sent = 0;
  for (const mail of dailyDigests(items, localDate(now), notificationContext())) {
    const result = await sendToDeliverable(mail);
    sent += result.sent > 0 ? 1 : 0;
  }
  return sent;
}

export const handler = middy().handler(sweep);
