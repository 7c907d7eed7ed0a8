import middy from '@middy/core';
import { getDossierAndTask, registerTask } from '#adapters/dossier-repository';
import { dueAtFrom } from '#domain/calendar';
import { humanSteps } from '#domain/lifecycle';
import { rulesOf } from '#domain/regulation';
import { RegisterTaskInput, workflowErrors } from '#domain/workflow';
import { log } from '#http/api';
import { parseInput } from '#schemas/validation';

/**
 * A human wait begins: keep its task token server-side with who must act and the working-day due date.
 * Returns nothing — the token is never sent anywhere else.
 */
const register = async (payload: unknown): Promise<void> => {
  const { taskToken, dossierId, step } = parseInput(RegisterTaskInput, payload);
  const { dossier, task: existing } = await getDossierAndTask(dossierId, step);
  if (dossier.status === 'Withdrawn') {
    // Withdrawn while no step was waiting (e.g. during the completeness check): end the execution the same way.
    throw Object.assign(new Error(`Dossier ${dossierId} was withdrawn`), { name: workflowErrors.withdrawn });
  }
  const now = new Date();
  const assigneeRole = humanSteps[step].role;
  await registerTask({
    dossierId,
    step,
    state: 'PENDING',
    token: taskToken,
    assigneeRole,
    ...(assigneeRole === 'unitOfficer' ? { unitId: dossier.unitId } : {}),
    dueAt: dueAtFrom(now, rulesOf(dossier).form.deadlines[step]).toISOString(),
    createdAt: now.toISOString(),
  }, existing);
  (await log()).info('task registered', { dossierId, step, assigneeRole });
};

export const handler = middy().handler(register);
