import middy from '@middy/core';
import { castBallot, getSession } from '#adapters/council-repository';
import { getDossier } from '#adapters/dossier-repository';
import { paperFor, recusedError } from '#domain/council';
import { assertCanCastBallot } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, log, pathParam } from '#http/api';
import { CastBallotInput } from '#schemas/input/cast-ballot';
import { parseInput } from '#schemas/validation';

/** A member casts one secret paper per dossier, a choice for each nominee; the response confirms the vote without repeating it. */
const cast = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const session = await getSession(pathParam(event, 'sessionId'));
  const input = parseInput(CastBallotInput, event.body);
  assertCanCastBallot(actor, session, input.dossierId, input.written === true);
  const dossier = await getDossier(input.dossierId);
  // A member of the submitting unit never votes on it; declared recusals are checked inside the ballot's transaction.
  if (actor.unitId !== undefined && actor.unitId === dossier.unitId) throw recusedError();
  const paper = paperFor(dossier.nominees, input);
  await castBallot(session.id, input.dossierId, actor.userId, paper);
  (await log()).info('ballot cast', { sessionId: session.id, dossierId: input.dossierId });
  return json(201, { voted: true, sessionId: session.id, dossierId: input.dossierId });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(cast);
