import { listSessions } from '#adapters/council-repository';
import { sessionListScope } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/council';

/** Sessions newest first, by state and meeting year: all for the secretariat, chair and admin; a member's own for a member. */
const list = async (request: RouteInput<typeof routes.listSessions>): Promise<ApiResult> => {
  const scope = sessionListScope(request.actor);
  const query = request.query;
  return json(200, await listSessions({ ...query, ...scope }));
};

export const handler = apiHandler({ listSessions: routes.listSessions }, { listSessions: list });
