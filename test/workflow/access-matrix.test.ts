import { describe, expect, it } from 'vitest';
import { ApiClient } from '#local/api-client';
import { apiRoutes } from '#schemas/routes';
import { as, baseUrl, draftDossier, type DossierView } from './support.ts';

/**
 * Route × role × unit → status, for a draft of unit A (so-giao-duc) with one verified document. Written out
 * by hand from docs/domain.md §2 — not derived from the code it checks. State-changing routes are tried by every
 * role that must be refused; the record must be unchanged afterwards.
 */
const viewers = { 'unit-a-officer': 200, 'unit-a-head': 200, 'unit-b-officer': 404, officer: 200, 'secretariat-head': 200, 'council-secretary': 200, 'member-1': 200, chair: 200, admin: 200, anonymous: 401 };

describe('the access matrix', () => {
  it('answers each role as docs/domain.md §2 says, and refused calls change nothing', async () => {
    // Prepare
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh', ['proposalLetter']);
    const owner = await as('unit-a-officer');
    const before = (await owner.get<DossierView>(`/api/dossiers/${id}`)).body;
    const documentId = before.documents[0]?.documentId;
    const rosterId = (await (await as('admin')).get<{ rosters: { rosterId: string }[] }>('/api/council-rosters?on=2026-12-10')).body.rosters[0]?.rosterId;
    const presign = { kind: 'achievementReport', fileName: 'bao-cao.pdf', contentType: 'application/pdf', size: 100, sha256: 'a'.repeat(64) };
    const matrix: { method: 'GET' | 'POST'; path: string; body?: unknown; expect: Record<string, number> }[] = [
      { method: 'GET', path: `/api/dossiers/${id}`, expect: viewers },
      { method: 'GET', path: `/api/dossiers/${id}/documents/${documentId}/download`, expect: viewers },
      // the files made from the chair's approval: none yet on a draft (409) for those who may read them
      { method: 'GET', path: `/api/dossiers/${id}/decision-documents/pdf`, expect: { 'unit-a-officer': 409, 'unit-a-head': 409, 'unit-b-officer': 404, officer: 409, 'secretariat-head': 409, 'council-secretary': 403, 'member-1': 403, chair: 409, admin: 409, anonymous: 401 } },
      { method: 'GET', path: `/api/dossiers/${id}/decision-documents/docx`, expect: { 'unit-a-officer': 403, 'unit-a-head': 403, 'unit-b-officer': 404, officer: 409, 'secretariat-head': 409, 'council-secretary': 403, 'member-1': 403, chair: 409, admin: 409, anonymous: 401 } },
      { method: 'GET', path: `/api/dossiers/${id}/audit`, expect: { 'unit-a-officer': 403, 'unit-b-officer': 403, officer: 403, 'member-1': 403, chair: 403, 'secretariat-head': 200, admin: 200, anonymous: 401 } },
      { method: 'GET', path: '/api/tasks', expect: { 'unit-a-officer': 200, officer: 200, chair: 200, 'member-1': 200, anonymous: 401 } },
      // the dossier list (issue 26): everyone with a role lists what they may see; a unit only its own, asking for another is refused
      { method: 'GET', path: '/api/dossiers?year=2026', expect: { 'unit-a-officer': 200, 'unit-a-head': 200, 'unit-b-officer': 200, officer: 200, 'secretariat-head': 200, 'council-secretary': 200, 'member-1': 200, chair: 200, admin: 200, anonymous: 401 } },
      { method: 'GET', path: '/api/dossiers?unit=xa-an-binh&sort=deadline', expect: { 'unit-a-officer': 403, 'unit-a-head': 403, 'unit-b-officer': 200, officer: 200, 'secretariat-head': 200, 'council-secretary': 200, 'member-1': 200, chair: 200, admin: 200, anonymous: 401 } },
      { method: 'GET', path: '/api/council-sessions', expect: { 'unit-a-officer': 403, 'unit-a-head': 403, 'unit-b-officer': 403, officer: 403, 'secretariat-head': 200, 'council-secretary': 200, 'member-1': 200, chair: 200, admin: 200, anonymous: 401 } },
      { method: 'GET', path: '/api/public/awards?year=2026', expect: { anonymous: 200, 'unit-b-officer': 200 } },
      // refusals only for calls that would change the draft
      { method: 'POST', path: `/api/dossiers/${id}/documents`, body: presign, expect: { 'unit-a-head': 403, 'unit-b-officer': 404, officer: 403, 'secretariat-head': 403, 'council-secretary': 403, 'member-1': 403, chair: 403, admin: 403, anonymous: 401 } },
      { method: 'POST', path: `/api/dossiers/${id}/submit`, expect: { 'unit-a-head': 403, 'unit-b-officer': 404, officer: 403, 'member-1': 403, chair: 403, admin: 403, anonymous: 401 } },
      { method: 'POST', path: `/api/dossiers/${id}/withdraw`, body: { reason: 'x' }, expect: { 'unit-b-officer': 404, officer: 403, 'council-secretary': 403, chair: 403, admin: 403, anonymous: 401 } },
      { method: 'POST', path: `/api/dossiers/${id}/tasks/appraisal/complete`, body: { result: 'eligible' }, expect: { 'unit-a-officer': 403, 'unit-b-officer': 404, 'member-1': 403, chair: 403, anonymous: 401 } },
      { method: 'POST', path: `/api/dossiers/${id}/tasks/chairDecision/complete`, body: { decision: 'reject', reason: 'x' }, expect: { 'unit-a-officer': 403, officer: 403, 'member-1': 403, 'council-secretary': 403, anonymous: 401 } },
      // revocation (Law Ch. VII): the secretariat proposes, the chair decides; a draft has no award to revoke (409), nor the proposal asked for (404)
      { method: 'POST', path: `/api/dossiers/${id}/revocations`, body: { scope: 'decision', ground: 'forgedDocuments', reason: 'x' }, expect: { 'unit-a-officer': 403, 'unit-a-head': 403, 'unit-b-officer': 404, officer: 409, 'secretariat-head': 409, 'council-secretary': 403, 'member-1': 403, chair: 403, admin: 403, anonymous: 401 } },
      { method: 'POST', path: `/api/dossiers/${id}/revocations/rv-none/decision`, body: { decision: 'revoke', decisionNumber: '1/QĐ-UBND', decisionDate: '2026-12-01' }, expect: { 'unit-a-officer': 403, 'unit-a-head': 403, 'unit-b-officer': 404, officer: 403, 'secretariat-head': 403, 'council-secretary': 403, 'member-1': 403, chair: 404, admin: 403, anonymous: 401 } },
      { method: 'POST', path: `/api/dossiers/${id}/redrive`, expect: { 'unit-a-officer': 403, 'unit-a-head': 403, 'unit-b-officer': 403, officer: 403, 'council-secretary': 403, 'member-1': 403, chair: 403, 'secretariat-head': 409, admin: 409, anonymous: 401 } },
      { method: 'POST', path: '/api/council-sessions', body: { title: 'x', date: '2026-12-10', dossierIds: [id] }, expect: { 'unit-a-officer': 403, officer: 403, 'member-1': 403, chair: 403, anonymous: 401 } },
      // the council's rosters: read by those who open sessions and the administrator, changed and audited by the administrator only
      { method: 'GET', path: '/api/council-rosters', expect: { 'unit-a-officer': 403, 'unit-b-officer': 403, officer: 403, 'secretariat-head': 200, 'council-secretary': 200, 'member-1': 403, chair: 403, admin: 200, anonymous: 401 } },
      { method: 'GET', path: `/api/council-rosters/${rosterId}`, expect: { 'unit-a-officer': 403, officer: 403, 'secretariat-head': 200, 'council-secretary': 200, 'member-1': 403, chair: 403, admin: 200, anonymous: 401 } },
      { method: 'GET', path: `/api/council-rosters/${rosterId}/history`, expect: { 'unit-a-officer': 403, officer: 403, 'secretariat-head': 403, 'council-secretary': 403, 'member-1': 403, chair: 403, admin: 200, anonymous: 401 } },
      { method: 'POST', path: '/api/council-rosters', body: {}, expect: { 'unit-a-officer': 403, officer: 403, 'secretariat-head': 403, 'council-secretary': 403, 'member-1': 403, chair: 403, admin: 400, anonymous: 401 } },
      // the unit directory: read by everyone signed in (pages show names), changed and audited by admins only
      { method: 'GET', path: '/api/units', expect: { ...viewers, 'unit-b-officer': 200 } },
      { method: 'GET', path: '/api/units/so-giao-duc/history', expect: { 'unit-a-officer': 403, 'unit-a-head': 403, officer: 403, 'secretariat-head': 403, 'member-1': 403, chair: 403, admin: 200, anonymous: 401 } },
      { method: 'POST', path: '/api/units', body: { unitId: 'so-moi', name: 'x', shortName: 'x', type: 'other' }, expect: { 'unit-a-officer': 403, 'unit-a-head': 403, officer: 403, 'secretariat-head': 403, 'council-secretary': 403, 'member-1': 403, chair: 403, anonymous: 401 } },
      { method: 'POST', path: '/api/units/so-giao-duc/deactivate', body: { version: 1 }, expect: { 'unit-a-officer': 403, 'unit-a-head': 403, officer: 403, 'secretariat-head': 403, chair: 403, anonymous: 401 } },
      // bulk import of the directory: the administrator's alone (an admin's start only makes an upload form)
      { method: 'POST', path: '/api/directory-imports', body: { kind: 'people', fileName: 'nguoi-dung.xlsx', size: 100 }, expect: { 'unit-a-officer': 403, 'unit-a-head': 403, officer: 403, 'secretariat-head': 403, 'council-secretary': 403, 'member-1': 403, chair: 403, admin: 201, anonymous: 401 } },
      { method: 'POST', path: '/api/directory-imports/imp-00000000-0000-0000-0000-000000000000/apply', expect: { 'unit-a-officer': 403, officer: 403, 'secretariat-head': 403, chair: 403, admin: 404, anonymous: 401 } },
      // proposals to the central level: the queue and the answers are the secretariat's; a person's history also their unit's
      { method: 'GET', path: '/api/upward-proposals', expect: { 'unit-a-officer': 403, 'unit-a-head': 403, officer: 200, 'secretariat-head': 200, 'council-secretary': 403, 'member-1': 403, chair: 200, admin: 200, anonymous: 401 } },
      { method: 'POST', path: `/api/dossiers/${id}/central-outcomes`, body: { nomineeIndex: 0, awarded: true, decisionNumber: '1/QĐ-TTg', decisionDate: '2026-12-20', issuingBody: 'Thủ tướng Chính phủ' }, expect: { 'unit-a-officer': 403, 'unit-a-head': 403, 'unit-b-officer': 404, officer: 409, 'secretariat-head': 409, 'council-secretary': 403, 'member-1': 403, chair: 403, admin: 403, anonymous: 401 } },
      { method: 'GET', path: '/api/award-history?unitId=so-giao-duc&name=Nguyen%20Van%20A&birthYear=1980', expect: { 'unit-a-officer': 200, 'unit-a-head': 200, 'unit-b-officer': 403, officer: 200, 'secretariat-head': 200, 'council-secretary': 403, 'member-1': 403, chair: 200, admin: 200, anonymous: 401 } },
      { method: 'POST', path: '/api/dossiers', body: { awardCode: 'bangKhenChuTichTinh', kind: 'regular', year: 2026, title: 'x', nominees: [{ name: 'A', recipientType: 'individual' }] }, expect: { officer: 403, 'member-1': 403, chair: 403, admin: 403, anonymous: 401 } },
    ];
    const anonymous = new ApiClient(baseUrl);
    const mismatches: string[] = [];
    // Act
    for (const row of matrix) {
      for (const [user, status] of Object.entries(row.expect)) {
        const client = user === 'anonymous' ? anonymous : await as(user);
        const res = await client.request(row.method, row.path, row.body ?? (row.method === 'POST' ? {} : undefined));
        if (res.status !== status) mismatches.push(`${user} ${row.method} ${row.path} → ${res.status}, expected ${status}`);
      }
    }
    // Assess
    expect(mismatches).toEqual([]);
    const after = (await owner.get<DossierView>(`/api/dossiers/${id}`)).body;
    expect(after.dossier).toEqual(before.dossier);
    expect(after.events).toEqual(before.events);
    expect(after.documents).toHaveLength(before.documents.length);
  });

  it('answers a signed-in person without any role 403 on every route but /api/me, and changes nothing', async () => {
    // Prepare: a real dossier id for the routes that take one
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh', []);
    const owner = await as('unit-a-officer');
    const before = (await owner.get<DossierView>(`/api/dossiers/${id}`)).body;
    const roleless = await as('no-role');
    const params: Record<string, string> = { dossierId: id, documentId: 'd-1', step: 'appraisal', sessionId: 's-1', year: '2026', clusterId: 'c-1', unitId: 'so-giao-duc' };
    // Act: every route of the API, as the route table declares it
    const answers: string[] = [];
    for (const route of apiRoutes) {
      const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? 'x');
      const res = await roleless.request(route.method, path, route.method === 'GET' ? undefined : {});
      answers.push(`${route.method} ${route.path} → ${res.status}${res.status === 403 ? ` ${(res.body as { error?: { code?: string } }).error?.code}` : ''}`);
    }
    // Assess: public routes answer, /api/me shows who they are, everything else is refused for want of a role
    const expected = apiRoutes.map((r) => `${r.method} ${r.path} → ${'public' in r ? 200 : r.path === '/api/me' ? 200 : '403 NO_ROLE'}`);
    expect(answers).toEqual(expected);
    expect((await roleless.get<{ actor: { roles: string[] } }>('/api/me')).body.actor.roles).toEqual([]);
    const after = (await owner.get<DossierView>(`/api/dossiers/${id}`)).body;
    expect(after.dossier).toEqual(before.dossier);
    expect(after.events).toEqual(before.events);
  });
});
