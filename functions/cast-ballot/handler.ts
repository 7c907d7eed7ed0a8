import middy from '@middy/core';
import { castBallot, getSession } from '#adapters/council-repository';
import { assertCanCastBallot } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';
import { CastBallotInput } from '#schemas/api';
import { parseInput } from '#schemas/validation';

/** A member casts one secret ballot per dossier; the response confirms the vote without repeating the choice. */
const cast = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const session = await getSession(pathParam(event, 'sessionId'));
  const input = parseInput(CastBallotInput, event.body);
  assertCanCastBallot(actor, session, input.dossierId);
  await castBallot(session.id, input.dossierId, actor.userId, input.choice);
  return json(201, { voted: true, sessionId: session.id, dossierId: input.dossierId });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(cast);
