/**
 * Proposals forwarded upward (docs/domain.md §3): when the central answer is due and how many overdue periods have
 * passed, so the daily sweep reminds the secretariat once per period. Pure; dates are yyyy-mm-dd in Vietnam.
 */

/** `date` plus `months` calendar months; a day past the month's end falls on its last day (31/01 + 1 → 28/02). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface CentralAnswerDue {
  /** The day the answer becomes overdue (the proposal's date plus the regulation's months). */
  readonly dueDate: string;
  readonly overdue: boolean;
  /** Whole overdue periods passed by `today` (0: not overdue; 1 from dueDate, 2 from dueDate + months, …). */
  readonly periods: number;
}

export function centralAnswerDue(proposalDate: string, today: string, months: number): CentralAnswerDue {
  const dueDate = addMonths(proposalDate, months);
  let periods = 0;
  while (addMonths(proposalDate, months * (periods + 1)) <= today && periods < 1000) periods += 1;
  return { dueDate, overdue: periods > 0, periods };
}
