import { castBallot, getSession } from '#adapters/council-repository';
import { getDossier } from '#adapters/dossier-repository';
import { paperFor, recusedError } from '#domain/council';
import { assertCanCastBallot } from '#domain/roles';
import { apiHandler, type ApiResult, json, log, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/council';

/** A member casts one secret paper per dossier, a choice for each nominee; the response confirms the vote without repeating it. */
const cast = async (request: RouteInput<typeof routes.castBallot>): Promise<ApiResult> => {
  const { actor } = request;
  const session = await getSession(request.path.sessionId);
  // The body is read once the session is found: an unknown session is a 404 whatever was sent.
  const input = request.body;
  assertCanCastBallot(actor, session, input.dossierId, input.written === true);
  const dossier = await getDossier(input.dossierId);
  // A member of the submitting unit never votes on it; declared recusals are checked inside the ballot's transaction.
  if (actor.unitId !== undefined && actor.unitId === dossier.unitId) throw recusedError();
  const paper = paperFor(dossier.nominees, input);
  await castBallot(session.id, input.dossierId, actor.userId, paper);
  (await log()).info('ballot cast', { sessionId: session.id, dossierId: input.dossierId });
  return json(201, { voted: true, sessionId: session.id, dossierId: input.dossierId });
};

export const handler = apiHandler({ castBallot: routes.castBallot }, { castBallot: cast });
