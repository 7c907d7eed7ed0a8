import middy from '@middy/core';
import { randomUUID } from 'node:crypto';
import { createDossier } from '#adapters/dossier-repository';
import { getUnit } from '#adapters/unit-repository';
import { localDate } from '#domain/calendar';
import { findAwardForm } from '#domain/catalogue';
import { planCreation } from '#domain/dossier-change';
import { assertFitsForm } from '#domain/nominees';
import { actorRef, assertCanCreateDossier } from '#domain/roles';
import { assertUnitCanFile } from '#domain/units';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { CreateDossierInput } from '#schemas/input/create-dossier';
import { parseInput } from '#schemas/validation';

const create = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const input = parseInput(CreateDossierInput, event.body);
  // The catalogue's recipient types and kinds of the chosen form (docs/domain.md §3), before anything is read or written.
  assertFitsForm(findAwardForm(input.awardCode), input);
  const unitId = assertCanCreateDossier(actor);
  const now = new Date();
  assertUnitCanFile(await getUnit(unitId), unitId, localDate(now));
  const { dossier, auditEvent } = planCreation(
    { id: `d-${randomUUID()}`, unitId, createdBy: { ...actorRef(actor), unitId }, ...(actor.email ? { contactEmail: actor.email } : {}), fields: input },
    now,
  );
  await createDossier(dossier, auditEvent);
  return json(201, { dossier });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(create);
