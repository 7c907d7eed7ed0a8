import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reportWorkbook } from '#adapters/report-workbook';
import { csv, peopleHeaders, unitHeaders, xlsx } from '../support/import-files.ts';
import { applyAll, type ImportAnswer, postForm, preview, uploadImport } from './import-support.ts';
import { as, userIdOf } from './support.ts';

interface Person { username: string; name: string; email: string; roles: string[]; unitId?: string }
interface Unit { unitId: string; name: string; parentId?: string; type: string; validFrom: string }

/** A prefix of this run: ids are unique, so the tests are independent of each other and of their order. */
const run = () => `t${randomUUID().slice(0, 8)}`;
const brief = (errors: ImportAnswer['errors']) => errors.map((e) => [e.row, e.column, e.code]);

describe('bulk import of the directory through the API', () => {
  it('imports 120 units and 300 people from XLSX: a dry run of every row, then the writes with their audit, and a second apply changes nothing', { timeout: 240_000 }, async () => {
    // Prepare: 20 departments and 100 units under them (children listed first), 300 people of those units
    const admin = await as('admin');
    const p = run();
    const departments = Array.from({ length: 20 }, (_, i) => [`${p}-so-${i}`, `Sở thử ${p} số ${i}`, `STH ${i}`, 'Sở, ban, ngành', '', '01/01/2020', '']);
    const children = Array.from({ length: 100 }, (_, i) => [`${p}-xa-${i}`, `Xã thử ${p} số ${i}`, '', i % 2 ? 'commune' : 'Xã, phường, đặc khu', `${p}-so-${i % 20}`, 43831, '']);
    const unitsFile = await xlsx(unitHeaders, [...children, ...departments], 'DANH SÁCH ĐƠN VỊ');
    const people = Array.from({ length: 300 }, (_, i) => {
      const provincial = i % 50 === 0;
      return [`${p}.nv${i}`, `Nguyễn Văn ${i}`, `${p}.nv${i}@tinh.example.gov.vn`, provincial ? 'Chuyên viên Ban Thi đua – Khen thưởng' : i % 3 ? 'unitOfficer' : 'Thủ trưởng đơn vị trình', provincial ? '' : `${p}-xa-${i % 100}`, '02/03/2026'];
    });
    const peopleFile = await xlsx(peopleHeaders, people);

    // Act: the units' dry run
    const units = await uploadImport(admin, 'units', 'don-vi.xlsx', unitsFile);
    const unitsPreview = await preview(admin, units.importId);
    // Assess: every row, with its row number as the spreadsheet shows it (a title row, then the header)
    expect(unitsPreview.status).toBe(200);
    expect(unitsPreview.body.counts).toEqual({ rows: 120, create: 120, update: 0, unchanged: 0, errors: 0 });
    expect(unitsPreview.body.rows).toHaveLength(120);
    expect(unitsPreview.body.rows[0]).toEqual({ row: 3, id: `${p}-xa-0`, action: 'create' });
    // The dry run wrote nothing.
    expect((await admin.get(`/api/units/${p}-so-0`)).status).toBe(404);

    // Act: apply, then apply the same import again
    const applied = await applyAll(admin, units.importId);
    const again = await applyAll(admin, units.importId);
    // Assess
    expect({ status: applied.status, created: applied.created, updated: applied.updated }).toEqual({ status: 200, created: 120, updated: 0 });
    expect({ status: again.status, created: again.created, updated: again.updated, unchanged: again.body.unchanged }).toEqual({ status: 200, created: 0, updated: 0, unchanged: 120 });
    const child = await admin.get<{ unit: Unit }>(`/api/units/${p}-xa-7`);
    expect(child.body.unit).toMatchObject({ parentId: `${p}-so-7`, type: 'commune', validFrom: '2020-01-01' });
    const history = await admin.get<{ intact: boolean; events: { action: string; actor: { userId: string } }[] }>(`/api/units/${p}-xa-7/history`);
    expect(history.body.intact).toBe(true);
    expect(history.body.events.map((e) => e.action)).toEqual(['created']);
    expect(history.body.events[0]?.actor.userId).toBe(await userIdOf('admin'));

    // Act: the people, then the same file again as a new import
    const peopleImport = await uploadImport(admin, 'people', 'nguoi-dung.xlsx', peopleFile);
    const peoplePreview = await preview(admin, peopleImport.importId);
    expect(peoplePreview.body.counts).toEqual({ rows: 300, create: 300, update: 0, unchanged: 0, errors: 0 });
    const peopleApplied = await applyAll(admin, peopleImport.importId);
    const secondFile = await uploadImport(admin, 'people', 'nguoi-dung.xlsx', peopleFile);
    const secondPreview = await preview(admin, secondFile.importId);
    const secondApplied = await applyAll(admin, secondFile.importId);
    // Assess
    expect({ status: peopleApplied.status, created: peopleApplied.created }).toEqual({ status: 200, created: 300 });
    expect(secondPreview.body.counts).toMatchObject({ create: 0, update: 0, unchanged: 300, errors: 0 });
    expect({ created: secondApplied.created, updated: secondApplied.updated }).toEqual({ created: 0, updated: 0 });
    const head = await admin.get<{ person: Person }>(`/api/people/${p}.nv3`);
    expect(head.body.person).toMatchObject({ name: 'Nguyễn Văn 3', email: `${p}.nv3@tinh.example.gov.vn`, roles: ['unitHead'], unitId: `${p}-xa-3` });
    const officer = await admin.get<{ person: Person }>(`/api/people/${p}.nv50`);
    expect(officer.body.person.roles).toEqual(['officer']);
    expect(officer.body.person.unitId).toBeUndefined();

    // Act: a changed row is an update of that row only
    const moved = people.map((r, i) => (i === 4 ? [r[0]!, r[1]!, r[2]!, 'unitHead', r[4]!, r[5]!] : r));
    const third = await uploadImport(admin, 'people', 'nguoi-dung.csv', csv(peopleHeaders, moved, ';'));
    const thirdPreview = await preview(admin, third.importId);
    const thirdApplied = await applyAll(admin, third.importId);
    // Assess
    expect(thirdPreview.body.counts).toMatchObject({ create: 0, update: 1, unchanged: 299 });
    expect(thirdPreview.body.rows.find((r) => r.action === 'update')).toEqual({ row: 6, id: `${p}.nv4`, action: 'update', changes: ['roles'] });
    expect({ created: thirdApplied.created, updated: thirdApplied.updated }).toEqual({ created: 0, updated: 1 });
    expect((await admin.get<{ person: Person }>(`/api/people/${p}.nv4`)).body.person.roles).toEqual(['unitHead']);
  });

  it('names each error by row, column and reason (vi + en), refuses to apply, and writes nothing', async () => {
    // Prepare
    const admin = await as('admin');
    const p = run();
    const unitsFile = await xlsx(unitHeaders, [
      [`${p}-a`, 'Đơn vị A', '', 'department', '', '', ''],
      [`${p}-a`, 'Đơn vị A lặp', '', 'department', '', '', ''],
      ['Sở Có Dấu', 'Đơn vị B', '', 'department', '', '', ''],
      [`${p}-c`, '', '', 'department', '', '', ''],
      [`${p}-d`, 'Đơn vị D', '', 'Bộ', '', '', ''],
      [`${p}-e`, 'Đơn vị E', '', 'department', `${p}-khong-co`, '', ''],
    ]);
    const peopleFile = await xlsx(peopleHeaders, [
      [`${p}.a`, 'Người A', `${p}.a@x.vn`, 'unitOfficer', 'so-y-te', ''],
      [`${p}.a`, 'Người A lặp', `${p}.a2@x.vn`, 'unitOfficer', 'so-y-te', ''],
      ['Có Dấu', 'Người B', `${p}.b@x.vn`, 'unitOfficer', 'so-y-te', ''],
      [`${p}.c`, '', `${p}.c@x.vn`, 'unitOfficer', 'so-y-te', ''],
      [`${p}.d`, 'Người D', 'khong-phai-thu', 'unitOfficer', 'so-y-te', ''],
      [`${p}.e`, 'Người E', `${p}.e@x.vn`, 'Giám đốc', 'so-y-te', ''],
      [`${p}.f`, 'Người F', `${p}.f@x.vn`, 'unitOfficer', `${p}-khong-co`, ''],
    ]);
    // A unit closed at the end of 2025, and a person who would start there in 2026
    expect((await admin.post('/api/units', { unitId: `${p}-cu`, name: 'Đơn vị cũ', shortName: 'Cũ', type: 'other', validFrom: '2020-01-01' })).status).toBe(201);
    expect((await admin.post(`/api/units/${p}-cu/deactivate`, { version: 1, validTo: '2025-12-31' })).status).toBe(200);
    const closedFile = await xlsx(peopleHeaders, [[`${p}.g`, 'Người G', `${p}.g@x.vn`, 'unitOfficer', `${p}-cu`, '01/02/2026']]);

    // Act
    const units = await uploadImport(admin, 'units', 'loi.xlsx', unitsFile);
    const unitsPreview = await preview(admin, units.importId);
    const unitsApply = await admin.post<ImportAnswer>(`/api/directory-imports/${units.importId}/apply`);
    const people = await uploadImport(admin, 'people', 'loi.xlsx', peopleFile);
    const peoplePreview = await preview(admin, people.importId);
    const peopleApply = await admin.post<ImportAnswer>(`/api/directory-imports/${people.importId}/apply`);
    const closed = await uploadImport(admin, 'people', 'dong.xlsx', closedFile);
    const closedPreview = await preview(admin, closed.importId);

    // Assess: rows count from the sheet's top (title in row 1, header in row 2)
    expect(brief(unitsPreview.body.errors)).toEqual([
      [4, 'unitId', 'DUPLICATE_ID'],
      [5, 'unitId', 'INVALID_ID'],
      [6, 'name', 'MISSING_NAME'],
      [7, 'type', 'UNKNOWN_TYPE'],
      [8, 'parentId', 'UNKNOWN_UNIT'],
    ]);
    expect(brief(peoplePreview.body.errors)).toEqual([
      [4, 'username', 'DUPLICATE_ID'],
      [5, 'username', 'INVALID_ID'],
      [6, 'name', 'MISSING_NAME'],
      [7, 'email', 'BAD_EMAIL'],
      [8, 'roles', 'UNKNOWN_ROLE'],
      [9, 'unitId', 'UNKNOWN_UNIT'],
    ]);
    expect(brief(closedPreview.body.errors)).toEqual([[3, 'unitId', 'UNIT_CLOSED']]);
    for (const e of [...unitsPreview.body.errors, ...peoplePreview.body.errors, ...closedPreview.body.errors]) {
      expect(e.message.vi, JSON.stringify(e)).toBeTruthy();
      expect(e.message.en, JSON.stringify(e)).toBeTruthy();
    }
    expect(closedPreview.body.errors[0]?.message.vi).toContain('31/12/2025');
    for (const refused of [unitsApply, peopleApply]) {
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('IMPORT_HAS_ERRORS');
    }
    // Nothing of the good rows was written either.
    expect((await admin.get(`/api/units/${p}-a`)).status).toBe(404);
    expect((await admin.get(`/api/people/${p}.a`)).status).toBe(404);
  });

  it('refuses a wrong sheet, an empty file and an unreadable one with a clear error; an over-size file gets no upload form', async () => {
    // Prepare
    const admin = await as('admin');
    const report = await reportWorkbook([{ id: '0603', title: { vi: 'Biểu 0603', en: 'Table 0603' }, columns: [{ vi: 'Năm', en: 'Year' }, { vi: 'Số hồ sơ', en: 'Dossiers' }], rows: [[2026, 12]] }]);
    const files: [name: string, bytes: Uint8Array, code: string][] = [
      ['bao-cao.xlsx', report, 'WRONG_SHEET'],
      ['trong.xlsx', await xlsx(unitHeaders, []), 'EMPTY_FILE'],
      ['trong.csv', Buffer.from('\r\n\r\n'), 'EMPTY_FILE'],
      ['hong.xlsx', Buffer.from('PK\u0003\u0004 không phải sổ tính'), 'UNREADABLE_FILE'],
    ];
    for (const [name, bytes, code] of files) {
      // Act
      const { importId } = await uploadImport(admin, 'units', name, bytes);
      const res = await preview(admin, importId);
      // Assess
      expect({ name, status: res.status, code: res.body.error?.code, field: res.body.error?.field }).toEqual({ name, status: 400, code, field: 'file' });
      expect(res.body.error.message.vi).toBeTruthy();
      expect((await admin.post<ImportAnswer>(`/api/directory-imports/${importId}/apply`)).status).toBe(400);
    }
    const big = await admin.post<ImportAnswer>('/api/directory-imports', { kind: 'people', fileName: 'lon.xlsx', size: 50 * 1024 * 1024 });
    expect({ status: big.status, code: big.body.error.code, field: big.body.error.field }).toEqual({ status: 400, code: 'FILE_TOO_LARGE', field: 'size' });
    expect(big.body.error.message.vi).toContain('20 MB');
    expect((await admin.post<ImportAnswer>('/api/directory-imports', { kind: 'people', fileName: 'danh-sach.pdf', size: 10 })).status).toBe(400);
    // Only an administrator imports.
    for (const user of ['secretariat-head', 'unit-a-officer']) expect((await (await as(user)).post('/api/directory-imports', { kind: 'units', fileName: 'a.xlsx', size: 10 })).status).toBe(403);
  });

  it('the upload form reaches imports/ only, up to 20 MB; apply needs a preview of the very bytes uploaded', async () => {
    // Prepare
    const admin = await as('admin');
    const p = run();
    const good = await xlsx(unitHeaders, [[`${p}-a`, 'Đơn vị A', '', 'other', '', '', '']]);
    const { importId, upload } = await uploadImport(admin, 'units', 'a.xlsx', good);
    const policy = JSON.parse(Buffer.from(upload.fields.Policy ?? '', 'base64').toString('utf8')) as { conditions: unknown[] };
    expect(policy.conditions).toEqual(expect.arrayContaining([['eq', '$key', `imports/${importId}.xlsx`], ['content-length-range', 1, 20 * 1024 * 1024]]));
    // Act: apply before any preview
    const early = await admin.post<ImportAnswer>(`/api/directory-imports/${importId}/apply`);
    // Assess
    expect({ status: early.status, code: early.body.error.code }).toEqual({ status: 409, code: 'NOT_PREVIEWED' });
    // Act: preview, then post other bytes with the same form before applying
    expect((await preview(admin, importId)).status).toBe(200);
    const other = await xlsx(unitHeaders, [[`${p}-b`, 'Đơn vị B', '', 'other', '', '', '']]);
    expect(await postForm(upload, other, 'a.xlsx')).toBeLessThan(300);
    const changed = await admin.post<ImportAnswer>(`/api/directory-imports/${importId}/apply`);
    // Assess
    expect({ status: changed.status, code: changed.body.error.code }).toEqual({ status: 409, code: 'FILE_CHANGED' });
    expect((await admin.get(`/api/units/${p}-a`)).status).toBe(404);
    expect((await admin.get(`/api/units/${p}-b`)).status).toBe(404);
    expect((await admin.post('/api/directory-imports/imp-00000000-0000-0000-0000-000000000000/preview')).status).toBe(404);
  });

  it('a 10,000-row file with one bad row: that row is named and nothing is written', { timeout: 120_000 }, async () => {
    // Prepare
    const admin = await as('admin');
    const p = run();
    const rows = Array.from({ length: 10_000 }, (_, i) => [`${p}-u${i}`, `Đơn vị ${i}`, '', i === 7_321 ? 'Huyện' : 'other', '', '01/01/2021', '']);
    const { importId } = await uploadImport(admin, 'units', 'lon.xlsx', await xlsx(unitHeaders, rows));
    // Act
    const res = await preview(admin, importId);
    const applied = await admin.post<ImportAnswer>(`/api/directory-imports/${importId}/apply`);
    // Assess: data start in row 3 (title, header)
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ rows: 10_000, create: 9_999, update: 0, unchanged: 0, errors: 1 });
    expect(brief(res.body.errors)).toEqual([[7_324, 'type', 'UNKNOWN_TYPE']]);
    expect(res.body.errors[0]?.message.vi).toContain('Huyện');
    expect(applied.status).toBe(409);
    expect(applied.body.error.message.vi).toContain('dòng 7324');
    const listed = await admin.get<{ units: Unit[] }>(`/api/units?q=${p}`);
    expect(listed.body.units).toEqual([]);
  });
});
