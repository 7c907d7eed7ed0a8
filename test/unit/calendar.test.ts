import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarAdjustments } from '#domain/calendar-data';
import {
  addWorkingDays,
  dueAtFrom,
  endOfLocalDay,
  formatDateVi,
  isWorkingDay,
  localDate,
  setCalendarAdjustments,
  statutoryHolidays,
  workingDaysBetween,
} from '#domain/calendar';

const DAY_MS = 24 * 3600 * 1000;
/** Consecutive calendar dates from `from` to `to`, both included. */
function dates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

afterEach(() => setCalendarAdjustments(calendarAdjustments));

describe('Tết 2026 (docs/domain.md §9, verified)', () => {
  it('gives Fri 13/02/2026 + 1 working day = Mon 23/02/2026', () => {
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
  });

  it('keeps civil servants off from Sat 14/02 to Sun 22/02/2026', () => {
    for (const day of dates('2026-02-14', '2026-02-22')) expect(isWorkingDay(day), day).toBe(false);
    expect(isWorkingDay('2026-02-13')).toBe(true);
    expect(isWorkingDay('2026-02-23')).toBe(true);
  });

  it('gives a supplement requested on Fri 13/02/2026 its 10th working day on Fri 06/03/2026 (docs/domain.md §10 case 10)', () => {
    // By hand: Mon 16 – Fri 20/02 are the five Tết days and 14–15, 21–22/02 are weekends, so the working days
    // after Fri 13/02 are Mon 23 – Fri 27/02 (1–5) and Mon 02 – Fri 06/03 (6–10): the 10th is Fri 06/03/2026.
    // Without Tết it would have been Fri 27/02/2026: the deadline moves by exactly the five days off.
    expect(addWorkingDays('2026-02-13', 10)).toBe('2026-03-06');
    expect(workingDaysBetween('2026-02-13', '2026-03-06')).toBe(10);
    expect(workingDaysBetween('2026-02-13', '2026-02-27')).toBe(5);
  });
});

describe('Tết 2025 (Government swap: 27/01 off, Sat 08/02 worked)', () => {
  it('is off from Sat 25/01 to Sun 02/02/2025, including the working days 27/01–31/01', () => {
    for (const day of dates('2025-01-25', '2025-02-02')) expect(isWorkingDay(day), day).toBe(false);
    expect(isWorkingDay('2025-01-24')).toBe(true);
    expect(isWorkingDay('2025-02-03')).toBe(true);
  });

  it('works the make-up Saturday 08/02/2025', () => {
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(addWorkingDays('2025-02-07', 1)).toBe('2025-02-08');
    expect(addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    // Mon 03 – Sat 08/02: six working days in a row.
    expect(workingDaysBetween('2025-01-24', '2025-02-08')).toBe(6);
    expect(addWorkingDays('2025-02-08', 1)).toBe('2025-02-10');
  });
});

describe('fixed holidays and days in lieu', () => {
  it('crosses a year end: Thu 31/12/2026 + 1 working day is Mon 04/01/2027', () => {
    expect(isWorkingDay('2027-01-01')).toBe(false);
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(workingDaysBetween('2026-12-31', '2027-01-04')).toBe(1);
  });

  it('is off on 30/4 and 1/5, and on 2/9 with its adjacent day', () => {
    for (const day of ['2026-04-30', '2026-05-01', '2026-09-01', '2026-09-02', '2025-04-30', '2025-05-01', '2025-09-01', '2025-09-02']) {
      expect(isWorkingDay(day), day).toBe(false);
    }
    // Wed 29/04/2026 + 1 working day skips Thu 30/04, Fri 01/05 and the weekend.
    expect(addWorkingDays('2026-04-29', 1)).toBe('2026-05-04');
    expect(isWorkingDay('2026-09-03')).toBe(true);
  });

  it('knows Giỗ Tổ Hùng Vương (10/3 lunar) and gives Sun 26/04/2026 a day in lieu on Mon 27/04', () => {
    expect(statutoryHolidays(2026)).toContain('2026-04-26');
    expect(isWorkingDay('2026-04-27')).toBe(false);
    expect(isWorkingDay('2026-04-28')).toBe(true);
  });

  it('gives a weekend holiday the next day that is neither weekend nor holiday', () => {
    // Sat 01/01/2028 → Mon 03/01/2028 off.
    expect(isWorkingDay('2028-01-03')).toBe(false);
    expect(addWorkingDays('2027-12-31', 1)).toBe('2028-01-04');
    // Sun 30/04/2028 → Mon 01/05 is itself a holiday → Tue 02/05/2028 off.
    expect(isWorkingDay('2028-05-01')).toBe(false);
    expect(isWorkingDay('2028-05-02')).toBe(false);
    expect(isWorkingDay('2028-05-03')).toBe(true);
    // Sat 01/09 and Sun 02/09/2029 → Mon 03/09 and Tue 04/09/2029 off.
    expect(isWorkingDay('2029-09-03')).toBe(false);
    expect(isWorkingDay('2029-09-04')).toBe(false);
    expect(addWorkingDays('2029-08-31', 1)).toBe('2029-09-05');
  });
});

describe("Vietnam's lunar calendar, not China's", () => {
  it('puts Tết 2030 on Sat 02/02/2030 (China: 03/02), the eve on Fri 01/02/2030', () => {
    // Arrange
    const holidays = statutoryHolidays(2030);
    // Assess
    expect(holidays).toEqual(expect.arrayContaining(['2030-02-01', '2030-02-02', '2030-02-03', '2030-02-04', '2030-02-05']));
    // The eve is a Friday: with China's date it would be a working day.
    expect(isWorkingDay('2030-02-01')).toBe(false);
  });

  it('gives the two weekend days of Tết 2030 days in lieu: Thu 31/01/2030 + 1 working day is Fri 08/02/2030', () => {
    // Fri 01 – Tue 05/02 holidays; Sat 02 and Sun 03 are weekend holidays → Wed 06 and Thu 07/02 off.
    for (const day of dates('2030-02-01', '2030-02-07')) expect(isWorkingDay(day), day).toBe(false);
    expect(addWorkingDays('2030-01-31', 1)).toBe('2030-02-08');
  });
});

describe('counting working days', () => {
  const day = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-10-31T00:00:00Z'), noInvalidDate: true }).map(isoDay);

  it('counts back what it added, and always lands on a working day (2024–2030)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 45 }), (from, n) => {
        const to = addWorkingDays(from, n);
        return workingDaysBetween(from, to) === n && to >= from && (n === 0 ? to === from : isWorkingDay(to));
      }),
      { numRuns: 300 },
    );
  });

  it('adds, for any span, as many working days as lie in it (2024–2030)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), (from, span) => {
        const to = isoDay(new Date(Date.parse(`${from}T00:00:00Z`) + span * DAY_MS));
        const n = workingDaysBetween(from, to);
        const reached = addWorkingDays(from, n);
        // `reached` is the last working day in (from, to], or `from` itself when there is none.
        return reached <= to && (n === 0 || isWorkingDay(reached)) && workingDaysBetween(reached, to) === 0;
      }),
      { numRuns: 300 },
    );
  });

  it('counts nothing when the end is not after the start', () => {
    expect(workingDaysBetween('2026-03-06', '2026-03-06')).toBe(0);
    expect(workingDaysBetween('2026-03-06', '2026-03-02')).toBe(0);
    expect(addWorkingDays('2026-03-07', 0)).toBe('2026-03-07');
  });

  it('refuses a negative or fractional number of working days', () => {
    expect(() => addWorkingDays('2026-01-05', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
  });
});

describe('the adjustments hook', () => {
  it('changes the answers when the yearly adjustments change, and restores them', () => {
    // Arrange
    const asPublished = ['2025-01-27', '2025-02-03', '2025-02-08', '2026-10-10', '2026-10-12'].map(isWorkingDay);
    // Act: without the 2025 swap, plus a made-up 2026 swap
    setCalendarAdjustments([{ year: 2026, extraDaysOff: ['2026-10-12'], workdays: ['2026-10-10'], source: 'test', certainty: 'unverified' }]);
    const adjusted = ['2025-01-27', '2025-02-03', '2025-02-08', '2026-10-10', '2026-10-12'].map(isWorkingDay);
    setCalendarAdjustments(calendarAdjustments);
    const restored = ['2025-01-27', '2025-02-03', '2025-02-08', '2026-10-10', '2026-10-12'].map(isWorkingDay);
    // Assess
    expect(asPublished).toEqual([false, true, true, false, true]);
    // Mon 27/01 worked; Mon 03/02 off in lieu of Sat 01/02 (mùng 4 Tết); Sat 08/02 not worked; the 2026 swap applies.
    expect(adjusted).toEqual([true, false, false, true, false]);
    expect(restored).toEqual(asPublished);
  });

  it('moves a deadline when a swap is added', () => {
    // Arrange
    const before = addWorkingDays('2026-10-09', 1);
    // Act
    setCalendarAdjustments([...calendarAdjustments, { year: 2026, extraDaysOff: ['2026-10-12'], workdays: [], source: 'test', certainty: 'unverified' }]);
    // Assess
    expect(before).toBe('2026-10-12');
    expect(addWorkingDays('2026-10-09', 1)).toBe('2026-10-13');
  });
});

describe('dates and due dates in Asia/Ho_Chi_Minh (UTC+7)', () => {
  it('dates an instant in Vietnam', () => {
    expect(localDate(new Date('2026-02-13T16:59:59.999Z'))).toBe('2026-02-13');
    expect(localDate(new Date('2026-02-13T17:00:00Z'))).toBe('2026-02-14');
  });

  it('formats dd/mm/yyyy in Vietnam: 2026-02-13T20:00:00Z is 14/02/2026', () => {
    expect(formatDateVi('2026-02-13T20:00:00Z')).toBe('14/02/2026');
    expect(formatDateVi(new Date('2026-02-13T20:00:00Z'))).toBe('14/02/2026');
    expect(formatDateVi('2026-02-13T09:00:00+07:00')).toBe('13/02/2026');
    // A calendar date is a date, not an instant: no shift.
    expect(formatDateVi('2026-12-15')).toBe('15/12/2026');
    expect(formatDateVi('not a date')).toBe('not a date');
  });

  it('puts a due date at the end of the local working day', () => {
    // 13/02/2026 09:00 in Vietnam + 1 working day → end of Mon 23/02 in Vietnam (23:59:59.999 +07:00).
    expect(dueAtFrom(new Date('2026-02-13T02:00:00Z'), 1).toISOString()).toBe('2026-02-23T16:59:59.999Z');
    // 23:00 on Thu 12/02 in Vietnam (16:00Z) is still the 12th: + 1 → end of Fri 13/02.
    expect(dueAtFrom(new Date('2026-02-12T16:00:00Z'), 1).toISOString()).toBe('2026-02-13T16:59:59.999Z');
    // 03:00 on Fri 13/02 in Vietnam is 20:00Z on the 12th: + 1 → end of Mon 23/02.
    expect(dueAtFrom(new Date('2026-02-12T20:00:00Z'), 1).toISOString()).toBe('2026-02-23T16:59:59.999Z');
    expect(dueAtFrom(new Date('2026-02-13T02:00:00Z'), 0)).toEqual(endOfLocalDay('2026-02-13'));
  });
});

describe('the lunar holiday data', () => {
  it('is exactly what date-holidays computes for Vietnam (regenerate with `npm run calendar:lunar`)', async () => {
    const { readFileSync } = await import('node:fs');
    const { lunarHolidaysPath, renderLunarHolidays } = await import('../../scripts/lunar-holidays.ts');
    expect(readFileSync(lunarHolidaysPath, 'utf8')).toBe(renderLunarHolidays());
    // Computing every year's lunar dates takes ~4 s alone, more on a loaded machine: more than vitest's 5 s default.
  }, 60_000);

  it('refuses a year it has no data for, saying how to add it', () => {
    expect(() => isWorkingDay('2050-02-01')).toThrow(/calendar:lunar/);
  });
});
