/**
 * Per-year adjustments the Government announces (docs/domain.md §9): extra days off (Tết swaps, nghỉ bù) and Saturdays
 * worked instead (làm bù), or a compensatory day cancelled. This is data an admin keeps current each year;
 * the base rules (Labour Code 2019 Art. 112) are computed in calendar.ts.
 */
export interface YearAdjustments {
  readonly year: number;
  /** Weekdays that are off on top of the statutory holidays. */
  readonly extraDaysOff: readonly string[];
  /** Days that are working days whatever the rules say (make-up Saturdays, cancelled compensatory days). */
  readonly workdays: readonly string[];
  readonly source: string;
  readonly certainty: 'verified' | 'unverified';
}

export const calendarAdjustments: readonly YearAdjustments[] = [
  {
    year: 2025,
    // Tết Ất Tỵ: civil servants off Sat 25/01 – Sun 02/02/2025; Mon 27/01 swapped with Sat 08/02.
    extraDaysOff: ['2025-01-27'],
    workdays: ['2025-02-08', '2025-02-03'],
    source: 'Thông báo lịch nghỉ Tết Ất Tỵ 2025 (Bộ LĐTBXH), as reported in the press',
    certainty: 'unverified',
  },
  {
    year: 2026,
    // Tết Bính Ngọ: off Sat 14/02 – Sun 22/02/2026; the statutory five days are Mon 16/02 – Fri 20/02.
    extraDaysOff: [],
    workdays: [],
    source: 'Lịch nghỉ Tết Nguyên đán 2026 (press, Oct 2025: congan.com.vn, vietnammedia.vnanet.vn)',
    certainty: 'verified',
  },
];
