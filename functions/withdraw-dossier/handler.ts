import { commitChange, getDossierBundle, ops } from '#adapters/dossier-repository';
import { deliverHandoff } from '#adapters/handoff';
import { planChange } from '#domain/dossier-change';
import { actorRef, assertCanWithdraw } from '#domain/roles';
import { workflowErrors } from '#domain/workflow';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

/**
 * The unit withdraws: the open task is cancelled in the same write, with the Dossier.Withdrawn failure its wait
 * is owed (an outbox the sweep re-sends if the send after the commit fails).
 */
const withdraw = async (request: RouteInput<typeof routes.withdrawDossier>): Promise<ApiResult> => {
  const { actor } = request;
  const { dossier, tasks } = await getDossierBundle(request.path.dossierId);
  assertCanWithdraw(actor, dossier);
  const { reason } = request.body;
  const now = new Date();
  const open = tasks.find((t) => t.state === 'PENDING');
  const change = planChange(dossier, { event: 'withdraw', actor: actorRef(actor), details: { reason }, set: { outcomeReason: reason } }, now);
  const handoff = { error: workflowErrors.withdrawn, cause: 'Withdrawn by the submitting unit' };
  await commitChange(change, open ? [ops.closeTask(open, 'CANCELLED', actor.userId, now.toISOString(), handoff)] : []);
  if (open) await deliverHandoff({ ...open, handoff });
  return json(200, { dossier: change.after });
};

export const handler = apiHandler({ withdrawDossier: routes.withdrawDossier }, { withdrawDossier: withdraw });
