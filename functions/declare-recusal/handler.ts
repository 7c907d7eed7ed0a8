import middy from '@middy/core';
import { addRecusal, getSession } from '#adapters/council-repository';
import { assertCanCastBallot } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';
import { DeclareRecusalInput } from '#schemas/input/declare-recusal';
import { parseInput } from '#schemas/validation';

/**
 * A member declares a conflict of interest on one dossier before voting on it; the base of that dossier shrinks.
 * Declared once, and never after a ballot: both are checked inside the recusal's transaction.
 */
const declare = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const session = await getSession(pathParam(event, 'sessionId'));
  const input = parseInput(DeclareRecusalInput, event.body);
  assertCanCastBallot(actor, session, input.dossierId);
  await addRecusal(session.id, input.dossierId, { memberId: actor.userId, reason: input.reason, automatic: false });
  return json(201, { recused: true, sessionId: session.id, dossierId: input.dossierId });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(declare);
