import middy from '@middy/core';
import { commitChange, getDossierBundle, ops } from '#adapters/dossier-repository';
import { deliverHandoff } from '#adapters/handoff';
import { planChange } from '#domain/dossier-change';
import { actorRef, assertCanWithdraw } from '#domain/roles';
import { workflowErrors } from '#domain/workflow';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';
import { WithdrawInput } from '#schemas/input/withdraw';
import { parseInput } from '#schemas/validation';

/**
 * The unit withdraws: the open task is cancelled in the same write, with the Dossier.Withdrawn failure its wait
 * is owed (an outbox the sweep re-sends if the send after the commit fails).
 */
const withdraw = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const { dossier, tasks } = await getDossierBundle(pathParam(event, 'dossierId'));
  assertCanWithdraw(actor, dossier);
  const { reason } = parseInput(WithdrawInput, event.body);
  const now = new Date();
  const open = tasks.find((t) => t.state === 'PENDING');
  const change = planChange(dossier, { event: 'withdraw', actor: actorRef(actor), details: { reason }, set: { outcomeReason: reason } }, now);
  const handoff = { error: workflowErrors.withdrawn, cause: 'Withdrawn by the submitting unit' };
  await commitChange(change, open ? [ops.closeTask(open, 'CANCELLED', actor.userId, now.toISOString(), handoff)] : []);
  if (open) await deliverHandoff({ ...open, handoff });
  return json(200, { dossier: change.after });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(withdraw);
