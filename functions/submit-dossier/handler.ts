import middy from '@middy/core';
import { commitChange, getDossier } from '#adapters/dossier-repository';
import { startDossierWorkflow } from '#adapters/workflow';
import { findAwardForm, needsCouncilVote } from '#domain/catalogue';
import { planChange } from '#domain/dossier-change';
import { assertCanEditDossier, actorRef } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';

/**
 * Draft → Submitted, then start the dossier's execution (named after the dossier, so Step Functions refuses a
 * second one). A repeated submit of a Submitted dossier only re-issues the same idempotent start.
 */
const submit = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  let dossier = await getDossier(pathParam(event, 'dossierId'));
  assertCanEditDossier(actor, dossier);
  if (dossier.status !== 'Submitted') {
    const change = planChange(dossier, { event: 'submit', actor: actorRef(actor), set: { submittedAt: new Date().toISOString() } }, new Date());
    await commitChange(change);
    dossier = change.after;
  }
  const form = findAwardForm(dossier.awardCode);
  await startDossierWorkflow({ dossierId: dossier.id, awardCode: form.code, needsCouncilVote: needsCouncilVote(form) });
  return json(202, { dossier });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(submit);
