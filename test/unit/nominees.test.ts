import { describe, expect, it } from 'vitest';
import { awardForms, findAwardForm } from '#domain/catalogue';
import { categoryNames, dossierIssues, individualCategories, reportCategory } from '#domain/nominees';
import { buildYearEndReport, closingCounts } from '#domain/year-end';
import type { DossierRecord } from '#schemas/records';
import { CreateDossierInput } from '#schemas/input/create-dossier';

describe("nominee categories: form 0603's, one list (LANGUAGE rule 9)", () => {
  it("are exactly form 0603's six categories of individuals, in its order", () => {
    expect(individualCategories.map((c) => categoryNames[c].vi)).toEqual([
      'Lãnh đạo cấp tỉnh',
      'Lãnh đạo sở, ban, ngành và tương đương',
      'Doanh nhân',
      'Lãnh đạo khác (từ phó trưởng phòng trở lên)',
      'Công nhân, nông dân, người lao động trực tiếp',
      'Khác',
    ]);
    for (const c of individualCategories) expect(categoryNames[c].en).not.toBe('');
  });

  it("are the 0603 report's columns of individuals, so a Giám đốc Sở chosen on the form is counted as a department leader", () => {
    const report = buildYearEndReport({ year: 2026, counters: {}, recount: {}, clusters: [], history: [] });
    const table = report.tables.find((t) => t.id === '0603')!;
    const headers = table.columns.map((c) => c.vi);
    expect(headers.slice(-6)).toEqual(individualCategories.map((c) => categoryNames[c].vi));
    const director = closingCounts({
      id: 'd-1', unitId: 'so-y-te', year: 2026, awardCode: 'bangKhenChuTichTinh', kind: 'regular', title: 't', status: 'Awarded',
      nominees: [{ name: 'Giám đốc Sở', recipientType: 'individual', category: 'departmentLeader', position: 'Giám đốc Sở Y tế' }],
    } as DossierRecord);
    const row = buildYearEndReport({ year: 2026, counters: director, recount: director, clusters: [], history: [] }).tables[0]!.rows[3]!;
    expect(row[0]).toBe('Bằng khen của Chủ tịch UBND tỉnh');
    expect(row[headers.indexOf('Lãnh đạo sở, ban, ngành và tương đương')]).toBe(1);
    expect(row[headers.indexOf('Khác')]).toBe(0);
  });
});

describe('reading stored categories (old codes included)', () => {
  it.each([
    ['individual', 'departmentLeader', 'departmentLeader'],
    ['individual', 'directWorker', 'directWorker'],
    ['individual', undefined, 'other'],
    // The old API took any code for any type; the old form sent 'other' for a person under "Tập thể".
    ['individual', 'collective', 'other'],
    ['individual', 'enterprise', 'other'],
    ['individual', 'leader', 'other'],
    ['collective', 'enterprise', 'enterprise'],
    ['collective', 'collective', 'collective'],
    ['collective', undefined, 'collective'],
    ['collective', 'directWorker', 'collective'],
    ['household', undefined, 'household'],
    ['household', 'other', 'household'],
  ] as const)('a %s stored with %s counts as %s', (type, stored, counted) => {
    expect(reportCategory(type, stored)).toBe(counted);
  });
});

describe("an award form's recipient types and kinds", () => {
  it('refuses an individual for a Cờ thi đua and the ad-hoc kind for a Chiến sĩ thi đua, naming each field', () => {
    const flag = dossierIssues(findAwardForm('coThiDuaTinh'), { kind: 'regular', nominees: [{ recipientType: 'collective' }, { recipientType: 'individual', category: 'other' }] });
    expect(flag.map((i) => i.field)).toEqual(['nominees.1.recipientType']);
    expect(flag[0]!.message.vi).toContain('không dành cho cá nhân');
    expect(flag[0]!.message.en).toContain('is not given to individuals; it takes: collectives');
    const cstd = dossierIssues(findAwardForm('chienSiThiDuaTinh'), { kind: 'adHoc', nominees: [{ recipientType: 'individual' }] });
    expect(cstd.map((i) => i.field)).toEqual(['kind']);
    expect(cstd[0]!.message.vi).toContain('Đột xuất');
  });

  it("takes every form's own types and kinds, and no other", () => {
    for (const form of awardForms) {
      for (const type of ['individual', 'collective', 'household'] as const) {
        for (const kind of ['regular', 'thematic', 'adHoc'] as const) {
          const issues = dossierIssues(form, { kind, nominees: [{ recipientType: type }] }).map((i) => i.field);
          const expected = [...((form.kinds as readonly string[]).includes(kind) ? [] : ['kind']), ...((form.recipientTypes as readonly string[]).includes(type) ? [] : ['nominees.0.recipientType'])];
          expect(issues, `${form.code} ${type} ${kind}`).toEqual(expected);
        }
      }
    }
  });

  it("refuses a category of another recipient type, and any category on a household", () => {
    const bk = findAwardForm('bangKhenChuTichTinh');
    expect(dossierIssues(bk, { kind: 'regular', nominees: [{ recipientType: 'collective', category: 'directWorker' }] }).map((i) => i.field)).toEqual(['nominees.0.category']);
    expect(dossierIssues(bk, { kind: 'regular', nominees: [{ recipientType: 'individual', category: 'enterprise' }] }).map((i) => i.field)).toEqual(['nominees.0.category']);
    expect(dossierIssues(bk, { kind: 'regular', nominees: [{ recipientType: 'household', category: 'collective' }] }).map((i) => i.field)).toEqual(['nominees.0.category']);
    expect(dossierIssues(bk, { kind: 'regular', nominees: [{ recipientType: 'collective', category: 'enterprise' }, { recipientType: 'individual', category: 'businessPerson' }] })).toEqual([]);
  });
});

describe('the nominee input schema', () => {
  const base = { awardCode: 'bangKhenChuTichTinh', kind: 'regular', year: 2026, title: 't' };
  const nominee = (extra: Record<string, unknown>) => CreateDossierInput.safeParse({ ...base, nominees: [{ name: 'Lê Văn A', recipientType: 'individual', ...extra }] });
  it('takes a person with every field, and a birth year from 1900 to this year', () => {
    const year = new Date().getFullYear();
    expect(nominee({ category: 'otherLeader', gender: 'female', position: 'Phó Trưởng phòng', birthYear: 1900, workplace: 'Phòng Giáo dục' }).success).toBe(true);
    expect(nominee({ birthYear: year }).success).toBe(true);
    expect(nominee({ birthYear: year + 1 }).success).toBe(false);
    expect(nominee({ birthYear: 1899 }).success).toBe(false);
    expect(nominee({ birthYear: 1980.5 }).success).toBe(false);
  });
  it('refuses an unknown category, gender or field', () => {
    expect(nominee({ category: 'leader' }).success).toBe(false);
    expect(nominee({ gender: 'm' }).success).toBe(false);
    expect(nominee({ unit: 'x' }).success).toBe(false);
  });
});
