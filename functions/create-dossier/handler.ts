import middy from '@middy/core';
import { randomUUID } from 'node:crypto';
import { createDossier } from '#adapters/dossier-repository';
import { planCreation } from '#domain/dossier-change';
import { actorRef, assertCanCreateDossier } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { CreateDossierInput } from '#schemas/input/create-dossier';
import { parseInput } from '#schemas/validation';

const create = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const input = parseInput(CreateDossierInput, event.body);
  const unitId = assertCanCreateDossier(actor);
  const { dossier, auditEvent } = planCreation(
    { id: `d-${randomUUID()}`, unitId, createdBy: { ...actorRef(actor), unitId }, ...(actor.email ? { contactEmail: actor.email } : {}), fields: input },
    new Date(),
  );
  await createDossier(dossier, auditEvent);
  return json(201, { dossier });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(create);
