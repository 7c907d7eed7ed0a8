import middy from '@middy/core';
import { commitChange, getDossierAndTask, ops } from '#adapters/dossier-repository';
import { completeWaitingStep } from '#adapters/workflow';
import { findAwardForm } from '#domain/catalogue';
import { planChange } from '#domain/dossier-change';
import { ConflictError } from '#domain/errors';
import { changeForOutcome } from '#domain/lifecycle';
import { actorRef, assertCanActOnStep } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, log, pathParam } from '#http/api';
import { CompleteTaskInput } from '#schemas/input/complete-task';
import { parseInput } from '#schemas/validation';

/**
 * A person completes a human step. The dossier's transition and the task's PENDING→DONE flip are one
 * conditional write, so of two concurrent or replayed calls exactly one succeeds and sends SendTaskSuccess.
 */
const complete = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const input = parseInput(CompleteTaskInput, { ...(event.body as object), step: pathParam(event, 'step') });
  const { dossier, task } = await getDossierAndTask(pathParam(event, 'dossierId'), input.step);
  assertCanActOnStep(actor, input.step, dossier);
  if (task?.state !== 'PENDING') {
    throw new ConflictError({ code: 'TASK_NOT_OPEN', messages: { vi: 'Bước này không còn chờ xử lý', en: 'This step is not waiting for action' } });
  }
  const now = new Date();
  const { event: lifecycleEvent, details, set, outcome } = changeForOutcome(input, findAwardForm(dossier.awardCode));
  const change = planChange(dossier, { event: lifecycleEvent, actor: actorRef(actor), details, set }, now);
  await commitChange(change, [ops.closeTask(task, 'DONE', actor.userId, now.toISOString())]);
  await completeWaitingStep(task.token, outcome);
  (await log()).info('task completed', { dossierId: dossier.id, step: input.step, outcome: outcome.outcome, by: actor.userId });
  return json(200, { dossier: change.after });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(complete);
