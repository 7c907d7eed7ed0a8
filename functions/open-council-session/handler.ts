import middy from '@middy/core';
import { randomUUID } from 'node:crypto';
import { createSession } from '#adapters/council-repository';
import { getDossier } from '#adapters/dossier-repository';
import { automaticRecusals } from '#domain/council';
import { ConflictError, ValidationError } from '#domain/errors';
import { assertCanManageSession } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { OpenCouncilSessionInput } from '#schemas/input/open-council-session';
import { parseInput } from '#schemas/validation';

/** The council secretary opens a session over dossiers that await the council; voting opens with it. */
const openSession = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  assertCanManageSession(actor);
  const input = parseInput(OpenCouncilSessionInput, event.body);
  const unknownMembers = [...Object.keys(input.memberUnits ?? {}), ...Object.keys(input.memberNames ?? {})].filter((m) => !input.memberIds.includes(m));
  if (unknownMembers.length > 0 || new Set(input.memberIds).size !== input.memberIds.length || new Set(input.dossierIds).size !== input.dossierIds.length) {
    throw new ValidationError({
      field: unknownMembers.length > 0 ? 'memberUnits' : 'memberIds',
      messages: { vi: 'Danh sách thành viên hoặc hồ sơ bị trùng, hoặc có đơn vị cho người không phải thành viên', en: 'Duplicate members or dossiers, or a unit given for a non-member' },
    });
  }
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
    recusals: Object.fromEntries(dossiers.map((d) => [d.id, automaticRecusals({ units: input.memberUnits, names: input.memberNames }, input.memberIds, d)])),
    date: input.date,
    title: input.title,
    memberIds: input.memberIds,
    dossierIds: input.dossierIds,
    state: 'open' as const,
    createdAt: new Date().toISOString(),
    createdBy: actor.userId,
  };
  await createSession(session);
  return json(201, { session });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(openSession);
