import { listOpenTasks, withoutToken } from '#adapters/dossier-repository';
import { humanSteps } from '#domain/lifecycle';
import type { Actor } from '#domain/roles';
import { apiHandler, type ApiResult, json } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

/** The caller's open tasks for each of their roles, earliest due first (GET /api/tasks). */
const openTasks = async ({ actor }: { actor: Actor }): Promise<ApiResult> => {
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

/** The caller's identity (GET /api/me), also for an account with no role yet. */
export const handler = apiHandler({ me: routes.me, openTasks: routes.openTasks }, { me: async ({ actor }) => json(200, { actor }), openTasks });
