import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '#local/api-client';
import { as, baseUrl, userIdOf } from './support.ts';

interface Unit { unitId: string; name: string; shortName: string; type: string; active: boolean; version: number; validFrom: string; validTo?: string; parentId?: string; names: { name: string; from: string }[] }
interface ErrorBody { error: { code: string; field: string; message: { vi: string; en: string } } }
interface History { intact: boolean; events: { seq: number; action: string; actor: { userId: string }; at: string; before?: Partial<Unit>; after: Partial<Unit> }[] }

const fresh = (stem: string) => `${stem}-${randomUUID().slice(0, 8)}`;
const unit = (unitId: string, over: Record<string, unknown> = {}) => ({ unitId, name: 'Sở Tài nguyên và Môi trường', shortName: 'Sở TN&MT', type: 'department', validFrom: '2020-01-01', ...over });

describe('the unit directory', () => {
  it('an admin adds, finds, renames from a date and closes a unit; old dates keep the old name; each change is in its history', async () => {
    // Prepare
    const admin = await as('admin');
    const id = fresh('xa-hoa-binh');
    // Act
    const created = await admin.post<{ unit: Unit }>('/api/units', unit(id, { name: 'Ủy ban nhân dân xã Hòa Bình', shortName: 'UBND xã Hòa Bình', type: 'commune' }));
    const renamed = await admin.request<{ unit: Unit }>('PATCH', `/api/units/${id}`, { version: 1, name: 'Ủy ban nhân dân phường Hòa Bình', shortName: 'UBND phường Hòa Bình', nameFrom: '2025-07-01' });
    const found = await (await as('unit-b-officer')).get<{ units: Unit[] }>(`/api/units?q=${encodeURIComponent('phuong hoa binh')}&type=commune`);
    const asOf2024 = await admin.get<{ units: Unit[] }>(`/api/units?q=${id}&on=2024-12-31`);
    const closed = await admin.post<{ unit: Unit }>(`/api/units/${id}/deactivate`, { version: 2, validTo: '2026-06-30', reason: 'Sáp nhập vào phường An Bình' });
    const activeNow = await admin.get<{ units: Unit[] }>(`/api/units?q=${id}&active=true`);
    const closedNow = await admin.get<{ units: Unit[] }>(`/api/units?q=${id}&active=false`);
    const history = await admin.get<History>(`/api/units/${id}/history`);
    // Assess
    expect(created.status).toBe(201);
    expect(created.body.unit).toMatchObject({ unitId: id, active: true, version: 1 });
    expect(renamed.status).toBe(200);
    expect(renamed.body.unit).toMatchObject({ name: 'Ủy ban nhân dân phường Hòa Bình', version: 2 });
    expect(found.status).toBe(200);
    expect(found.body.units.map((u) => u.unitId)).toContain(id);
    expect(asOf2024.body.units).toEqual([expect.objectContaining({ unitId: id, name: 'Ủy ban nhân dân xã Hòa Bình' })]);
    expect(closed.status).toBe(200);
    expect(closed.body.unit).toMatchObject({ active: false, validTo: '2026-06-30', version: 3 });
    expect(activeNow.body.units).toEqual([]);
    expect(closedNow.body.units.map((u) => u.unitId)).toEqual([id]);
    expect((await admin.get<{ unit: Unit }>(`/api/units/${id}`)).body.unit.names.map((n) => n.name)).toEqual(['Ủy ban nhân dân xã Hòa Bình', 'Ủy ban nhân dân phường Hòa Bình']);
    expect(history.status).toBe(200);
    expect(history.body.intact).toBe(true);
    const adminId = await userIdOf('admin');
    expect(history.body.events.map((e) => [e.seq, e.action, e.actor.userId])).toEqual([[1, 'created', adminId], [2, 'edited', adminId], [3, 'deactivated', adminId]]);
    expect(history.body.events[1]).toMatchObject({ before: { name: 'Ủy ban nhân dân xã Hòa Bình' }, after: { name: 'Ủy ban nhân dân phường Hòa Bình' } });
    expect(history.body.events[2]).toMatchObject({ before: { active: true }, after: { active: false, validTo: '2026-06-30' } });
  });

  it('bad input answers 400 naming the field in Vietnamese and English, and stores nothing', async () => {
    // Prepare
    const admin = await as('admin');
    const id = fresh('so-xay-dung');
    const cases: [Record<string, unknown>, string][] = [
      [unit('Sở Xây dựng'), 'unitId'],
      [unit(id, { type: 'ministry' }), 'type'],
      [unit(id, { name: '' }), 'name'],
      [unit(id, { parentId: fresh('khong-co') }), 'parentId'],
      [unit(id, { parentId: id }), 'parentId'],
      [unit(id, { validTo: '2019-12-31' }), 'validTo'],
      [unit(id, { validFrom: '01/01/2020' }), 'validFrom'],
      [unit(id, { color: 'red' }), 'color'],
    ];
    // Act
    const answers = [];
    for (const [body] of cases) answers.push(await admin.post<ErrorBody>('/api/units', body));
    // Assess
    answers.forEach((res, i) => {
      expect(res.status, JSON.stringify(cases[i]![0])).toBe(400);
      expect(res.body.error.field).toBe(cases[i]![1]);
      expect(res.body.error.message.vi).toMatch(/\S/);
      expect(res.body.error.message.en).toMatch(/\S/);
    });
    expect(answers[0]!.body.error.message.vi).toContain('Mã đơn vị chỉ gồm chữ thường không dấu');
    expect((await admin.get(`/api/units/${id}`)).status).toBe(404);
  });

  it('a duplicate id and a stale version answer 409 and leave the unit and its history as they were', async () => {
    // Prepare
    const admin = await as('admin');
    const id = fresh('so-cong-thuong');
    expect((await admin.post('/api/units', unit(id, { name: 'Sở Công Thương', shortName: 'Sở CT' }))).status).toBe(201);
    expect((await admin.request('PATCH', `/api/units/${id}`, { version: 1, shortName: 'Sở Công Thương' })).status).toBe(200);
    // Act
    const duplicate = await admin.post<ErrorBody>('/api/units', unit(id, { name: 'Khác' }));
    const stale = await admin.request<ErrorBody>('PATCH', `/api/units/${id}`, { version: 1, name: 'Sở Công nghiệp' });
    const staleClose = await admin.post<ErrorBody>(`/api/units/${id}/deactivate`, { version: 1 });
    // Assess
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: 'UNIT_EXISTS', field: 'unitId' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'STALE_VERSION', field: 'version' });
    expect(staleClose.status).toBe(409);
    expect((await admin.get<{ unit: Unit }>(`/api/units/${id}`)).body.unit).toMatchObject({ name: 'Sở Công Thương', shortName: 'Sở Công Thương', version: 2, active: true });
    expect((await admin.get<History>(`/api/units/${id}/history`)).body.events).toHaveLength(2);
  });

  it('only an admin changes the directory or reads its history; every signed-in role reads it; anonymous callers get 401', async () => {
    // Prepare
    const admin = await as('admin');
    const id = fresh('hoi-nong-dan');
    expect((await admin.post('/api/units', unit(id, { name: 'Hội Nông dân tỉnh', shortName: 'Hội ND', type: 'massOrganisation' }))).status).toBe(201);
    const anonymous = new ApiClient(baseUrl);
    const mismatches: string[] = [];
    // Act
    for (const user of ['unit-a-officer', 'unit-a-head', 'officer', 'secretariat-head', 'council-secretary', 'member-1', 'chair', 'anonymous']) {
      const client = user === 'anonymous' ? anonymous : await as(user);
      const read = user === 'anonymous' ? 401 : 200;
      const write = user === 'anonymous' ? 401 : 403;
      const calls: [string, string, unknown, number][] = [
        ['GET', '/api/units', undefined, read],
        ['GET', `/api/units/${id}`, undefined, read],
        ['GET', `/api/units/${id}/history`, undefined, write],
        ['POST', '/api/units', unit(fresh('x')), write],
        ['PATCH', `/api/units/${id}`, { version: 1, name: 'Đổi tên' }, write],
        ['POST', `/api/units/${id}/deactivate`, { version: 1 }, write],
      ];
      for (const [method, path, body, status] of calls) {
        const res = await client.request(method, path, body);
        if (res.status !== status) mismatches.push(`${user} ${method} ${path} → ${res.status}, expected ${status}`);
      }
    }
    // Assess
    expect(mismatches).toEqual([]);
    expect((await admin.get<{ unit: Unit }>(`/api/units/${id}`)).body.unit).toMatchObject({ name: 'Hội Nông dân tỉnh', version: 1, active: true });
    expect((await admin.get<History>(`/api/units/${id}/history`)).body.events).toHaveLength(1);
  });

  it('the demo units were added through the API by the administrator, like any province would', async () => {
    const admin = await as('admin');
    for (const id of ['so-giao-duc', 'so-y-te', 'xa-an-binh']) {
      const history = await admin.get<History>(`/api/units/${id}/history`);
      expect(history.status).toBe(200);
      expect(history.body.events[0]).toMatchObject({ seq: 1, action: 'created', actor: { userId: await userIdOf('admin') } });
    }
    expect((await admin.get<{ unit: Unit }>('/api/units/so-giao-duc')).body.unit).toMatchObject({ name: 'Sở Giáo dục và Đào tạo', type: 'department', active: true });
  });
});

describe('the directory under concurrency and faults', () => {
  afterEach(async () => {
    await fetch(`${baseUrl}/_local/faults`, { method: 'DELETE' });
  });

  it('two edits from the same version: one is stored, the other answers 409, and the history has one event per stored change', async () => {
    // Prepare
    const admin = await as('admin');
    const id = fresh('so-noi-vu');
    expect((await admin.post('/api/units', unit(id, { name: 'Sở Nội vụ', shortName: 'Sở NV' }))).status).toBe(201);
    // Act
    const answers = await Promise.all(['Sở Nội vụ tỉnh', 'Sở Nội vụ (mới)'].map((name) => admin.request<{ unit: Unit }>('PATCH', `/api/units/${id}`, { version: 1, name })));
    // Assess
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!.body.unit.name;
    expect((await admin.get<{ unit: Unit }>(`/api/units/${id}`)).body.unit).toMatchObject({ name: winner, version: 2 });
    const history = (await admin.get<History>(`/api/units/${id}/history`)).body;
    expect(history.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(history.events[1]!.after.name).toBe(winner);
    expect(history.intact).toBe(true);
  });

  it('a failed write stores neither the unit nor its audit event; the same request then succeeds once', async () => {
    // Prepare: the table refuses every transaction for a while (the SDK's own retries included)
    const admin = await as('admin');
    const id = fresh('so-tu-phap');
    const armed = await fetch(`${baseUrl}/_local/faults`, { method: 'POST', body: JSON.stringify({ service: 'dynamodb', operation: 'TransactWriteItems', count: 10, status: 500, errorType: 'InternalServerError' }) });
    expect(armed.status).toBe(201);
    // Act
    const failed = await admin.post<ErrorBody>('/api/units', unit(id, { name: 'Sở Tư pháp', shortName: 'Sở TP' }));
    await fetch(`${baseUrl}/_local/faults`, { method: 'DELETE' });
    const missing = await admin.get(`/api/units/${id}`);
    const history = await admin.get<History>(`/api/units/${id}/history`);
    const retried = await admin.post('/api/units', unit(id, { name: 'Sở Tư pháp', shortName: 'Sở TP' }));
    // Assess
    expect(failed.status).toBe(503);
    expect(missing.status).toBe(404);
    expect(history.status).toBe(404);
    expect(retried.status).toBe(201);
    expect((await admin.get<History>(`/api/units/${id}/history`)).body.events.map((e) => e.action)).toEqual(['created']);
  });
});

describe('dossiers and the directory', () => {
  it("a unit closed in the directory can no longer create, submit or even read dossiers (403 naming unitId); its earlier dossiers keep its name", async () => {
    // Prepare: a commune of this test's own and its officer (closing a seed unit would lock its officer out of every
    // file that runs after this one), who drafts a dossier while the commune is open
    const admin = await as('admin');
    const unitId = fresh('xa-tan-lap');
    expect((await admin.post('/api/units', unit(unitId, { name: 'Ủy ban nhân dân xã Tân Lập', shortName: 'UBND xã Tân Lập', type: 'commune' }))).status).toBe(201);
    const username = fresh('can-bo-tan-lap');
    expect((await admin.post('/api/people', { username, name: 'Cán bộ thử xã Tân Lập', email: `${username}@tanlap.example.gov.vn`, roles: ['unitOfficer'], unitId })).status).toBe(201);
    const officer = await as(username);
    const draft = { awardCode: 'bangKhenChuTichTinh', kind: 'regular', year: 2026, title: 'Bằng khen: trường mầm non Tân Lập', nominees: [{ name: 'Trường mầm non Tân Lập', recipientType: 'collective' }] };
    const before = await officer.post<{ dossier: { id: string } }>('/api/dossiers', draft);
    expect(before.status).toBe(201);
    // Act: the commune is merged away; its officer tries again
    expect((await admin.post(`/api/units/${unitId}/deactivate`, { version: 1, validTo: '2026-01-01', reason: 'Sáp nhập' })).status).toBe(200);
    const after = await officer.post<ErrorBody>('/api/dossiers', draft);
    // Assess
    expect(after.status).toBe(403);
    expect(after.body.error.field).toBe('unitId');
    expect(after.body.error.message.vi).toContain('Ủy ban nhân dân xã Tân Lập');
    const submit = await officer.post<ErrorBody>(`/api/dossiers/${before.body.dossier.id}/submit`);
    expect(submit.status).toBe(403);
    expect(submit.body.error.field).toBe('unitId');
    expect((await officer.get<ErrorBody>(`/api/dossiers/${before.body.dossier.id}`)).body.error.code).toBe('UNIT_CLOSED');
    const view = await (await as('officer')).get<{ dossier: { status: string }; unitName?: string }>(`/api/dossiers/${before.body.dossier.id}`);
    expect(view.body.dossier.status).toBe('Draft');
    expect(view.body.unitName).toBe('Ủy ban nhân dân xã Tân Lập');
  });
});
