/**
 * What the daily sweep does with each open task (issue: deadlines in working days). Pure, so the rules are
 * tested across Tết and year ends with any clock.
 */
import { addWorkingDays, endOfLocalDay, localDate } from './calendar.ts';

export const REMIND_WORKING_DAYS_BEFORE = 2;

export type SweepAction = 'return' | 'escalate' | 'remind' | 'none';

export interface SweptTask {
  readonly step: string;
  readonly dueAt: string;
  readonly remindedAt?: string;
  readonly escalatedAt?: string;
}

/** The end of the last local day on which a reminder is due: `REMIND_WORKING_DAYS_BEFORE` working days ahead. */
export function reminderHorizon(now: Date): Date {
  return endOfLocalDay(addWorkingDays(localDate(now), REMIND_WORKING_DAYS_BEFORE));
}

/**
 * Overdue supplement requests are returned where the province's regulation says so (returnAfterMissedSupplement,
 * the default); where it does not, they are escalated once like the other overdue steps, and the secretariat
 * decides (accept the late supplement, or return it). Steps due within the reminder horizon are reminded once.
 * Each action happens at most once per task.
 */
export function sweepActionFor(task: SweptTask, now: Date, returnAfterMissedSupplement = true): SweepAction {
  const due = Date.parse(task.dueAt);
  if (due <= now.getTime()) {
    if (task.step === 'supplement' && returnAfterMissedSupplement) return 'return';
    return task.escalatedAt ? 'none' : 'escalate';
  }
  if (!task.remindedAt && due <= reminderHorizon(now).getTime()) return 'remind';
  return 'none';
}
