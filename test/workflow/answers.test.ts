import { describe, expect, it } from 'vitest';
import { routeDescriptors } from '#schemas/routes';
import { routeKey } from '#schemas/routes/descriptor';
import { as, awaitingCouncil, openSession, userIdOf } from './support.ts';

/** The descriptor of a route, by its key: the schema its answer must fit (the OpenAPI document shows the same). */
const routeOf = (key: string) => {
  const route = routeDescriptors.find((r) => routeKey(r) === key);
  if (!route) throw new Error(`no route ${key}`);
  return route;
};

/** Calls a route as a user and returns the issues its 2xx answer has against the route's response schema. */
async function misfits(username: string | undefined, key: string, concretePath: string, body?: unknown): Promise<{ status: number; issues: string[] }> {
  const route = routeOf(key);
  const client = username ? await as(username) : undefined;
  const res = client
    ? await client.request(route.method, concretePath, body ?? (route.method === 'GET' ? undefined : {}))
    : await fetch(`${(await as('admin')).baseUrl}${concretePath}`).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
  const parsed = route.response.safeParse(res.body);
  return { status: res.status, issues: parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

describe("each route's answer fits its descriptor's response schema", () => {
  it('the reads of a dossier, its council session, the directory and the province', async () => {
    // Arrange: a dossier awaiting the council, on an open session
    const dossierId = await awaitingCouncil();
    const opened = await openSession([dossierId]);
    expect(opened.status).toBe(201);
    const sessionId = opened.body.session.id;
    const memberId = await userIdOf('member-1');
    expect(memberId).toMatch(/\S/);
    // Act + Assess: every answer is 2xx and fits
    const calls: [string | undefined, string, string][] = [
      [undefined, 'GET /api/health', '/api/health'],
      [undefined, 'GET /api/public/catalogue', '/api/public/catalogue'],
      [undefined, 'GET /api/public/awards', '/api/public/awards?year=2026'],
      ['unit-b-officer', 'GET /api/me', '/api/me'],
      ['officer', 'GET /api/tasks', '/api/tasks'],
      ['officer', 'GET /api/dossiers', '/api/dossiers'],
      ['officer', 'GET /api/dossiers/{dossierId}', `/api/dossiers/${dossierId}`],
      ['secretariat-head', 'GET /api/dossiers/{dossierId}/audit', `/api/dossiers/${dossierId}/audit`],
      ['council-secretary', 'GET /api/council-sessions', '/api/council-sessions'],
      ['council-secretary', 'GET /api/council-sessions/{sessionId}', `/api/council-sessions/${sessionId}`],
      ['secretariat-head', 'GET /api/council-sessions/{sessionId}/audit', `/api/council-sessions/${sessionId}/audit`],
      ['council-secretary', 'GET /api/council-rosters', '/api/council-rosters'],
      ['officer', 'GET /api/units', '/api/units'],
      ['officer', 'GET /api/units/{unitId}', '/api/units/so-y-te'],
      ['admin', 'GET /api/units/{unitId}/history', '/api/units/so-y-te/history'],
      ['admin', 'GET /api/people', '/api/people'],
      ['admin', 'GET /api/people/{username}', '/api/people/member-1'],
      ['admin', 'GET /api/people/{username}/history', '/api/people/member-1/history'],
      ['admin', 'GET /api/directory-changes', '/api/directory-changes'],
      ['officer', 'GET /api/regulations', '/api/regulations'],
      ['officer', 'GET /api/clusters/{year}', '/api/clusters/2026'],
      ['officer', 'GET /api/upward-proposals', '/api/upward-proposals'],
      ['officer', 'GET /api/award-history', '/api/award-history?unitId=so-y-te&name=Nguy%E1%BB%85n%20V%C4%83n%20A&birthYear=1980'],
    ];
    const found = await Promise.all(calls.map(async ([user, key, path]) => ({ key, ...(await misfits(user, key, path)) })));
    expect(found.filter((f) => f.status < 200 || f.status > 299).map((f) => `${f.key}: ${f.status}`)).toEqual([]);
    expect(found.filter((f) => f.issues.length > 0).map((f) => `${f.key}: ${f.issues.join('; ')}`)).toEqual([]);
  });
});
