import { describe, expect, it } from 'vitest';
import { missingYears, notEligibleError, personKey, shortfalls } from '#domain/award-history';
import { findAwardForm } from '#domain/catalogue';

// The catalogue's own rule for CSTĐ toàn quốc: CSTĐ cấp tỉnh in the two years before the dossier's year.
const [rule] = findAwardForm('chienSiThiDuaToanQuoc').eligibility;
const cstdTinh = (year: number) => ({ awardCode: 'chienSiThiDuaTinh', year });

describe('the eligibility rule of CSTĐ toàn quốc (two consecutive CSTĐ cấp tỉnh)', () => {
  it('is data on the form: two consecutive years of CSTĐ cấp tỉnh ending the year before', () => {
    expect(rule).toEqual({ awardCode: 'chienSiThiDuaTinh', years: 2, endingYearsBefore: 1 });
  });

  it('holds with CSTĐ cấp tỉnh in both consecutive years before the dossier year', () => {
    expect(missingYears(rule!, [cstdTinh(2054), cstdTinh(2055)], 2056)).toEqual([]);
  });

  it('names the one missing year when only one CSTĐ cấp tỉnh is held', () => {
    expect(missingYears(rule!, [cstdTinh(2055)], 2056)).toEqual([2054]);
  });

  it('does not let a gap count as consecutive (2053 and 2055 for 2056)', () => {
    expect(missingYears(rule!, [cstdTinh(2053), cstdTinh(2055)], 2056)).toEqual([2054]);
  });

  it('counts the same year twice as one year', () => {
    expect(missingYears(rule!, [cstdTinh(2055), cstdTinh(2055)], 2056)).toEqual([2054]);
  });

  it('ignores other forms held in the missing years', () => {
    expect(missingYears(rule!, [{ awardCode: 'bangKhenChuTichTinh', year: 2054 }, cstdTinh(2055)], 2056)).toEqual([2054]);
  });

  it('moves with the dossier year: the same history is too old three years later', () => {
    expect(missingYears(rule!, [cstdTinh(2054), cstdTinh(2055)], 2058)).toEqual([2056, 2057]);
  });

  it('names each short nominee and the missing years in both languages', () => {
    const nominees = [{ name: 'Lê Thị Đủ', birthYear: 1980 }, { name: 'Phạm Văn Thiếu', birthYear: 1975 }];
    const history = [[cstdTinh(2054), cstdTinh(2055)], [cstdTinh(2055)]];
    const found = shortfalls([rule!], nominees, (i) => history[i] ?? [], 2056);
    expect(found).toEqual([{ nomineeIndex: 1, name: 'Phạm Văn Thiếu', awardCode: 'chienSiThiDuaTinh', missingYears: [2054] }]);
    const error = notEligibleError(found, () => ({ vi: 'Chiến sĩ thi đua cấp tỉnh', en: 'Provincial Emulation Fighter' }));
    expect(error.status).toBe(400);
    expect(error.messages.vi).toContain('Phạm Văn Thiếu chưa có Chiến sĩ thi đua cấp tỉnh năm 2054');
    expect(error.messages.en).toContain('Phạm Văn Thiếu lacks Provincial Emulation Fighter for 2054');
  });

  it('asks for the year of birth of a nominee the rule applies to', () => {
    expect(() => shortfalls([rule!], [{ name: 'Không Rõ Năm' }], () => [], 2056)).toThrow(/year of birth/);
  });
});

describe('the person key', () => {
  it('folds case and spaces, keeps diacritics, and includes the unit and the year of birth', () => {
    expect(personKey({ unitId: 'so-y-te', name: '  Nguyễn  Văn An ', birthYear: 1980 })).toBe(personKey({ unitId: 'so-y-te', name: 'NGUYỄN VĂN AN', birthYear: 1980 }));
    expect(personKey({ unitId: 'so-y-te', name: 'Nguyễn Văn An', birthYear: 1980 })).not.toBe(personKey({ unitId: 'so-y-te', name: 'Nguyễn Văn Ân', birthYear: 1980 }));
    expect(personKey({ unitId: 'so-y-te', name: 'Nguyễn Văn An', birthYear: 1980 })).not.toBe(personKey({ unitId: 'so-y-te', name: 'Nguyễn Văn An', birthYear: 1981 }));
    expect(personKey({ unitId: 'so-y-te', name: 'Nguyễn Văn An', birthYear: 1980 })).not.toBe(personKey({ unitId: 'so-giao-duc', name: 'Nguyễn Văn An', birthYear: 1980 }));
  });
});

describe('the central answer falls due', () => {
  it('a configurable number of months after the proposal, once per period', async () => {
    const { addMonths, centralAnswerDue } = await import('#domain/upward');
    expect(addMonths('2054-01-31', 1)).toBe('2054-02-28');
    expect(centralAnswerDue('2054-01-15', '2054-07-14', 6)).toEqual({ dueDate: '2054-07-15', overdue: false, periods: 0 });
    expect(centralAnswerDue('2054-01-15', '2054-07-15', 6)).toEqual({ dueDate: '2054-07-15', overdue: true, periods: 1 });
    expect(centralAnswerDue('2054-01-15', '2055-01-15', 6).periods).toBe(2);
  });
});
