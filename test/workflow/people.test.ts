import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '#local/api-client';
import { as, baseUrl, userIdOf } from './support.ts';

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

  it('keeps every change to a person as an audit event (who, when, before → after) that only an administrator reads; a change that changes nothing leaves no event', async () => {
    // Prepare
    const admin = await as('admin');
    const username = `ad.${randomUUID().slice(0, 8)}`;
    const email = `${username}@soyte.example.gov.vn`;
    const body = { name: 'Lê Thị Nga', email, roles: ['unitOfficer'], unitId: 'so-y-te' };
    // Act: create, edit twice (the second edit the same as the first), disable, enable
    expect((await admin.post('/api/people', { username, ...body })).status).toBe(201);
    expect((await admin.request('PUT', `/api/people/${username}`, { ...body, roles: ['unitHead'] })).status).toBe(200);
    expect((await admin.request('PUT', `/api/people/${username}`, { ...body, roles: ['unitHead'] })).status).toBe(200);
    expect((await admin.post(`/api/people/${username}/disable`)).status).toBe(200);
    expect((await admin.post(`/api/people/${username}/enable`)).status).toBe(200);
    // Assess: the person's own chain
    type Event = { seq: number; action: string; actor: { userId: string }; at: string; before?: Record<string, unknown>; after: Record<string, unknown>; changed?: string[]; entity: string; entityId: string };
    const history = await admin.get<{ intact: boolean; events: Event[] }>(`/api/people/${username}/history`);
    expect(history.status).toBe(200);
    expect(history.body.intact).toBe(true);
    expect(history.body.events.map((e) => e.action)).toEqual(['created', 'edited', 'disabled', 'enabled']);
    const me = (await admin.get<{ actor: { userId: string } }>('/api/me')).body.actor.userId;
    expect(history.body.events.every((e) => e.actor.userId === me)).toBe(true);
    expect(history.body.events[0]!.before).toBeUndefined();
    expect(history.body.events[1]).toMatchObject({ before: { roles: ['unitOfficer'] }, after: { roles: ['unitHead'], unitId: 'so-y-te', email } });
    expect(history.body.events[2]).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    // Assess: the province's list of changes, newest first, names the fields each change changed
    const changes = await admin.get<{ changes: Event[] }>('/api/directory-changes?entity=person&limit=20');
    expect(changes.status).toBe(200);
    const mine = changes.body.changes.filter((c) => c.entityId === username);
    expect(mine.map((c) => [c.action, c.changed])).toEqual([
      ['enabled', ['enabled']],
      ['disabled', ['enabled']],
      ['edited', ['roles']],
      ['created', ['email', 'enabled', 'name', 'roles', 'unitId', 'userId', 'username']],
    ]);
    // Units' changes are on the same list.
    const units = await admin.get<{ changes: Event[] }>('/api/directory-changes?entity=unit&limit=100');
    expect(units.body.changes.length).toBeGreaterThan(0);
    expect(units.body.changes.every((c) => c.entity === 'unit' && typeof c.entityId === 'string')).toBe(true);
    // And the council's roster: the demo term was set up through its API, and its own chain still verifies.
    const rosters = await admin.get<{ changes: Event[] }>('/api/directory-changes?entity=roster&limit=100');
    expect(rosters.body.changes.length).toBeGreaterThan(0);
    expect(rosters.body.changes.every((c) => c.entity === 'roster')).toBe(true);
    const rosterHistory = await admin.get<{ intact: boolean }>(`/api/council-rosters/${rosters.body.changes[0]!.entityId}/history`);
    expect(rosterHistory.body.intact).toBe(true);
    // Paging: the cursor of a page of one leads to the next, older change.
    const first = await admin.get<{ changes: Event[]; next: string }>('/api/directory-changes?limit=1');
    const second = await admin.get<{ changes: Event[] }>(`/api/directory-changes?limit=1&cursor=${first.body.next}`);
    expect(second.body.changes[0]!.at <= first.body.changes[0]!.at).toBe(true);
    expect((await admin.get<ErrorBody>('/api/directory-changes?cursor=bm90LWEta2V5')).body.error.field).toBe('cursor');
    // Personal data: the administrator only.
    for (const user of ['secretariat-head', 'officer', 'council-secretary']) {
      expect((await (await as(user)).get('/api/directory-changes')).status).toBe(403);
      expect((await (await as(user)).get(`/api/people/${username}/history`)).status).toBe(403);
    }
  });

  it("refuses a closed unit's people with 403 on every route but /api/me, though their tokens are still valid", async () => {
    // Prepare: a unit of its own, an officer in it, signed in and working
    const admin = await as('admin');
    const unitId = `xa-thu-${randomUUID().slice(0, 8)}`;
    expect((await admin.post('/api/units', { unitId, name: `Ủy ban nhân dân xã Thử số ${Math.floor(Math.random() * 1_000_000)}`, shortName: 'UBND xã Thử', type: 'commune', validFrom: '2020-01-01' })).status).toBe(201);
    const username = `cb.${randomUUID().slice(0, 8)}`;
    expect((await admin.post('/api/people', { username, name: 'Phan Văn Tâm', email: `${username}@xathu.example.gov.vn`, roles: ['unitOfficer'], unitId })).status).toBe(201);
    const officer = new ApiClient(baseUrl, ((await (await signIn(username)).json()) as { token: string }).token);
    expect((await officer.get('/api/dossiers')).status).toBe(200);
    // Act: the unit is closed (a merger)
    const unit = (await admin.get<{ unit: { version: number } }>(`/api/units/${unitId}`)).body.unit;
    expect((await admin.post(`/api/units/${unitId}/deactivate`, { version: unit.version, reason: 'Sáp nhập' })).status).toBe(200);
    // Assess
    for (const path of ['/api/dossiers', '/api/tasks', '/api/units']) {
      const res = await officer.get<ErrorBody>(path);
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status: 403, code: 'UNIT_CLOSED' });
      expect(res.body.error.message.vi).toContain('không còn hiệu lực');
    }
    expect((await officer.post<ErrorBody>('/api/dossiers', { awardCode: 'bangKhenChuTichTinh', kind: 'regular', year: 2026, title: 'x', nominees: [{ name: 'A', recipientType: 'individual' }] })).status).toBe(403);
    expect((await officer.get('/api/me')).status).toBe(200);
    // The other units' people are not touched.
    expect((await (await as('unit-a-officer')).get('/api/dossiers')).status).toBe(200);
  });

  it('the demo people are seed data: the first administrator created each through this API, and the pool gave each its own id', async () => {
    const admin = await as('admin');
    const adminId = await userIdOf('admin');
    const { people } = (await admin.get<{ people: Person[] }>('/api/people')).body;
    for (const username of ['unit-a-officer', 'officer', 'council-secretary', 'member-1', 'chair', 'no-role']) {
      const person = people.find((p) => p.username === username);
      expect(person, username).toBeDefined();
      // A user-pool id, as Cognito gives: records never confuse a person with their username.
      expect(person!.userId).toMatch(/^[0-9a-f-]{36}$/);
      const history = await admin.get<{ events: { seq: number; action: string; actor: { userId: string } }[] }>(`/api/people/${username}/history`);
      expect(history.body.events[0]).toMatchObject({ seq: 1, action: 'created', actor: { userId: adminId } });
    }
  });
});
