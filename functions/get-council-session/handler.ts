import { getSession, listParticipations } from '#adapters/council-repository';
import { assertCanViewSession } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/council';

/** A session as the secretary and members see it: who has voted on each dossier, never how; tallies once closed. */
const getCouncilSession = async ({ actor, path }: RouteInput<typeof routes.getSession>): Promise<ApiResult> => {
  // The close's lease is bookkeeping between close requests, not part of the session anyone reads.
  const { closing: _closing, ...session } = await getSession(path.sessionId);
  assertCanViewSession(actor, session);
  const participations = await listParticipations(session.id);
  return json(200, { session, participations });
};

export const handler = apiHandler({ getSession: routes.getSession }, { getSession: getCouncilSession });
