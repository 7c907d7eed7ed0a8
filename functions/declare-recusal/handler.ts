import { addRecusal, getSession } from '#adapters/council-repository';
import { assertCanCastBallot } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/council';

/**
 * A member declares a conflict of interest on one dossier before voting on it; the base of that dossier shrinks.
 * Declared once, and never after a ballot: both are checked inside the recusal's transaction.
 */
const declare = async (request: RouteInput<typeof routes.declareRecusal>): Promise<ApiResult> => {
  const { actor } = request;
  const session = await getSession(request.path.sessionId);
  const input = request.body;
  assertCanCastBallot(actor, session, input.dossierId);
  await addRecusal(session.id, input.dossierId, { memberId: actor.userId, reason: input.reason, automatic: false });
  return json(201, { recused: true, sessionId: session.id, dossierId: input.dossierId });
};

export const handler = apiHandler({ declareRecusal: routes.declareRecusal }, { declareRecusal: declare });
