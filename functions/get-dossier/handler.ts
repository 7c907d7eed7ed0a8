import middy from '@middy/core';
import { getDossierBundle, withoutToken } from '#adapters/dossier-repository';
import { assertCanViewDossier } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';

/** A dossier with its documents, open and closed tasks (never their tokens) and the audit trail. */
const getDossier = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const bundle = await getDossierBundle(pathParam(event, 'dossierId'));
  assertCanViewDossier(actor, bundle.dossier);
  return json(200, { ...bundle, tasks: bundle.tasks.map(withoutToken) });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(getDossier);
