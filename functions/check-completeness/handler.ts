import middy from '@middy/core';
import { commitChange, getDossierBundle } from '#adapters/dossier-repository';
import { missingDocuments } from '#domain/completeness';
import { rulesOf } from '#domain/regulation';
import { planChange, systemActor } from '#domain/dossier-change';
import { WorkflowStepInput } from '#domain/workflow';
import { parseInput } from '#schemas/validation';

/**
 * Reception (tiếp nhận): every document kind the award form requires must have a verified file. Complete →
 * appraisal; otherwise → supplement request listing what is missing. A retry after a committed check only
 * reports the stored result.
 */
const checkCompleteness = async (payload: unknown) => {
  const { dossierId } = parseInput(WorkflowStepInput, payload);
  const { dossier, documents } = await getDossierBundle(dossierId);
  if (dossier.status !== 'Submitted') {
    return { complete: dossier.status !== 'SupplementRequested', missing: dossier.missingDocuments ?? [] };
  }
  const missing = missingDocuments(rulesOf(dossier).form, documents);
  const complete = missing.length === 0;
  const change = planChange(
    dossier,
    complete
      ? { event: 'passCompleteness', actor: systemActor, set: { missingDocuments: [] } }
      : { event: 'requestSupplement', actor: systemActor, details: { missing }, set: { missingDocuments: missing } },
    new Date(),
  );
  await commitChange(change);
  return { complete, missing };
};

export const handler = middy().handler(checkCompleteness);
