import { randomUUID } from 'node:crypto';
import { createDossier } from '#adapters/dossier-repository';
import { getUnit } from '#adapters/unit-repository';
import { localDate } from '#domain/calendar';
import { findAwardForm } from '#domain/catalogue';
import { planCreation } from '#domain/dossier-change';
import { assertFitsForm } from '#domain/nominees';
import { actorRef, assertCanCreateDossier } from '#domain/roles';
import { assertUnitCanFile } from '#domain/units';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

const create = async ({ actor, body: input }: RouteInput<typeof routes.createDossier>): Promise<ApiResult> => {
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

export const handler = apiHandler({ createDossier: routes.createDossier }, { createDossier: create });
