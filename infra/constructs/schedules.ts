import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { acknowledge, arnToken } from './nag.ts';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { HandlerFunction } from './handler-function.ts';
import type { Notifications } from './notifications.ts';
import type { ReportRenderer } from './report-renderer.ts';
import type { Storage } from './storage.ts';

export interface SchedulesProps {
  readonly storage: Storage;
  readonly stateMachine: StateMachine;
  /** The year-end job has the report's files written by the renderer. */
  readonly reports: ReportRenderer;
  /** The year-end job emails the secretariat the report's link. */
  readonly notifications: Notifications;
  /** Cron fields (minute hour day month) in Asia/Ho_Chi_Minh for the year-end aggregation. */
  readonly yearEndCron: { minute: string; hour: string; day: string; month: string };
  /** Cron fields for the daily deadline sweep (reminders, escalations, expired supplements). */
  readonly sweepCron: { minute: string; hour: string };
}

const vietnam = TimeZone.of('Asia/Ho_Chi_Minh');

/** EventBridge Scheduler schedules; the local runtime reads them from the template and can fire them on demand. */
export class Schedules extends Construct {
  readonly sweepDeadlines: HandlerFunction;
  readonly aggregateYearEnd: HandlerFunction;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.sweepDeadlines = new HandlerFunction(this, 'SweepDeadlines', {
      name: 'sweep-deadlines',
      description: 'Daily: reminders before due dates, escalation after, supplement deadlines expired',
      timeout: Duration.minutes(5),
    }).bindTable(props.storage.table, 'RW');
    props.stateMachine.grantTaskResponse(this.sweepDeadlines.fn);
    // It also re-issues the (idempotent) start of a submitted dossier whose start failed.
    props.stateMachine.grantStartExecution(this.sweepDeadlines.fn);
    this.sweepDeadlines.fn.addEnvironment('STATE_MACHINE_ARN', props.stateMachine.stateMachineArn);
    // The sweep watches the yearly job (it reports YearEndMissed after this day, month-day in Vietnam).
    this.sweepDeadlines.fn.addEnvironment('YEAR_END_DAY', `${props.yearEndCron.month.padStart(2, '0')}-${props.yearEndCron.day.padStart(2, '0')}`);
    // It sends each person's daily digest of what it found (reminders, overdue steps and answers).
    props.notifications.allowSending(this.sweepDeadlines);

    this.aggregateYearEnd = new HandlerFunction(this, 'AggregateYearEnd', {
      name: 'aggregate-year-end',
      description: "Year-end statistics: verifies the year's counters and has reports/<year>/ written",
      timeout: Duration.minutes(10),
      memorySize: 1024,
    }).bindTable(props.storage.table, 'RW');
    props.reports.allowRendering(this.aggregateYearEnd);
    props.notifications.allowSending(this.aggregateYearEnd);

    for (const f of [this.sweepDeadlines, this.aggregateYearEnd]) {
      acknowledge(Stack.of(this), `AwsSolutions-IAM5[Resource::${arnToken(f.fn)}:*]`, 'The scheduler role may invoke this one function (any version); CDK adds the :* qualifier');
    }
    new Schedule(this, 'DailySweep', {
      description: 'Daily deadline sweep (Asia/Ho_Chi_Minh)',
      schedule: ScheduleExpression.cron({ ...props.sweepCron, weekDay: 'MON-FRI', timeZone: vietnam }),
      target: new LambdaInvoke(this.sweepDeadlines.fn, { retryAttempts: 2 }),
    });
    new Schedule(this, 'YearEndAggregation', {
      description: 'Year-end emulation and commendation statistics (Asia/Ho_Chi_Minh)',
      schedule: ScheduleExpression.cron({ ...props.yearEndCron, timeZone: vietnam }),
      target: new LambdaInvoke(this.aggregateYearEnd.fn, { retryAttempts: 2 }),
    });
  }
}
