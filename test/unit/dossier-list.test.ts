import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportTable, listItem, listOrder, listStatuses, listUnitScope, matchesFilters, matchesText, searchWords } from '#domain/dossier-list';
import { awardNames } from '#domain/catalogue-texts';
import { activeStatuses, dossierStatuses, statusNames } from '#domain/lifecycle';
import type { Actor } from '#domain/roles';
import type { DossierRecord } from '#schemas/records';

const dossier = (over: Partial<DossierRecord> = {}): DossierRecord => ({
  id: 'd-1', unitId: 'so-y-te', year: 2067, awardCode: 'chienSiThiDuaTinh', kind: 'regular', title: 'Đề nghị Chiến sĩ thi đua', nominees: [{ name: 'Nguyễn Thị Hồng Nhung', recipientType: 'individual' }],
  status: 'UnderAppraisal', version: 3, eventSeq: 3, lastHash: 'h', createdAt: '2067-03-01T01:00:00.000Z', updatedAt: '2067-03-02T20:00:00.000Z', submittedAt: '2067-03-01T01:00:00.000Z', createdBy: { userId: 'u', roles: ['unitOfficer'] }, ...over,
});
const actor = (roles: Actor['roles'], unitId?: string): Actor => ({ userId: 'u', roles, ...(unitId ? { unitId } : {}) });

describe('the dossier list rules', () => {
  it('finds all words in the title or in one nominee name, without case or diacritics', () => {
    const d = dossier({ nominees: [{ name: 'Lê Văn An', recipientType: 'individual' }, { name: 'Trần Thị Bình', recipientType: 'individual' }] });
    expect(matchesText(d, searchWords('HỒNG'))).toBe(false);
    expect(matchesText(d, searchWords('chien si'))).toBe(true);
    expect(matchesText(d, searchWords('tran thi binh'))).toBe(true);
    expect(matchesText(d, searchWords('đề nghị thi'))).toBe(true);
    // words of two different people do not make one match
    expect(matchesText(d, searchWords('van binh'))).toBe(false);
    expect(matchesText(d, [])).toBe(true);
  });
  it('folding is idempotent: a title always finds itself, whatever its case', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''), (title) => {
      expect(matchesText(dossier({ title }), searchWords(title.toUpperCase()))).toBe(true);
    }));
  });
  it('checks unit, form, year and status against the record', () => {
    const base = { statuses: ['UnderAppraisal'] as const, overdue: false, words: [] };
    expect(matchesFilters(dossier(), { ...base, statuses: [...base.statuses] })).toBe(true);
    expect(matchesFilters(dossier(), { ...base, statuses: ['Submitted'] })).toBe(false);
    expect(matchesFilters(dossier(), { ...base, statuses: [...base.statuses], unitId: 'so-giao-duc' })).toBe(false);
    expect(matchesFilters(dossier(), { ...base, statuses: [...base.statuses], awardCode: 'coThiDuaTinh' })).toBe(false);
    expect(matchesFilters(dossier(), { ...base, statuses: [...base.statuses], year: 2068 })).toBe(false);
  });
  it('lists by default what each reader works on: a unit all of its own, the province those in progress; drafts are the unit’s alone', () => {
    expect(listStatuses(undefined, true)).toEqual([...dossierStatuses]);
    expect(listStatuses(undefined, false)).toEqual([...activeStatuses]);
    expect(listStatuses('all', false)).not.toContain('Draft');
    expect(listStatuses('Draft', false)).toEqual([]);
    expect(listStatuses('Withdrawn', false)).toEqual(['Withdrawn']);
  });
  it('sorts by last change newest first, by deadline earliest first; the overdue list only by deadline', () => {
    expect(listOrder(undefined, undefined, false)).toEqual({ sort: 'updated', order: 'desc' });
    expect(listOrder('deadline', undefined, false)).toEqual({ sort: 'deadline', order: 'asc' });
    expect(listOrder(undefined, 'desc', true)).toEqual({ sort: 'deadline', order: 'desc' });
    expect(() => listOrder('updated', undefined, true)).toThrow(expect.objectContaining({ status: 400, field: 'sort' }));
  });
  it('keeps a unit to its own dossiers and lets the province pick any unit', () => {
    expect(listUnitScope(actor(['unitOfficer'], 'so-y-te'), undefined)).toBe('so-y-te');
    expect(() => listUnitScope(actor(['unitHead'], 'so-y-te'), 'so-giao-duc')).toThrow(expect.objectContaining({ status: 403, field: 'unit' }));
    expect(listUnitScope(actor(['officer']), undefined)).toBeUndefined();
    expect(listUnitScope(actor(['councilMember']), 'so-giao-duc')).toBe('so-giao-duc');
    // a provincial role beside a unit role: the province's list, as for a single dossier
    expect(listUnitScope(actor(['unitOfficer', 'chair'], 'so-y-te'), undefined)).toBeUndefined();
  });
  it('exports Vietnamese names and dates in Vietnam, never codes or ISO stamps', () => {
    const table = exportTable([listItem(dossier(), { step: 'appraisal', dueAt: '2067-03-20T16:59:59.999Z' }, new Date('2067-03-25T00:00:00Z'))], { 'so-y-te': 'Sở Y tế' });
    expect(table.rows[0]).toEqual([1, 'Đề nghị Chiến sĩ thi đua', 'Sở Y tế', awardNames.chienSiThiDuaTinh.vi, 2067, statusNames.UnderAppraisal.vi, 'Nguyễn Thị Hồng Nhung', '01/03/2067', '03/03/2067', '20/03/2067']);
    expect(table.columns.map((c) => c.vi)).toContain('Hạn xử lý');
  });
});
