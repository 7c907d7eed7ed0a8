import middy from '@middy/core';
import { getSession, listParticipations } from '#adapters/council-repository';
import { assertCanViewSession } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';

/** A session as the secretary and members see it: who has voted on each dossier, never how; tallies once closed. */
const getCouncilSession = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  // The close's lease is bookkeeping between close requests, not part of the session anyone reads.
  const { closing: _closing, ...session } = await getSession(pathParam(event, 'sessionId'));
  assertCanViewSession(actor, session);
  const participations = await listParticipations(session.id);
  return json(200, { session, participations });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(getCouncilSession);
