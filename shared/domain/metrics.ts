/**
 * The custom CloudWatch metrics the functions emit (Powertools Metrics, EMF) and the alarms and dashboard read
 * (infra/constructs/monitoring.ts): one list, so a renamed metric cannot leave an alarm watching nothing.
 * Every metric carries the `service` dimension (the function's folder name, POWERTOOLS_SERVICE_NAME).
 */
export const METRICS_NAMESPACE = 'ThiDuaKhenThuong';

export const metricNames = {
  /** Each scheduled run that finished (daily sweep, year-end job): its absence is the alarm. */
  heartbeat: 'Heartbeat',
  dossiersSubmitted: 'DossiersSubmitted',
  dossiersAwarded: 'DossiersAwarded',
  /** Steps the sweep found past their due date and escalated (or returned, for a supplement). */
  overdueSteps: 'OverdueSteps',
  /** Recipients a mail was not sent to because their address bounced or complained before. */
  mailSkipped: 'MailSkipped',
  /** Bounces and complaints SES reported. */
  mailBounced: 'MailBounced',
  mailComplained: 'MailComplained',
  /** 1 when the daily sweep finds the year's report missing after the year-end job's scheduled day, else 0. */
  yearEndMissed: 'YearEndMissed',
} as const;

export type MetricName = (typeof metricNames)[keyof typeof metricNames];

/**
 * The year whose year-end report should exist by `today` (Vietnam's date, yyyy-mm-dd): this year's, from the day
 * after the job's scheduled day (`mm-dd`) to the year's end; none before (the job has not been due yet).
 */
export function yearEndReportDue(today: string, yearEndDay: string): number | undefined {
  const year = Number(today.slice(0, 4));
  return today.slice(5) > yearEndDay ? year : undefined;
}
