import { commitChange, getDossier } from '#adapters/dossier-repository';
import { describeDossierExecution, redriveDossierWorkflow } from '#adapters/workflow';
import { actorRef } from '#domain/roles';
import { planChange } from '#domain/dossier-change';
import { ConflictError } from '#domain/errors';
import { apiHandler, type ApiResult, json, log, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

const REDRIVABLE = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/**
 * The secretariat head or an admin gives a failed workflow its way back once the cause is fixed: Step
 * Functions redrives the execution from where it stopped (the failed step runs again with its input). The
 * request is an audit event ('workflowRedriven') written before the redrive is asked for.
 */
const redrive = async ({ actor, path }: RouteInput<typeof routes.redriveWorkflow>): Promise<ApiResult> => {
  // The role was checked first (the descriptor's roles): no one else learns whether the dossier exists.
  const dossier = await getDossier(path.dossierId);
  const execution = await describeDossierExecution(dossier.id);
  if (!execution || !REDRIVABLE.has(execution.status)) {
    throw new ConflictError({
      code: 'WORKFLOW_NOT_FAILED',
      messages: { vi: 'Quy trình của hồ sơ này không ở trạng thái lỗi nên không thể chạy lại', en: "This dossier's workflow has not failed, so it cannot be run again" },
    });
  }
  const change = planChange(dossier, {
    action: 'workflowRedriven',
    actor: actorRef(actor),
    details: { executionStatus: execution.status, ...(execution.error ? { error: execution.error } : {}), ...(execution.state ? { state: execution.state } : {}), redrive: execution.redriveCount + 1 },
  }, new Date());
  await commitChange(change);
  await redriveDossierWorkflow(dossier.id);
  (await log()).info('workflow redriven', { dossierId: dossier.id, by: actor.userId, state: execution.state, redrive: execution.redriveCount + 1 });
  return json(202, { dossier: change.after });
};

export const handler = apiHandler({ redriveWorkflow: routes.redriveWorkflow }, { redriveWorkflow: redrive });
