import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstBrokenLink } from '#domain/audit';
import { ConflictError, ValidationError } from '#domain/errors';
import { assertUnitCanFile, assertUnitsOfYear, checkParent, foldText, isInForce, isUnitId, nameOn, planUnitCreation, planUnitDeactivation, planUnitEdit, searchUnits, unitNamesOn } from '#domain/units';
import { CreateUnitInput } from '#schemas/input/units';
import type { UnitAuditEventRecord, UnitRecord } from '#schemas/records';
import { parseInput } from '#schemas/validation';

const admin = { userId: 'admin', roles: ['admin'] };
const t0 = new Date('2026-01-05T02:00:00Z');
const base = { name: 'Sở Giáo dục và Đào tạo', shortName: 'Sở GD&ĐT', type: 'department' as const, validFrom: '2020-01-01' };

function directory(...units: UnitRecord[]) {
  return new Map(units.map((u) => [u.unitId, u]));
}
function created(unitId: string, over: Partial<Parameters<typeof planUnitCreation>[0]> = {}, units = directory()) {
  return planUnitCreation({ ...base, unitId, ...over }, units, admin, t0);
}

describe('unit ids', () => {
  it('accepts lower-case words joined by single hyphens, up to 64 characters', () => {
    expect(['so-giao-duc', 'xa-an-binh', 'a', 'so-y-te-2', 'a'.repeat(64)].every(isUnitId)).toBe(true);
    expect(['So-giao-duc', 'so--giao', '-so', 'so-', 'sở-y-tế', 'so giao', '', 'a'.repeat(65)].some(isUnitId)).toBe(false);
  });

  it('a bad id is refused with a Vietnamese message naming the field', () => {
    const error = (() => {
      try {
        parseInput(CreateUnitInput, { ...base, unitId: 'Sở Y tế' });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.field).toBe('unitId');
    expect(error?.messages.vi).toContain('Mã đơn vị chỉ gồm chữ thường không dấu');
  });
});

describe('creating a unit', () => {
  it('opens the unit with its first name from validFrom and a genesis-linked audit event', () => {
    const { unit, event } = created('so-giao-duc');
    expect(unit).toMatchObject({ unitId: 'so-giao-duc', active: true, version: 1, names: [{ name: base.name, shortName: base.shortName, from: '2020-01-01' }] });
    expect(event).toMatchObject({ action: 'created', seq: 1, actor: admin, after: { name: base.name } });
    expect(event.before).toBeUndefined();
    expect(firstBrokenLink([event])).toBeNull();
    expect(unit.lastHash).toBe(event.hash);
  });

  it('refuses a duplicate id (409), an end before the start, and an unknown parent or predecessor (400 naming the field)', () => {
    const a = created('so-giao-duc').unit;
    expect(() => created('so-giao-duc', {}, directory(a))).toThrow(ConflictError);
    expect(() => created('so-y-te', { validTo: '2019-12-31' })).toThrow(expect.objectContaining({ field: 'validTo' }));
    expect(() => created('so-y-te', { parentId: 'ubnd-tinh' })).toThrow(expect.objectContaining({ field: 'parentId' }));
    expect(() => created('so-y-te', { successorOf: ['so-giao-duc', 'so-cu'] }, directory(a))).toThrow(expect.objectContaining({ field: 'successorOf.1' }));
  });
});

describe('the unit tree', () => {
  it('a parent must exist, not be the unit itself, nor make a cycle', () => {
    const tree = new Map<string, { parentId?: string }>([['tinh', {}], ['so', { parentId: 'tinh' }], ['phong', { parentId: 'so' }]]);
    expect(() => checkParent('phong', 'so', tree)).not.toThrow();
    expect(() => checkParent('so', 'so', tree)).toThrow(expect.objectContaining({ field: 'parentId' }));
    expect(() => checkParent('tinh', 'phong', tree)).toThrow(/cycle/);
    expect(() => checkParent('so', 'nowhere', tree)).toThrow(/No parent/);
  });

  it('never accepts a parent that has the unit among its ancestors (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(9), { minLength: 10, maxLength: 10 }), fc.nat(9), fc.nat(9), (parents, child, parent) => {
        // A forest: unit i's parent is some j < i, so it has no cycle to begin with.
        const tree = new Map(parents.map((p, i) => [`u${i}`, i > 0 ? { parentId: `u${p % i}` } : {}]));
        const ancestors = new Set<string>();
        for (let at: string | undefined = `u${parent}`; at; at = tree.get(at)?.parentId) ancestors.add(at);
        const ok = (() => {
          try {
            checkParent(`u${child}`, `u${parent}`, tree);
            return true;
          } catch {
            return false;
          }
        })();
        expect(ok).toBe(!ancestors.has(`u${child}`));
      }),
    );
  });
});

describe('editing and closing a unit', () => {
  it('a rename from a date keeps the old name for earlier dates; the trail chains before → after', () => {
    const first = created('xa-an-binh', { name: 'UBND xã An Bình', shortName: 'Xã An Bình', type: 'commune' });
    const edit = planUnitEdit(first.unit, { version: 1, name: 'UBND phường An Bình', shortName: 'Phường An Bình', nameFrom: '2025-07-01' }, directory(first.unit), admin, new Date('2026-02-01T00:00:00Z'));
    expect(edit.unit).toMatchObject({ name: 'UBND phường An Bình', version: 2, eventSeq: 2 });
    expect(nameOn(edit.unit, '2025-06-30').name).toBe('UBND xã An Bình');
    expect(nameOn(edit.unit, '2025-07-01').name).toBe('UBND phường An Bình');
    expect(nameOn(edit.unit, '2019-01-01').name).toBe('UBND xã An Bình');
    expect(edit.event).toMatchObject({ action: 'edited', before: { name: 'UBND xã An Bình', version: 1 }, after: { name: 'UBND phường An Bình', version: 2 } });
    expect(firstBrokenLink([first.event, edit.event] as (UnitAuditEventRecord & { [k: string]: unknown })[])).toBeNull();
  });

  it('an edit without a date corrects the current name instead of adding one', () => {
    const { unit } = created('so-y-te', { name: 'Sở Y tê', shortName: 'Sở YT' });
    const fixed = planUnitEdit(unit, { version: 1, name: 'Sở Y tế' }, directory(unit), admin, t0).unit;
    expect(fixed.names).toEqual([{ name: 'Sở Y tế', shortName: 'Sở YT', from: '2020-01-01' }]);
  });

  it('refuses a stale version (409) and a rename dated before the current name (400)', () => {
    const { unit } = created('so-y-te');
    expect(() => planUnitEdit(unit, { version: 2, name: 'x' }, directory(unit), admin, t0)).toThrow(expect.objectContaining({ status: 409, field: 'version' }));
    expect(() => planUnitEdit(unit, { version: 1, name: 'x', nameFrom: '2019-01-01' }, directory(unit), admin, t0)).toThrow(expect.objectContaining({ field: 'nameFrom' }));
  });

  it('closing sets validTo and active false, keeps everything else, and cannot happen twice', () => {
    const { unit } = created('so-y-te');
    const closed = planUnitDeactivation(unit, { version: 1, validTo: '2025-06-30', reason: 'Hợp nhất' }, admin, t0);
    expect(closed.unit).toMatchObject({ active: false, validTo: '2025-06-30', name: base.name, version: 2 });
    expect(closed.event).toMatchObject({ action: 'deactivated', reason: 'Hợp nhất', before: { active: true }, after: { active: false } });
    expect(isInForce(closed.unit, '2025-06-30')).toBe(false);
    expect(isInForce(unit, '2025-06-30')).toBe(true);
    expect(isInForce(unit, '2019-12-31')).toBe(false);
    expect(() => planUnitDeactivation(closed.unit, { version: 2, validTo: '2025-07-01' }, admin, t0)).toThrow(ConflictError);
    expect(() => planUnitDeactivation(unit, { version: 1, validTo: '2019-01-01' }, admin, t0)).toThrow(expect.objectContaining({ field: 'validTo' }));
  });
});

describe('searching the directory', () => {
  it('matches words without diacritics in the id or any name, filters by type and by being in force, names as of the date', () => {
    const so = created('so-giao-duc').unit;
    const xa = planUnitEdit(created('xa-an-binh', { name: 'UBND xã An Bình', shortName: 'Xã An Bình', type: 'commune' }).unit, { version: 1, name: 'UBND phường An Bình', nameFrom: '2025-07-01' }, directory(), admin, t0).unit;
    const all = [so, xa];
    expect(foldText('Đào tạo')).toBe('dao tao');
    expect(searchUnits(all, { q: 'giao duc', on: '2026-01-01' }).map((u) => u.unitId)).toEqual(['so-giao-duc']);
    expect(searchUnits(all, { q: 'xã', on: '2026-01-01' }).map((u) => u.name)).toEqual(['UBND phường An Bình']);
    expect(searchUnits(all, { type: 'commune', on: '2024-01-01' }).map((u) => u.name)).toEqual(['UBND xã An Bình']);
    expect(searchUnits(all, { active: true, on: '2019-01-01' })).toEqual([]);
  });
});

describe('who may file dossiers', () => {
  it('a unit files only while it is in the directory and in force; the refusal names unitId and the unit by name', () => {
    const { unit } = created('xa-tan-lap', { name: 'UBND xã Tân Lập', shortName: 'Xã Tân Lập', type: 'commune' });
    const closed = planUnitDeactivation(unit, { version: 1, validTo: '2025-06-30' }, admin, t0).unit;
    expect(assertUnitCanFile(unit, 'xa-tan-lap', '2026-01-01')).toBe(unit);
    expect(() => assertUnitCanFile(undefined, 'xa-moi', '2026-01-01')).toThrow(expect.objectContaining({ status: 403, field: 'unitId' }));
    expect(() => assertUnitCanFile(closed, 'xa-tan-lap', '2026-01-01')).toThrow(/UBND xã Tân Lập is no longer in force/);
    expect(() => assertUnitCanFile(unit, 'xa-tan-lap', '2019-12-31')).toThrow(expect.objectContaining({ status: 403 }));
  });
});

describe('names for reports', () => {
  it("names each unit as it was on the date: a report of 2024 keeps a commune's name from before its 2025 rename", () => {
    const xa = planUnitEdit(created('xa-an-binh', { name: 'UBND xã An Bình', shortName: 'Xã An Bình', type: 'commune' }).unit, { version: 1, name: 'UBND phường An Bình', nameFrom: '2025-07-01' }, directory(), admin, t0).unit;
    expect(unitNamesOn([xa], '2024-12-31')).toEqual({ 'xa-an-binh': 'UBND xã An Bình' });
    expect(unitNamesOn([xa], '2025-12-31')).toEqual({ 'xa-an-binh': 'UBND phường An Bình' });
  });
});

describe('units named in a year', () => {
  it('must be in the directory and in force at some time of that year, naming the entry', () => {
    const open = created('so-y-te').unit;
    const closed = planUnitDeactivation(created('xa-cu').unit, { version: 1, validTo: '2024-06-30' }, admin, t0).unit;
    const units = directory(open, closed);
    expect(() => assertUnitsOfYear(units, ['so-y-te', 'xa-cu'], 2024, 'memberUnitIds')).not.toThrow();
    expect(() => assertUnitsOfYear(units, ['so-y-te', 'xa-cu'], 2025, 'memberUnitIds')).toThrow(expect.objectContaining({ field: 'memberUnitIds.1' }));
    expect(() => assertUnitsOfYear(units, ['xa-moi'], 2025, 'memberUnitIds')).toThrow(expect.objectContaining({ field: 'memberUnitIds.0' }));
    expect(() => assertUnitsOfYear(units, ['so-y-te'], 2019, 'memberUnitIds')).toThrow(/not in force in 2019/);
  });
});
