import middy from '@middy/core';
import { castBallot, getSession } from '#adapters/council-repository';
import { getDossier } from '#adapters/dossier-repository';
import { isRecused } from '#domain/council';
import { ConflictError } from '#domain/errors';
import { assertCanCastBallot } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, log, pathParam } from '#http/api';
import { CastBallotInput } from '#schemas/input/cast-ballot';
import { parseInput } from '#schemas/validation';

/** A member casts one secret ballot per dossier; the response confirms the vote without repeating the choice. */
const cast = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const session = await getSession(pathParam(event, 'sessionId'));
  const input = parseInput(CastBallotInput, event.body);
  assertCanCastBallot(actor, session, input.dossierId);
  const dossier = await getDossier(input.dossierId);
  if (isRecused(session, dossier.id, actor.userId) || (actor.unitId !== undefined && actor.unitId === dossier.unitId)) {
    throw new ConflictError({
      code: 'RECUSED',
      field: 'dossierId',
      messages: { vi: 'Bạn không tham gia biểu quyết hồ sơ này (xung đột lợi ích)', en: 'You are recused from this dossier (conflict of interest)' },
    });
  }
  await castBallot(session.id, input.dossierId, actor.userId, input.choice);
  (await log()).info('ballot cast', { sessionId: session.id, dossierId: input.dossierId });
  return json(201, { voted: true, sessionId: session.id, dossierId: input.dossierId });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(cast);
