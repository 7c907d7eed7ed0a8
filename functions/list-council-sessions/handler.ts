import middy from '@middy/core';
import { listSessions } from '#adapters/council-repository';
import { sessionListScope } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { ListCouncilSessionsQuery } from '#schemas/input/list-council-sessions';
import { parseInput } from '#schemas/validation';

/** Sessions newest first, by state and meeting year: all for the secretariat, chair and admin; a member's own for a member. */
const list = async (event: ApiEvent): Promise<ApiResult> => {
  const scope = sessionListScope(actorOf(event));
  const query = parseInput(ListCouncilSessionsQuery, event.queryStringParameters ?? {});
  return json(200, await listSessions({ ...query, ...scope }));
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(list);
