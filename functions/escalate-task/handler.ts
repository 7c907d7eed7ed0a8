import middy from '@middy/core';
import { commitChange, getDossier } from '#adapters/dossier-repository';
import { planChange, systemActor } from '#domain/dossier-change';
import { WorkflowStepInput } from '#domain/workflow';
import { parseInput } from '#schemas/validation';

/**
 * A wait reached its ceiling, or a step failed: record an 'escalated' audit event; the notify function
 * emails the secretariat head from it.
 */
const escalate = async (payload: unknown) => {
  const { dossierId, step, reason } = parseInput(WorkflowStepInput, payload);
  const dossier = await getDossier(dossierId);
  await commitChange(planChange(dossier, { action: 'escalated', actor: systemActor, details: { step, reason } }, new Date()));
  return { escalated: true };
};

export const handler = middy().handler(escalate);
