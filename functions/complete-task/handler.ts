import { commitChange, getDossierAndTask, ops } from '#adapters/dossier-repository';
import { deliverHandoff, hasUndeliveredHandoff } from '#adapters/handoff';
import { planChange } from '#domain/dossier-change';
import { ConflictError } from '#domain/errors';
import { findAwardForm } from '#domain/catalogue';
import { changeForOutcome } from '#domain/lifecycle';
import { councilRuleOf } from '#domain/regulation';
import { actorRef, assertCanActOnStep } from '#domain/roles';
import { apiHandler, type ApiResult, json, log, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

const handoffPending = {
  code: 'HANDOFF_PENDING',
  message: {
    vi: 'Đã ghi nhận kết quả; quy trình sẽ nhận kết quả ngay khi hệ thống sẵn sàng (không cần gửi lại)',
    en: 'The answer is recorded; the workflow receives it as soon as the system is available (no need to send it again)',
  },
};

/**
 * A person completes a human step. The dossier's transition, the task's PENDING→DONE flip and the answer owed
 * to the execution (an outbox) are one conditional write, so of two concurrent or replayed calls exactly one
 * succeeds. SendTaskSuccess follows; if it fails the answer stays owed: 202, and the sweep or a retry of the
 * same answer by the same person delivers it.
 */
const complete = async ({ actor, body: input, path }: RouteInput<typeof routes.completeTask>): Promise<ApiResult> => {
  // The body (its step from the path) is checked before the dossier is read.
  const { dossier, task } = await getDossierAndTask(path.dossierId, input.step);
  assertCanActOnStep(actor, input.step, dossier);
  const findings = changeForOutcome(input, { council: councilRuleOf(dossier), level: findAwardForm(dossier.awardCode).level }, dossier.nominees);
  const output = JSON.stringify(findings.outcome);
  if (task?.state === 'DONE' && task.completedBy === actor.userId && task.handoff?.output === output) {
    // The same person sends the same answer again (a lost reply, a 202): deliver it if still owed.
    const delivery = hasUndeliveredHandoff(task) ? await deliverHandoff(task) : 'delivered';
    return delivery === 'delivered' ? json(200, { dossier }) : json(202, { dossier, ...handoffPending });
  }
  if (task?.state !== 'PENDING') {
    throw new ConflictError({ code: 'TASK_NOT_OPEN', messages: { vi: 'Bước này không còn chờ xử lý', en: 'This step is not waiting for action' } });
  }
  const now = new Date();
  const { event: lifecycleEvent, details, set } = findings;
  const change = planChange(dossier, { event: lifecycleEvent, actor: actorRef(actor), details, set }, now);
  const handoff = { output };
  await commitChange(change, [ops.closeTask(task, 'DONE', actor.userId, now.toISOString(), handoff)]);
  const delivery = await deliverHandoff({ ...task, handoff });
  (await log()).info('task completed', { dossierId: dossier.id, step: input.step, outcome: findings.outcome.outcome, by: actor.userId, delivery });
  return delivery === 'delivered' ? json(200, { dossier: change.after }) : json(202, { dossier: change.after, ...handoffPending });
};

export const handler = apiHandler({ completeTask: routes.completeTask }, { completeTask: complete });
