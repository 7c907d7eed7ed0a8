import { describe, expect, it } from 'vitest';
import { ApiClient } from '#local/api-client';
import { samplePdf } from '#local/sample-pdf';
import { as, baseUrl, draftDossier, type DossierView } from './support.ts';

interface ErrorBody {
  error: { code: string; field?: string; message: { vi: string; en: string } };
}
const expectError = (body: unknown, code: string) => {
  const { error } = body as ErrorBody;
  expect(error.code).toBe(code);
  expect(error.message.vi.length).toBeGreaterThan(0);
  expect(error.message.en.length).toBeGreaterThan(0);
  return error;
};

describe('who may do what, checked through the HTTP API', () => {
  it("keeps a unit's dossiers from another unit: not visible (404), not changeable, not listed", async () => {
    // Prepare
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh');
    const otherUnit = await as('unit-b-officer');
    const before = (await (await as('unit-a-officer')).get<DossierView>(`/api/dossiers/${id}`)).body;
    // Act
    const read = await otherUnit.get(`/api/dossiers/${id}`);
    const submit = await otherUnit.post(`/api/dossiers/${id}/submit`);
    const upload = await otherUnit.post(`/api/dossiers/${id}/documents`, { kind: 'proposalLetter', fileName: 'x.pdf', contentType: 'application/pdf', size: 10, sha256: 'a'.repeat(64) });
    const withdraw = await otherUnit.post(`/api/dossiers/${id}/withdraw`, { reason: 'thử' });
    const list = await otherUnit.get<{ dossiers: { id: string }[] }>('/api/dossiers');
    // Assess
    for (const res of [read, submit, upload, withdraw]) {
      expect(res.status).toBe(404);
      expectError(res.body, 'NOT_FOUND');
    }
    expect(list.body.dossiers.map((d) => d.id)).not.toContain(id);
    const after = (await (await as('unit-a-officer')).get<DossierView>(`/api/dossiers/${id}`)).body;
    expect(after.dossier).toEqual(before.dossier);
    expect(after.documents).toEqual(before.documents);
  });

  it('refuses a ballot from an officer and a decision from a council member (403), changing nothing', async () => {
    // Prepare: a dossier waiting for the council, on an open session
    const unit = await as('unit-b-officer');
    const officer = await as('officer');
    const secretary = await as('council-secretary');
    const { id } = await draftDossier('unit-b-officer', 'coThiDuaTinh');
    await unit.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
    const waiting = await secretary.waitForTask<DossierView>(id, 'council', 'AwaitingCouncil');
    // the demo roster's session; the secretary marks member-5 absent
    const session = await secretary.post<{ session: { id: string } }>('/api/council-sessions', { title: 'Phiên họp', date: '2026-12-10', absentUsernames: ['member-5'], dossierIds: [id] });
    expect(session.status).toBe(201);
    // Act
    const officerBallot = await officer.post(`/api/council-sessions/${session.body.session.id}/ballots`, { dossierId: id, choice: 'agree' });
    const absentBallot = await (await as('member-5')).post(`/api/council-sessions/${session.body.session.id}/ballots`, { dossierId: id, choice: 'agree' });
    const memberDecision = await (await as('member-1')).post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '9/QĐ-UBND', decisionDate: '2026-12-15' });
    const unitAppraisal = await unit.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
    const memberOpensSession = await (await as('member-2')).post('/api/council-sessions', { title: 'x', date: '2026-12-10', dossierIds: [id] });
    // Assess
    for (const res of [officerBallot, memberDecision, unitAppraisal, memberOpensSession]) {
      expect(res.status).toBe(403);
      expectError(res.body, 'FORBIDDEN');
    }
    // a member marked absent is on the session's base but cannot vote in it
    expect(absentBallot.status).toBe(409);
    expectError(absentBallot.body, 'MEMBER_ABSENT');
    const memberView = await (await as('member-1')).get<{ session: { voted?: unknown; ballots?: unknown } }>(`/api/council-sessions/${session.body.session.id}`);
    expect(JSON.stringify(memberView.body)).not.toMatch(/"choice"/);
    const after = await secretary.get<DossierView>(`/api/dossiers/${id}`);
    expect(after.body.dossier).toEqual(waiting.dossier);
  });
});

describe('bad input gets a clear JSON error and changes nothing', () => {
  it('answers 404 for unknown routes and 405 for a wrong method', async () => {
    const unknown = await fetch(`${baseUrl}/api/no-such-thing`);
    expect(unknown.status).toBe(404);
    expectError(await unknown.json(), 'NOT_FOUND');
    const wrongMethod = await fetch(`${baseUrl}/api/health`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as ErrorBody).error.message.en.length).toBeGreaterThan(0);
  });

  it('answers 401 without a token, with a forged one and with an expired one', async () => {
    // Prepare
    const good = await ApiClient.signIn(baseUrl, 'officer');
    const token = good.token ?? '';
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['chair'] })).toString('base64url');
    const expired = await fetch(`${baseUrl}/_local/token`, { method: 'POST', body: JSON.stringify({ userId: 'officer', ttlSeconds: 1 }) }).then((r) => r.json() as Promise<{ token: string }>);
    await new Promise((r) => setTimeout(r, 2100));
    // Act
    const responses = await Promise.all(
      [undefined, `${header}.${forgedPayload}.${signature}`, `${header}.${payload}.${(signature ?? '').slice(0, -4)}AAAA`, expired.token].map((t) =>
        fetch(`${baseUrl}/api/tasks`, { headers: t ? { authorization: `Bearer ${t}` } : {} }),
      ),
    );
    // Assess
    for (const res of responses) {
      expect(res.status).toBe(401);
      expectError(await res.json(), 'UNAUTHORIZED');
    }
  });

  it('answers 400 naming the field for bad JSON and invalid fields, in Vietnamese and English', async () => {
    const unit = await as('unit-a-officer');
    const badJson = await unit.request('POST', '/api/dossiers', '{"awardCode": ');
    expect(badJson.status).toBe(400);
    expect(expectError(badJson.body, 'VALIDATION').field).toBe('body');
    const badCode = await unit.post('/api/dossiers', { awardCode: 'huanChuongLaoDong', kind: 'regular', year: 2026, title: 'x', nominees: [{ name: 'A', recipientType: 'individual' }] });
    expect(badCode.status).toBe(400);
    expect(expectError(badCode.body, 'VALIDATION').field).toBe('awardCode');
    const badDecision = await (await as('chair')).post('/api/dossiers/d-none/tasks/chairDecision/complete', { decision: 'approve', decisionNumber: 'abc', decisionDate: '2026-12-15' });
    expect(badDecision.status).toBe(400);
    expect(expectError(badDecision.body, 'VALIDATION').field).toBe('decisionNumber');
  });

  it('refuses an upload that breaks its presigned policy (too big, wrong key) and keeps the document unverified', async () => {
    // Prepare
    const unit = await as('unit-a-officer');
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh', []);
    const bytes = samplePdf('policy test');
    const { createHash } = await import('node:crypto');
    const presign = async () =>
      unit.post<{ document: { documentId: string }; upload: { url: string; fields: Record<string, string> } }>(`/api/dossiers/${id}/documents`, {
        kind: 'proposalLetter',
        fileName: 'to-trinh.pdf',
        contentType: 'application/pdf',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
    const post = (upload: { url: string; fields: Record<string, string> }, fields: Record<string, string>, body: Uint8Array) => {
      const form = new FormData();
      for (const [k, v] of Object.entries({ ...upload.fields, ...fields })) form.append(k, v);
      form.append('file', new Blob([body], { type: 'application/pdf' }), 'to-trinh.pdf');
      return fetch(upload.url, { method: 'POST', body: form });
    };
    const tooBig = (await presign()).body;
    const wrongKey = (await presign()).body;
    // Act
    const big = await post(tooBig.upload, {}, new Uint8Array(11 * 1024 * 1024));
    const elsewhere = await post(wrongKey.upload, { key: `incoming/${id}/../other/evil.pdf` }, bytes);
    const verifyBig = await unit.post(`/api/dossiers/${id}/documents/${tooBig.document.documentId}/verify`);
    // Assess
    expect(big.status).toBe(400);
    expect(await big.text()).toContain('<Code>EntityTooLarge</Code>');
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).toContain('<Code>AccessDenied</Code>');
    expect(verifyBig.status).toBeGreaterThanOrEqual(400);
    const view = await unit.get<DossierView>(`/api/dossiers/${id}`);
    expect(view.body.documents.filter((d) => d.state === 'verified')).toEqual([]);
  });
});

describe('the API describes itself', () => {
  it('serves its OpenAPI 3.1 description publicly, as a static file beside the web app, naming the API as its server', async () => {
    const res = await fetch(`${baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: baseUrl }]);
    expect(Object.keys(doc.paths)).toContain('/api/dossiers/{dossierId}/tasks/{step}/complete');
  });
});
