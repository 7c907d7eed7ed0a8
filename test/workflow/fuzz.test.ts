import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '#schemas/routes';
import { as, baseUrl, draftDossier, type DossierView, userIdOf } from './support.ts';

/** Arbitrary JSON, strings that look like ids or paths, and raw garbage bodies. */
const json = fc.jsonValue({ maxDepth: 3 });
const segment = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('..', '%2e%2e', 'd-00000000-0000-0000-0000-000000000000', 'supplement', 'council', '💥', 'a'.repeat(300)));
const body = fc.oneof(json.map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 }), fc.constant(''));

describe('fuzzing every route', () => {
  it('never answers 5xx to arbitrary bodies, path parameters and query strings, and refused requests change nothing', async () => {
    // Prepare: a draft every user could try to damage
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh', ['proposalLetter']);
    const owner = await as('unit-a-officer');
    const before = (await owner.get<DossierView>(`/api/dossiers/${id}`)).body;
    const users = await Promise.all(['unit-a-officer', 'unit-b-officer', 'officer', 'council-secretary', 'member-1', 'chair', 'admin'].map((u) => as(u)));
    const failures: string[] = [];
    // Act
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...apiRoutes),
        fc.nat({ max: users.length }),
        fc.array(segment, { minLength: 3, maxLength: 3 }),
        body,
        fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
        fc.boolean(),
        async (route, who, segments, raw, query, useOwnDossier) => {
          let i = 0;
          const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
            name === 'dossierId' && useOwnDossier ? id : encodeURIComponent(segments[i++ % segments.length] ?? ''),
          );
          const qs = new URLSearchParams(query).toString();
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          const client = users[who];
          if (client?.token) headers.authorization = `Bearer ${client.token}`;
          const res = await fetch(`${baseUrl}${path}${qs ? `?${qs}` : ''}`, { method: route.method, headers, body: route.method === 'GET' ? undefined : raw });
          const text = await res.text();
          if (res.status >= 500) failures.push(`${route.method} ${path} ${raw.slice(0, 80)} → ${res.status} ${text.slice(0, 200)}`);
          if (res.status >= 400) {
            const parsed = JSON.parse(text) as { error?: { code?: string; message?: { vi?: string; en?: string } } };
            if (!parsed.error?.code || !parsed.error.message?.vi || !parsed.error.message.en) failures.push(`${route.method} ${path} → ${res.status} without a bilingual error body`);
          }
          return true;
        },
      ),
      { numRuns: 250 },
    );
    // Assess
    expect(failures).toEqual([]);
    // whatever happened to the draft was done by its owner or the system, and its audit chain is intact
    const after = (await owner.get<DossierView>(`/api/dossiers/${id}`)).body;
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    expect(new Set(after.events.map((e) => e.actor.userId))).toEqual(new Set([await userIdOf('unit-a-officer'), ...(after.events.some((e) => e.actor.userId === 'system') ? ['system'] : [])]));
    const audit = await (await as('secretariat-head')).get<{ intact: boolean }>(`/api/dossiers/${id}/audit`);
    expect(audit.body.intact).toBe(true);
  });
});
