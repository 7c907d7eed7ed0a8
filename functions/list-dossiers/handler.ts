import middy from '@middy/core';
import { listDossiersByStatus, listDossiersOfUnit } from '#adapters/dossier-repository';
import { activeStatuses } from '#domain/lifecycle';
import { isUnitActor } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { ListDossiersQuery } from '#schemas/input/list-dossiers';
import { parseInput } from '#schemas/validation';

/** Units see their own dossiers by year; the secretariat, council and chair see dossiers by status. */
const list = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const query = parseInput(ListDossiersQuery, event.queryStringParameters ?? {});
  if (isUnitActor(actor)) {
    const own = await listDossiersOfUnit(actor.unitId ?? '-', query.year);
    return json(200, { dossiers: query.status ? own.filter((d) => d.status === query.status) : own });
  }
  const statuses = query.status ? [query.status] : activeStatuses;
  const perStatus = await Promise.all(statuses.map((s) => listDossiersByStatus(s, query.limit)));
  const dossiers = perStatus.flat().filter((d) => !query.year || d.year === query.year);
  return json(200, { dossiers });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(list);
