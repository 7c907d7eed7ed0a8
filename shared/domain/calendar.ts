/**
 * Vietnam's working-day calendar for civil servants (docs/domain.md §9), in Asia/Ho_Chi_Minh (UTC+7, no DST).
 * Statutory holidays follow the Labour Code 2019: 1/1, Tết (the eve and the first four days of the lunar
 * year), Hùng Kings' day (10/3 lunar), 30/4, 1/5, 2/9 and 1/9; a holiday on a weekend gives the next working
 * day off. Lunar dates are data generated from the maintained `date-holidays` package (Vietnam's calendar, not
 * China's) into lunar-holidays.ts, and each year's Government swaps are data in calendar-data.ts.
 */
import { calendarAdjustments, type YearAdjustments } from './calendar-data.ts';
import { lunarHolidays } from './lunar-holidays.ts';

/** A calendar date, `yyyy-mm-dd`. */
export type IsoDate = string;

/**
 * The first emulation year (= calendar year) the system holds records for; reports before it are refused.
 * Data, not a rule: a province that imports its history lowers it.
 */
export const FIRST_REPORT_YEAR = 2022;

const OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The date in Vietnam at an instant. */
export function localDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(date: IsoDate): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

const yearCache = new Map<number, { off: Set<IsoDate>; work: Set<IsoDate> }>();
let adjustments: readonly YearAdjustments[] = calendarAdjustments;

/** Replaces the yearly adjustments (admin-kept data); clears the cache. */
export function setCalendarAdjustments(next: readonly YearAdjustments[]): void {
  adjustments = next;
  yearCache.clear();
}

function lunarYear(year: number): { tetEve: IsoDate; hungKings: IsoDate } {
  const found = lunarHolidays[year];
  if (!found) throw new RangeError(`No lunar holiday data for ${year}: extend it with \`npm run calendar:lunar\``);
  return found;
}

/** Statutory holidays of a year (before compensatory days). */
export function statutoryHolidays(year: number): IsoDate[] {
  const { tetEve, hungKings } = lunarYear(year);
  const tet = [0, 1, 2, 3, 4].map((i) => addDays(tetEve, i));
  return [`${year}-01-01`, ...tet, hungKings, `${year}-04-30`, `${year}-05-01`, `${year}-09-01`, `${year}-09-02`];
}

function daysOffOf(year: number): { off: Set<IsoDate>; work: Set<IsoDate> } {
  const cached = yearCache.get(year);
  if (cached) return cached;
  const holidays = statutoryHolidays(year);
  const off = new Set<IsoDate>(holidays);
  // A holiday on a weekend gives the next day that is neither weekend nor holiday off (nghỉ bù).
  for (const day of holidays.filter(isWeekend)) {
    let next = addDays(day, 1);
    while (isWeekend(next) || off.has(next)) next = addDays(next, 1);
    off.add(next);
  }
  const adj = adjustments.filter((a) => a.year === year);
  for (const a of adj) for (const d of a.extraDaysOff) off.add(d);
  const work = new Set<IsoDate>(adj.flatMap((a) => a.workdays));
  for (const d of work) off.delete(d);
  const entry = { off, work };
  yearCache.set(year, entry);
  return entry;
}

export function isWorkingDay(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  // Tết of year Y can fall in late January; compensatory days of December spill into January of Y+1.
  const { off, work } = daysOffOf(year);
  const prev = daysOffOf(year - 1);
  if (work.has(date)) return true;
  if (off.has(date) || prev.off.has(date)) return false;
  return !isWeekend(date);
}

/** The date `n` working days after `date` (the day itself not counted). */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left -= 1;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count += 1;
  return count;
}

/** End of the working day `n` working days after the local date of `now` (23:59:59.999 in Vietnam). */
export function dueAtFrom(now: Date, n: number): Date {
  return endOfLocalDay(addWorkingDays(localDate(now), n));
}

export function endOfLocalDay(date: IsoDate): Date {
  return new Date(Date.parse(`${date}T23:59:59.999+07:00`));
}

/** dd/mm/yyyy in Vietnam, for an instant (ISO string or Date) or a calendar date. */
export function formatDateVi(value: string | Date): string {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : Number.isNaN(new Date(value).getTime()) ? '' : localDate(new Date(value));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return String(value);
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
