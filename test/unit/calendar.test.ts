import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarAdjustments } from '#domain/calendar-data';
import {
  addWorkingDays,
  dueAtFrom,
  formatDateVi,
  isWorkingDay,
  localDate,
  setCalendarAdjustments,
  statutoryHolidays,
  workingDaysBetween,
} from '#domain/calendar';

describe('the working-day calendar (Asia/Ho_Chi_Minh)', () => {
  afterEach(() => setCalendarAdjustments(calendarAdjustments));

  it('skips Tết 2026: one working day after Fri 13/02/2026 is Mon 23/02/2026 (DOMAIN §9, verified)', () => {
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) expect(isWorkingDay(day)).toBe(false);
  });

  it('gives a supplement requested on Fri 13/02/2026 its 10th working day on Fri 06/03/2026 (DOMAIN §10 case 10)', () => {
    // Working days after 13/02: 23–27/02 (5), 02–06/03 (5) → the 10th is Fri 06/03.
    expect(addWorkingDays('2026-02-13', 10)).toBe('2026-03-06');
    expect(workingDaysBetween('2026-02-13', '2026-03-06')).toBe(10);
  });

  it('follows the Tết 2025 swap: 27–31/01 off, Sat 08/02 a working day, Mon 03/02 worked', () => {
    expect(addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    for (const day of ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']) expect(isWorkingDay(day)).toBe(false);
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(addWorkingDays('2025-02-07', 1)).toBe('2025-02-08');
  });

  it('crosses a year end: 31/12/2026 + 1 working day is Mon 04/01/2027', () => {
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('knows the fixed holidays and Hùng Kings day, and gives a weekend holiday a day off in lieu', () => {
    for (const day of ['2026-04-30', '2026-05-01', '2026-09-01', '2026-09-02', '2026-01-01']) expect(isWorkingDay(day)).toBe(false);
    // Giỗ Tổ 10/3 lunar falls on Sunday 26/04/2026 → Monday 27/04 off.
    expect(statutoryHolidays(2026)).toContain('2026-04-26');
    expect(isWorkingDay('2026-04-27')).toBe(false);
    expect(isWorkingDay('2026-04-28')).toBe(true);
  });

  it("uses Vietnam's lunar calendar: Tết 2030 is 02/02/2030 (03/02 in China)", () => {
    const tet = statutoryHolidays(2030);
    expect(tet).toContain('2030-02-01'); // eve
    expect(tet).toContain('2030-02-02'); // mùng 1
  });

  it('counts working days consistently with adding them (2024–2030)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-11-30T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 40 }), (d, n) => {
        const from = d.toISOString().slice(0, 10);
        const to = addWorkingDays(from, n);
        return workingDaysBetween(from, to) === n && (n === 0 || isWorkingDay(to));
      }),
      { numRuns: 200 },
    );
  });

  it('applies admin-kept adjustments (a make-up Saturday, an extra day off)', () => {
    expect(isWorkingDay('2026-10-10')).toBe(false); // a Saturday
    setCalendarAdjustments([...calendarAdjustments, { year: 2026, extraDaysOff: ['2026-10-12'], workdays: ['2026-10-10'], source: 'test', certainty: 'unverified' }]);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-12')).toBe(false);
  });

  it('dates instants in Vietnam and formats them dd/mm/yyyy', () => {
    expect(localDate(new Date('2026-02-13T20:00:00Z'))).toBe('2026-02-14');
    expect(formatDateVi('2026-02-13T20:00:00Z')).toBe('14/02/2026');
    expect(formatDateVi('2026-12-15')).toBe('15/12/2026');
  });

  it('puts a due date at the end of the Vietnamese working day', () => {
    // 13/02/2026 09:00 in Vietnam + 1 working day → end of Mon 23/02 in Vietnam
    expect(dueAtFrom(new Date('2026-02-13T02:00:00Z'), 1).toISOString()).toBe('2026-02-23T16:59:59.999Z');
  });

  it('refuses a negative or fractional number of working days', () => {
    expect(() => addWorkingDays('2026-01-05', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
  });
});

describe('the lunar holiday data', () => {
  it('is exactly what date-holidays computes for Vietnam (regenerate with `npm run calendar:lunar`)', async () => {
    const { readFileSync } = await import('node:fs');
    const { lunarHolidaysPath, renderLunarHolidays } = await import('#infra/lunar-holidays');
    expect(readFileSync(lunarHolidaysPath, 'utf8')).toBe(renderLunarHolidays());
  });

  it('refuses a year it has no data for, saying how to add it', () => {
    expect(() => isWorkingDay('2050-02-01')).toThrow(/calendar:lunar/);
  });
});
