import middy from '@middy/core';
import { listOpenTasks, withoutToken } from '#adapters/dossier-repository';
import { humanSteps } from '#domain/lifecycle';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';

/** The caller's identity (GET /api/me) and open tasks for each of their roles, earliest due first (GET /api/tasks). */
const inbox = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  if (event.rawPath.endsWith('/me')) return json(200, { actor });
  const roles = [...new Set(Object.values(humanSteps).map((s) => s.role))].filter((r) => actor.roles.includes(r));
  const perRole = await Promise.all(
    roles.map((role) => listOpenTasks({ role, unitId: role === 'unitOfficer' ? actor.unitId ?? '-' : undefined })),
  );
  const now = new Date().toISOString();
  const tasks = perRole
    .flat()
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map((t) => ({ ...withoutToken(t), overdue: t.dueAt < now }));
  return json(200, { tasks });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(inbox);
