import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '#local/api-client';
import { as, baseUrl } from './support.ts';

interface Person { username: string; userId: string; name: string; email: string; roles: string[]; unitId?: string; enabled: boolean }
type ErrorBody = { error: { code: string; field?: string; message: { vi: string; en: string } } };

const signIn = (username: string) => fetch(`${baseUrl}/_local/token`, { method: 'POST', body: JSON.stringify({ userId: username }) });
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe("the province's people, administered through the API (the user pool's admin operations)", () => {
  it('creates an officer of a unit who signs in with that unit and role; a change of role or a disabling applies at once, even to tokens already issued', async () => {
    // Prepare
    const admin = await as('admin');
    const username = `cb.${randomUUID().slice(0, 8)}`;
    const email = `${username}@soyte.example.gov.vn`;
    // Act: create
    const created = await admin.post<{ person: Person }>('/api/people', { username, name: 'Võ Thị Hoa', email: email.toUpperCase(), roles: ['unitOfficer'], unitId: 'so-y-te' });
    // Assess
    expect(created.status).toBe(201);
    expect(created.body.person).toMatchObject({ username, name: 'Võ Thị Hoa', email, roles: ['unitOfficer'], unitId: 'so-y-te', enabled: true });
    const listed = await admin.get<{ people: Person[] }>('/api/people');
    expect(listed.body.people.find((p) => p.username === username)).toMatchObject({ roles: ['unitOfficer'], unitId: 'so-y-te' });
    const first = (await (await signIn(username)).json()) as { token: string };
    expect(claims(first.token)).toMatchObject({ 'cognito:groups': ['unitOfficer'], 'custom:unitId': 'so-y-te', email, sub: created.body.person.userId });
    const officer = new ApiClient(baseUrl, first.token);
    const dossier = await officer.post<{ dossier: { unitId: string } }>('/api/dossiers', { awardCode: 'bangKhenChuTichTinh', kind: 'regular', year: 2026, title: 'Tập thể Phòng Nghiệp vụ Y', nominees: [{ name: 'Phòng Nghiệp vụ Y', recipientType: 'collective' }] });
    expect(dossier.status).toBe(201);
    expect(dossier.body.dossier.unitId).toBe('so-y-te');

    // Act: move them to the secretariat (a provincial role carries no unit); their first token is still valid

    const moved = await admin.request<{ person: Person }>('PUT', `/api/people/${username}`, { name: 'Võ Thị Hoa', email, roles: ['officer'] });
    expect(moved.status).toBe(200);
    expect(moved.body.person.roles).toEqual(['officer']);
    expect(moved.body.person.unitId).toBeUndefined();
    const second = (await (await signIn(username)).json()) as { token: string };
    expect(claims(second.token)['cognito:groups']).toEqual(['officer']);
    expect(claims(second.token)['custom:unitId']).toBeUndefined();
    // The token signed while they were a unit officer now acts as what the directory says they are.
    expect((await officer.post('/api/dossiers', { awardCode: 'bangKhenChuTichTinh', kind: 'regular', year: 2026, title: 'x', nominees: [{ name: 'A', recipientType: 'individual' }] })).status).toBe(403);
    expect((await officer.get<{ actor: { roles: string[]; unitId?: string } }>('/api/me')).body.actor).toMatchObject({ roles: ['officer'] });
    expect((await officer.get<{ actor: { unitId?: string } }>('/api/me')).body.actor.unitId).toBeUndefined();

    // Act: disable, then enable
    expect((await admin.post<{ person: Person }>(`/api/people/${username}/disable`)).body.person.enabled).toBe(false);
    expect((await signIn(username)).status).toBe(400);
    // A disabled person's tokens, still unexpired, open nothing any more.
    const refused = await officer.get<ErrorBody>('/api/dossiers');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');
    expect((await officer.get('/api/me')).status).toBe(403);
    expect((await admin.post<{ person: Person }>(`/api/people/${username}/enable`)).body.person.enabled).toBe(true);
    expect((await signIn(username)).status).toBe(200);
    expect((await officer.get('/api/dossiers')).status).toBe(200);
  });

  it('refuses accounts that break the rules, naming the field in both languages, and creates nothing', async () => {
    // Prepare
    const admin = await as('admin');
    const base = { name: 'Người Thử', roles: ['unitOfficer'], unitId: 'so-giao-duc' };
    const u = () => `thu.${randomUUID().slice(0, 8)}`;
    const cases: [body: Record<string, unknown>, status: number, field: string][] = [
      [{ ...base, username: u(), email: 'khong-phai-thu' }, 400, 'email'],
      [{ ...base, username: 'Có Dấu Cách', email: 'a@b.vn' }, 400, 'username'],
      [{ ...base, username: u(), email: `${u()}@b.vn`, roles: ['unitOfficer'], unitId: undefined }, 400, 'unitId'],
      [{ ...base, username: u(), email: `${u()}@b.vn`, roles: ['chair'] }, 400, 'unitId'],
      [{ ...base, username: u(), email: `${u()}@b.vn`, unitId: 'so-khong-co' }, 400, 'unitId'],
      [{ ...base, username: u(), email: `${u()}@b.vn`, roles: ['unitOfficer', 'officer'] }, 400, 'roles'],
      [{ ...base, username: u(), email: `${u()}@b.vn`, roles: ['president'] }, 400, 'roles.0'],
      [{ ...base, username: 'unit-a-officer', email: `${u()}@b.vn` }, 409, 'username'],
      [{ ...base, username: u(), email: 'lan.nt@sogd.example.gov.vn' }, 409, 'email'],
    ];
    const before = (await admin.get<{ people: Person[] }>('/api/people')).body.people.length;
    // Act + Assess
    for (const [body, status, field] of cases) {
      const res = await admin.post<ErrorBody>('/api/people', body);
      expect({ status: res.status, field: res.body.error?.field }, JSON.stringify(body)).toEqual({ status, field });
      expect(res.body.error.message.vi).toBeTruthy();
      expect(res.body.error.message.en).toBeTruthy();
    }
    expect((await admin.get<{ people: Person[] }>('/api/people')).body.people.length).toBe(before);
    // Only an administrator manages people; an unknown account is 404.
    for (const user of ['unit-a-officer', 'secretariat-head', 'chair']) expect((await (await as(user)).get('/api/people')).status).toBe(403);
    expect((await admin.post<ErrorBody>('/api/people/khong-co-ai/disable')).status).toBe(404);
  });
});
