import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { readCsv, readSheet } from '#adapters/sheet-reader';
import { type ImportError, ImportFileError, importDate, MAX_IMPORT_ROWS, mapSheet, planPeopleImport, planUnitImport, roleOf, unitTypeOf } from '#domain/directory-import';
import { planUnitCreation } from '#domain/units';
import type { UnitRecord } from '#schemas/records';
import { peopleHeaders, unitHeaders, xlsx } from '../support/import-files.ts';

const admin = { userId: 'admin', roles: ['admin'] };
const now = new Date('2026-03-02T02:00:00Z');
const today = '2026-03-02';

function unit(unitId: string, over: Partial<Parameters<typeof planUnitCreation>[0]> = {}, units = new Map<string, UnitRecord>()): UnitRecord {
  return planUnitCreation({ unitId, name: `Đơn vị ${unitId}`, shortName: unitId, type: 'department', validFrom: '2020-01-01', ...over }, units, admin, now).unit;
}
const directory = (...units: UnitRecord[]) => new Map(units.map((u) => [u.unitId, u]));
const sheetOf = (kind: 'units' | 'people', text: string) => {
  const read = readCsv(text, 1000);
  return mapSheet(kind, read.rows, read.more);
};
const fileError = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ImportFileError) return { code: e.code, vi: e.messages.vi, en: e.messages.en };
    throw e;
  }
  throw new Error('no file error');
};
const brief = (errors: readonly ImportError[]) => errors.map((e) => [e.row, e.column, e.code]);

describe('reading the file', () => {
  it('reads the first sheet of an XLSX as an independent reader does: text, numbers, Vietnamese, blanks', async () => {
    // Prepare
    const rows = [
      ['so-giao-duc', 'Sở Giáo dục và Đào tạo', 'Sở GD&ĐT', 'Sở, ban, ngành', '', '01/01/2020', ''],
      ['xa-an-binh', 'UBND xã An Bình <"quote">', 'Xã An Bình', 'commune', 'so-giao-duc', 43831, '31/12/2030'],
    ];
    const bytes = await xlsx(unitHeaders, rows);
    // Act
    const ours = readSheet(bytes, 100);
    const theirs = await readXlsxFile(Buffer.from(bytes));
    // Assess
    expect(ours.more).toBe(false);
    expect(ours.rows.map((r) => r.number)).toEqual([1, 2, 3, 4]);
    const normalise = (cells: readonly unknown[]) => cells.map((c) => (c === undefined || c === '' ? null : c));
    const width = unitHeaders.length;
    expect(ours.rows.map((r) => normalise(Array.from({ length: width }, (_, i) => r.cells[i])))).toEqual(
      theirs[0]!.data.map((r) => normalise(Array.from({ length: width }, (_, i) => r[i]))),
    );
    expect(ours.rows[3]!.cells[1]).toBe('UBND xã An Bình <"quote">');
  });

  it('reads CSV with a BOM, quotes, doubled quotes, line breaks in a cell, CRLF, and semicolons when the header uses them', () => {
    const text = '\uFEFFMã đơn vị;Tên đơn vị\r\nso-y-te;"Sở Y tế; ""mới"""\r\nxa-b;"Hai\ndòng"\r\n';
    const read = readCsv(text, 100);
    expect(read.rows.map((r) => r.cells)).toEqual([['Mã đơn vị', 'Tên đơn vị'], ['so-y-te', 'Sở Y tế; "mới"'], ['xa-b', 'Hai\ndòng']]);
  });

  it('stops at the limit and says more rows follow; more than 100,000 data rows are refused, not read on', () => {
    const lines = (n: number) => `unitId,name,type\n${Array.from({ length: n }, (_, i) => `u-${i},Đơn vị ${i},other`).join('\n')}`;
    const long = readCsv(lines(MAX_IMPORT_ROWS + 50), MAX_IMPORT_ROWS + 10);
    expect(long.more).toBe(true);
    expect(long.rows).toHaveLength(MAX_IMPORT_ROWS + 10);
    const refused = fileError(() => mapSheet('units', long.rows, long.more));
    expect(refused.code).toBe('TOO_MANY_ROWS');
    expect(refused.vi).toContain('100.000');
    const justOver = readCsv(lines(MAX_IMPORT_ROWS + 1), MAX_IMPORT_ROWS + 10);
    expect(justOver.more).toBe(false);
    expect(fileError(() => mapSheet('units', justOver.rows, justOver.more)).code).toBe('TOO_MANY_ROWS');
    expect(mapSheet('units', readCsv(lines(MAX_IMPORT_ROWS), MAX_IMPORT_ROWS + 10).rows, false).rows).toHaveLength(MAX_IMPORT_ROWS);
  });

  it('refuses what is not a spreadsheet, and an empty file, with a clear error', () => {
    expect(fileError(() => readSheet(new Uint8Array([0xff, 0xfe, 0x00, 0xd8]), 10)).code).toBe('UNREADABLE_FILE');
    expect(fileError(() => readSheet(Buffer.from('PK\u0003\u0004 broken'), 10)).code).toBe('UNREADABLE_FILE');
    expect(fileError(() => readSheet(new Uint8Array(), 10)).code).toBe('EMPTY_FILE');
    expect(fileError(() => sheetOf('units', '\n\n')).code).toBe('EMPTY_FILE');
    expect(fileError(() => sheetOf('units', 'Mã đơn vị,Tên đơn vị,Loại\n')).code).toBe('EMPTY_FILE');
  });
});

describe('the header', () => {
  it('accepts the English keys and the Vietnamese headers in any case, with or without diacritics, below a title', () => {
    for (const header of ['unitId,name,type', 'Mã đơn vị,Tên đơn vị,Loại', 'MA DON VI, ten don vi ,LOẠI', 'Mã Đơn Vị,Tên,Loại đơn vị']) {
      const sheet = sheetOf('units', `DANH SÁCH ĐƠN VỊ\n\n${header}\nso-y-te,Sở Y tế,department`);
      expect([...sheet.columns.keys()].sort(), header).toEqual(['name', 'type', 'unitId']);
      expect(sheet.rows).toEqual([{ number: 4, values: { unitId: 'so-y-te', name: 'Sở Y tế', type: 'department' } }]);
    }
  });

  it('a sheet without the needed columns is the wrong sheet, and says which columns it needs', () => {
    const wrong = fileError(() => sheetOf('people', 'Năm,Số hồ sơ\n2026,12'));
    expect(wrong.code).toBe('WRONG_SHEET');
    expect(wrong.vi).toContain('Tên đăng nhập');
    expect(wrong.en).toContain('Username');
  });

  it('reads dates as dd/mm/yyyy, ISO or an Excel serial, and nothing else', () => {
    expect(importDate('05/03/2026')).toBe('2026-03-05');
    expect(importDate('5/3/2026')).toBe('2026-03-05');
    expect(importDate('2026-03-05')).toBe('2026-03-05');
    expect(importDate(46086)).toBe('2026-03-05');
    expect(['31/02/2026', '2026/03/05', 'mai', '03-05', ''].map(importDate)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('reads unit types and roles by code or by their Vietnamese or English names', () => {
    expect(['department', 'Sở, ban, ngành', 'so ban nganh', 'Xã, phường, đặc khu', 'Mass organisation'].map(unitTypeOf)).toEqual(['department', 'department', 'department', 'commune', 'massOrganisation']);
    expect(['unitOfficer', 'Cán bộ đơn vị trình', 'thu truong don vi trinh', 'Quản trị hệ thống', 'president'].map(roleOf)).toEqual(['unitOfficer', 'unitOfficer', 'unitHead', 'admin', undefined]);
  });
});

describe('planning units', () => {
  const existing = unit('so-y-te', { name: 'Sở Y tế', shortName: 'SYT' });
  const header = 'Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại,Đơn vị cấp trên,Hiệu lực từ,Hiệu lực đến';

  it('plans creations parents first whatever the order, edits only what differs, and leaves equal rows alone', () => {
    const sheet = sheetOf('units', [header, 'phong-a,Phòng A,PA,other,xa-moi,01/01/2026,', 'xa-moi,Xã Mới,XM,commune,,01/01/2026,', 'so-y-te,Sở Y tế,SYT,department,,01/01/2020,', 'so-y-te-2,Sở Y tế 2,,Khác,so-y-te,,'].join('\n'));
    const plan = planUnitImport(sheet, directory(existing), admin, now, today);
    expect(plan.errors).toEqual([]);
    expect(plan.rows.map((r) => [r.row, r.id, r.action])).toEqual([[2, 'phong-a', 'create'], [3, 'xa-moi', 'create'], [4, 'so-y-te', 'unchanged'], [5, 'so-y-te-2', 'create']]);
    expect(plan.ops.map((c) => c.unit.unitId)).toEqual(['xa-moi', 'so-y-te-2', 'phong-a']);
    expect(plan.ops.find((c) => c.unit.unitId === 'so-y-te-2')?.unit).toMatchObject({ shortName: 'Sở Y tế 2', type: 'other', validFrom: today });
    expect(plan.counts).toEqual({ rows: 4, create: 3, update: 0, unchanged: 1, errors: 0 });
    const renamed = planUnitImport(sheetOf('units', `${header}\nso-y-te,Sở Y tế tỉnh,SYT,department,,01/01/2020,31/12/2030`), directory(existing), admin, now, today);
    expect(renamed.rows[0]).toMatchObject({ action: 'update', changes: ['name', 'validTo'] });
    expect(renamed.ops[0]?.event.action).toBe('edited');
  });

  it('names every error by row, column and reason in both languages', () => {
    const sheet = sheetOf('units', [
      header,
      'so-y-te-3,Sở 3,,department,,,',
      'so-y-te-3,Sở 3 lặp,,department,,,',
      'Sở Tư Pháp,Sở Tư pháp,,department,,,',
      'so-tu-phap,,,department,,,',
      'so-moi,Sở Mới,,bộ,,,',
      'so-moi-2,Sở Mới 2,,department,khong-co,,',
      'so-moi-3,Sở Mới 3,,department,,32/01/2026,',
      'so-moi-4,Sở Mới 4,,department,,01/02/2026,01/01/2026',
    ].join('\n'));
    const plan = planUnitImport(sheet, directory(existing), admin, now, today);
    expect(brief(plan.errors)).toEqual([
      [3, 'unitId', 'DUPLICATE_ID'],
      [4, 'unitId', 'INVALID_ID'],
      [5, 'name', 'MISSING_NAME'],
      [6, 'type', 'UNKNOWN_TYPE'],
      [7, 'parentId', 'UNKNOWN_UNIT'],
      [8, 'validFrom', 'BAD_DATE'],
      [9, 'validTo', 'VALIDATION'],
    ]);
    for (const e of plan.errors) expect(e.message.vi && e.message.en).toBeTruthy();
    expect(plan.errors[0]!.message.vi).toContain('dòng 2');
  });
});

describe('planning people', () => {
  const open = unit('so-y-te');
  const closed = { ...unit('so-cu', { validTo: '2025-12-31' }), active: false };
  const people = [{ username: 'lan.nt', name: 'Nguyễn Thị Lan', email: 'lan@sgd.vn', roles: ['unitOfficer' as const], unitId: 'so-y-te' }];
  const header = peopleHeaders.join(',');

  it('creates, updates and leaves unchanged; several roles by their names', () => {
    const sheet = sheetOf('people', [header, 'lan.nt,Nguyễn Thị Lan,LAN@sgd.vn,Cán bộ đơn vị trình,so-y-te,', 'hoa.vt,Võ Thị Hoa,hoa@sgd.vn,"officer; Trưởng ban Thi đua – Khen thưởng",,01/03/2026', 'LAN.NT2,Lan Hai,lan2@sgd.vn,unitHead,so-y-te,'].join('\n'));
    const plan = planPeopleImport(sheet, people, directory(open), today);
    expect(plan.errors).toEqual([]);
    expect(plan.rows.map((r) => r.action)).toEqual(['unchanged', 'create', 'create']);
    expect(plan.ops[1]?.username).toBe('lan.nt2');
    expect(plan.ops[0]).toEqual({ action: 'create', username: 'hoa.vt', input: { name: 'Võ Thị Hoa', email: 'hoa@sgd.vn', roles: ['officer', 'secretariatHead'] } });
    const moved = planPeopleImport(sheetOf('people', `${header}\nlan.nt,Nguyễn Thị Lan,lan@sgd.vn,unitHead,so-y-te,`), people, directory(open), today);
    expect(moved.rows[0]).toMatchObject({ action: 'update', changes: ['roles'] });
  });

  it('names every error class by row and column: duplicate id, bad id, missing name, bad e-mail, unknown role, unknown unit, closed unit, mixed roles', () => {
    const sheet = sheetOf('people', [
      header,
      'a.b,Người A,a@x.vn,unitOfficer,so-y-te,',
      'a.b,Người A lặp,a2@x.vn,unitOfficer,so-y-te,',
      'Có Dấu,Người B,b@x.vn,unitOfficer,so-y-te,',
      'c.c,,c@x.vn,unitOfficer,so-y-te,',
      'd.d,Người D,khong-phai-thu,unitOfficer,so-y-te,',
      'e.e,Người E,e@x.vn,Giám đốc,so-y-te,',
      'f.f,Người F,f@x.vn,unitOfficer,so-khong-co,',
      'g.g,Người G,g@x.vn,unitOfficer,so-cu,01/02/2026',
      'h.h,Người H,h@x.vn,"unitOfficer, officer",so-y-te,',
      'i.i,Người I,lan@sgd.vn,officer,,',
      'k.k,Người K,a@x.vn,officer,,',
    ].join('\n'));
    const plan = planPeopleImport(sheet, people, directory(open, closed), today);
    expect(brief(plan.errors)).toEqual([
      [3, 'username', 'DUPLICATE_ID'],
      [4, 'username', 'INVALID_ID'],
      [5, 'name', 'MISSING_NAME'],
      [6, 'email', 'BAD_EMAIL'],
      [7, 'roles', 'UNKNOWN_ROLE'],
      [8, 'unitId', 'UNKNOWN_UNIT'],
      [9, 'unitId', 'UNIT_CLOSED'],
      [10, 'roles', 'VALIDATION'],
      [11, 'email', 'EMAIL_TAKEN'],
      [12, 'email', 'DUPLICATE_EMAIL'],
    ]);
    expect(plan.errors.find((e) => e.code === 'UNIT_CLOSED')?.message.vi).toContain('31/12/2025');
    expect(plan.counts).toMatchObject({ rows: 11, create: 1, errors: 10 });
  });
});
