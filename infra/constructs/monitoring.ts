import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, metricNames } from '#domain/metrics';
import type { HandlerFunction } from './handler-function.ts';

/** CloudWatch: an alarm's metric math may use at most ten metrics. */
const ALARM_METRICS_MAX = 10;

export interface MonitoringProps {
  /** Every function of the stack: each is watched by an errors and a throttles alarm (in groups of ten). */
  readonly functions: readonly HandlerFunction[];
  readonly stateMachine: StateMachine;
  /** The notify stream's on-failure queue: any message in it is a mail that was never sent. */
  readonly failedNotifications: Queue;
  readonly httpApi: HttpApi;
  readonly tables: readonly Table[];
  /** Scheduled functions whose Heartbeat metric must arrive: the service name and how many days may pass without one. */
  readonly heartbeats: readonly { readonly service: string; readonly title: string; readonly days: number }[];
  /** Administrators' addresses: each confirms the SNS subscription once, then receives every alarm. */
  readonly alarmEmails: readonly string[];
  /** The KMS key the stack's SNS topics are encrypted with (CloudWatch must be allowed to use it). */
  readonly topicKey: Key;
}

/**
 * The operators' view: one dashboard of the whole workflow, and alarms that all notify one SNS topic (e-mail
 * to the administrators). Plain CDK constructs rather than cdk-monitoring-constructs: the alarms we need are a
 * few dozen lines over the L2 `metric*()` helpers, the heartbeats are our own metrics either way, and the
 * runbook (docs/runbook.md) names each alarm by the id given here.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'Thi đua – Khen thưởng: cảnh báo vận hành', masterKey: props.topicKey, enforceSSL: true });
    props.topicKey.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    for (const address of props.alarmEmails) this.topic.addSubscription(new EmailSubscription(address));
    this.action = new SnsAction(this.topic);
    const fiveMinutes = Duration.minutes(5);

    // The workflow: an execution that fails, times out or is stopped leaves a dossier without its next step.
    const machine = props.stateMachine;
    const sfn = [
      this.alarm('WorkflowExecutionsFailed', machine.metricFailed({ period: fiveMinutes }), 1, 'Hồ sơ: quy trình dừng do lỗi / a dossier workflow failed'),
      this.alarm('WorkflowExecutionsTimedOut', machine.metricTimedOut({ period: fiveMinutes }), 1, 'Hồ sơ: quy trình quá thời hạn tối đa / a dossier workflow timed out'),
      this.alarm('WorkflowExecutionsAborted', machine.metricAborted({ period: fiveMinutes }), 1, 'Hồ sơ: quy trình bị dừng tay / a dossier workflow was aborted'),
    ];

    // Every function: errors (after its own retries) and throttles (the account's concurrency is exhausted).
    // Watched in groups of ten, the most metrics one alarm may combine: an alarm per function would be ~100
    // resources, and a stack may hold 500 in all. Each group's alarm names its functions; the dashboard graphs
    // each function on its own, to see which one it was.
    const fnErrors: IMetric[] = props.functions.map((f) => f.fn.metricErrors({ period: fiveMinutes, label: f.node.id }));
    const groups = Array.from({ length: Math.ceil(props.functions.length / ALARM_METRICS_MAX) }, (_, g) => props.functions.slice(g * ALARM_METRICS_MAX, (g + 1) * ALARM_METRICS_MAX));
    groups.forEach((group, g) => {
      const names = group.map((f) => f.node.id).join(', ');
      const sum = (metric: (f: HandlerFunction) => IMetric, label: string) =>
        new MathExpression({ expression: `SUM([${group.map((_, i) => `m${i}`).join(', ')}])`, usingMetrics: Object.fromEntries(group.map((f, i) => [`m${i}`, metric(f)])), period: fiveMinutes, label });
      this.alarm(`FunctionErrors${g + 1}`, sum((f) => f.fn.metricErrors({ period: fiveMinutes }), 'errors'), 1, `Hàm lỗi khi chạy / function errors: ${names}`);
      this.alarm(`FunctionThrottles${g + 1}`, sum((f) => f.fn.metricThrottles({ period: fiveMinutes }), 'throttles'), 1, `Hàm bị giới hạn đồng thời / function throttled: ${names}`);
    });

    const dlq = props.failedNotifications.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' });
    this.alarm('FailedNotificationsNotEmpty', dlq, 1, 'Thư thông báo không gửi được, nằm trong hàng đợi lỗi / notification records in the dead-letter queue');

    // The API: the share of 5xx answers (only when there is traffic to judge by) and the p95 latency.
    const api = props.httpApi;
    const serverErrorRate = new MathExpression({
      expression: 'IF(FILL(requests, 0) >= 20, 100 * FILL(errors, 0) / requests, 0)',
      usingMetrics: { errors: api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }), requests: api.metricCount({ period: fiveMinutes, statistic: 'Sum' }) },
      period: fiveMinutes,
      label: 'API 5xx %',
    });
    this.alarm('ApiServerErrorRate', serverErrorRate, 5, 'API: trên 5% yêu cầu lỗi 5xx / more than 5% of API requests answered 5xx');
    const latency = api.metricLatency({ period: fiveMinutes, statistic: 'p95' });
    this.alarm('ApiLatencyP95', latency, 3000, 'API: thời gian phản hồi p95 trên 3 giây / API p95 latency above 3 s', 3);

    // The tables: throttled requests (on-demand capacity hit its ceiling) and DynamoDB's own errors.
    const tableMetrics: IMetric[] = [];
    for (const table of props.tables) {
      const name = table.node.id;
      const throttles = new MathExpression({
        expression: `SUM([reads${name}, writes${name}])`,
        usingMetrics: {
          [`reads${name}`]: table.metric('ReadThrottleEvents', { period: fiveMinutes, statistic: 'Sum' }),
          [`writes${name}`]: table.metric('WriteThrottleEvents', { period: fiveMinutes, statistic: 'Sum' }),
        },
        period: fiveMinutes,
        label: `${name} throttles`,
      });
      // One metric per operation, ids unique per table (the dashboard graphs both tables together).
      const operations = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'BatchGetItem', 'BatchWriteItem', 'TransactWriteItems'];
      const perOperation = Object.fromEntries(
        operations.map((op) => [`${op.toLowerCase()}${name}`, table.metric('SystemErrors', { dimensionsMap: { TableName: table.tableName, Operation: op }, period: fiveMinutes, statistic: 'Sum' })]),
      );
      const systemErrors = new MathExpression({ expression: `SUM([${Object.keys(perOperation).join(', ')}])`, usingMetrics: perOperation, period: fiveMinutes, label: `${name} system errors` });
      tableMetrics.push(throttles, systemErrors);
      this.alarm(`Table${name}Throttles`, throttles, 1, `Bảng ${name}: yêu cầu bị giới hạn / DynamoDB throttled requests`);
      this.alarm(`Table${name}SystemErrors`, systemErrors, 1, `Bảng ${name}: lỗi hệ thống DynamoDB / DynamoDB system errors`);
    }

    // SES reputation (account-wide): AWS reviews an account at 5% bounces or 0.1% complaints and may pause sending at 10% / 0.5%.
    const bounceRate = new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', period: Duration.hours(1), statistic: 'Maximum' });
    const complaintRate = new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', period: Duration.hours(1), statistic: 'Maximum' });
    this.alarm('SesBounceRate', bounceRate, 0.04, 'Thư điện tử: tỷ lệ thư bị trả lại cao / SES bounce rate near the review threshold');
    this.alarm('SesComplaintRate', complaintRate, 0.0008, 'Thư điện tử: tỷ lệ khiếu nại cao / SES complaint rate near the review threshold');

    // Scheduled runs: each emits a Heartbeat when it finishes; none within the window means it did not run (or failed).
    const heartbeatMetrics: IMetric[] = [];
    for (const beat of props.heartbeats) {
      const metric = new Metric({ namespace: METRICS_NAMESPACE, metricName: metricNames.heartbeat, dimensionsMap: { service: beat.service }, period: Duration.days(1), statistic: 'Sum', label: beat.service });
      heartbeatMetrics.push(metric);
      const pascal = beat.service.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
      this.addAlarm(
        new Alarm(this, `${pascal}NotRun`, {
          alarmDescription: beat.title,
          metric,
          threshold: 1,
          comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: beat.days,
          datapointsToAlarm: beat.days,
          // No data is the very thing to report.
          treatMissingData: TreatMissingData.BREACHING,
        }),
      );
    }
    // The year-end job runs once a year: the daily sweep reports a missed run as YearEndMissed (see sweep-deadlines).
    const yearEndMissed = new Metric({ namespace: METRICS_NAMESPACE, metricName: metricNames.yearEndMissed, dimensionsMap: { service: 'sweep-deadlines' }, period: Duration.days(1), statistic: 'Maximum' });
    this.alarm('YearEndJobMissed', yearEndMissed, 1, 'Báo cáo tổng kết năm chưa được lập sau ngày theo lịch / the year-end report was not made on its scheduled day');

    const business = (name: string) => new Metric({ namespace: METRICS_NAMESPACE, metricName: name, period: Duration.days(1), statistic: 'Sum', label: name });
    const businessBy = (name: string, service: string) => new Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { service }, period: Duration.days(1), statistic: 'Sum', label: name });
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${Stack.of(this).stackName}-workflow`, defaultInterval: Duration.days(7) });
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '# Thi đua – Khen thưởng\nQuy trình hồ sơ, API, thư điện tử, lịch chạy. Xử lý cảnh báo: docs/runbook.md', width: 24, height: 2 }),
      new SingleValueWidget({
        title: 'Hồ sơ (ngày) / dossiers per day',
        metrics: [businessBy(metricNames.dossiersSubmitted, 'submit-dossier'), businessBy(metricNames.dossiersAwarded, 'record-decision'), businessBy(metricNames.overdueSteps, 'sweep-deadlines'), businessBy(metricNames.mailSkipped, 'notify')],
        width: 24,
      }),
      new GraphWidget({ title: 'Quy trình / executions', left: [machine.metricStarted(), machine.metricSucceeded(), ...sfn.map((a) => a.metric)], width: 12 }),
      new GraphWidget({ title: 'API', left: [api.metricCount(), api.metricServerError(), api.metricClientError()], right: [latency], width: 12 }),
      new GraphWidget({ title: 'Lỗi hàm / function errors', left: fnErrors, width: 12 }),
      new GraphWidget({ title: 'DynamoDB', left: tableMetrics, width: 12 }),
      new GraphWidget({ title: 'Thư / mail', left: [dlq, business(metricNames.mailBounced), business(metricNames.mailComplained)], right: [bounceRate, complaintRate], width: 12 }),
      new GraphWidget({
        title: 'Lịch chạy / scheduled runs',
        left: [...heartbeatMetrics, businessBy(metricNames.heartbeat, 'aggregate-year-end')],
        right: [yearEndMissed],
        width: 12,
      }),
    );
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string, evaluationPeriods = 1): Alarm {
    return this.addAlarm(
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private addAlarm(alarm: Alarm): Alarm {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}
