import { randomUUID } from 'node:crypto';
import { createSession } from '#adapters/council-repository';
import { getDossier } from '#adapters/dossier-repository';
import { listRosters } from '#adapters/roster-repository';
import { automaticRecusals } from '#domain/council';
import { noRosterError, rosterOn, sessionElectorate } from '#domain/council-roster';
import { ConflictError, ValidationError } from '#domain/errors';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/council';

/**
 * The council secretary opens a session over dossiers that await the council; voting opens with it. Its
 * electorate is the roster in force on its date: the secretary marks members absent, never adds anyone.
 */
const openSession = async ({ actor, body: input }: RouteInput<typeof routes.openSession>): Promise<ApiResult> => {
  if (new Set(input.dossierIds).size !== input.dossierIds.length) {
    throw new ValidationError({ field: 'dossierIds', messages: { vi: 'Danh sách hồ sơ bị trùng', en: 'Duplicate dossiers' } });
  }
  const roster = rosterOn((await listRosters()).rosters, input.date);
  if (!roster) throw noRosterError(input.date);
  const electorate = sessionElectorate(roster, input.absentUsernames ?? []);
  const dossiers = await Promise.all(input.dossierIds.map(getDossier));
  const notWaiting = dossiers.filter((d) => d.status !== 'AwaitingCouncil').map((d) => d.id);
  if (notWaiting.length > 0) {
    throw new ConflictError({
      code: 'NOT_AWAITING_COUNCIL',
      field: 'dossierIds',
      messages: { vi: `Hồ sơ không ở bước chờ Hội đồng: ${notWaiting.join(', ')}`, en: `Dossiers not awaiting the council: ${notWaiting.join(', ')}` },
    });
  }
  const session = {
    id: `s-${randomUUID()}`,
    recusals: Object.fromEntries(dossiers.map((d) => [d.id, automaticRecusals({ units: electorate.memberUnits, names: electorate.memberNames }, electorate.memberIds, d)])),
    date: input.date,
    title: input.title,
    ...electorate,
    dossierIds: input.dossierIds,
    state: 'open' as const,
    createdAt: new Date().toISOString(),
    createdBy: actor.userId,
  };
  await createSession(session);
  return json(201, { session });
};

export const handler = apiHandler({ openSession: routes.openSession }, { openSession });
