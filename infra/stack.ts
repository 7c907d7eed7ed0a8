import { Aspects, CfnOutput, type IAspect, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { Backups } from './constructs/backups.ts';
import { HandlerFunction } from './constructs/handler-function.ts';
import { Monitoring } from './constructs/monitoring.ts';
import type { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Website } from './constructs/website.ts';
import type { Construct } from 'constructs';
import type { Province } from '#domain/formal-documents';
import { Api } from './constructs/api.ts';
import { Notifications } from './constructs/notifications.ts';
import { ReportRenderer } from './constructs/report-renderer.ts';
import { Schedules } from './constructs/schedules.ts';
import { Storage } from './constructs/storage.ts';
import { Workflow } from './constructs/workflow.ts';

export interface AwardWorkflowStackProps extends StackProps {
  /** Production keeps data on delete and protects the table; dev stacks can be torn down. */
  readonly retainData: boolean;
  readonly appUrl: string;
  /** Cognito hosted sign-in domain prefix (globally unique); defaults to one derived from the stack name. */
  readonly signInDomainPrefix?: string;
  readonly senderIdentity: string;
  readonly senderAddress: string;
  readonly roleMailboxes: Record<string, string>;
  readonly yearEndCron: { minute: string; hour: string; day: string; month: string };
  readonly sweepCron: { minute: string; hour: string };
  /** The province the formal documents speak for: name, place of the date line, its Quy chế (demo default when absent). */
  readonly province?: Partial<Province>;
  /** Administrators who receive every alarm by e-mail (each confirms the SNS subscription once). */
  readonly alarmEmails: readonly string[];
  /** Days every log group keeps its logs (a CloudWatch Logs retention value: 30, 90, 180, 365, …). */
  readonly logRetentionDays: number;
  /** Days each daily AWS Backup recovery point is kept. */
  readonly backupRetentionDays: number;
  /** Days an overwritten or deleted S3 object's old version is kept. */
  readonly noncurrentVersionDays: number;
  /** API stage throttling: steady requests per second and burst, for all callers together. */
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** The AWS WAF web ACL of EdgeProtectionStack (us-east-1) for the web app's distribution, once deployed. */
  readonly webAclArn?: string;
}

export const defaultStackProps: AwardWorkflowStackProps = {
  retainData: true,
  appUrl: 'http://localhost:3000',
  senderIdentity: 'thiduakhenthuong.example.gov.vn',
  senderAddress: 'no-reply@thiduakhenthuong.example.gov.vn',
  roleMailboxes: {
    officer: 'ban-tdkt@thiduakhenthuong.example.gov.vn',
    secretariatHead: 'truong-ban-tdkt@thiduakhenthuong.example.gov.vn',
    councilSecretary: 'thu-ky-hoi-dong@thiduakhenthuong.example.gov.vn',
    chair: 'van-phong-ubnd@thiduakhenthuong.example.gov.vn',
    admin: 'quan-tri@thiduakhenthuong.example.gov.vn',
  },
  // 20 December, 07:00 — after the 15 December filing deadline's data freeze, before the council's year-end session.
  yearEndCron: { minute: '0', hour: '7', day: '20', month: '12' },
  sweepCron: { minute: '0', hour: '7' },
  alarmEmails: ['quan-tri@thiduakhenthuong.example.gov.vn'],
  logRetentionDays: 365,
  backupRetentionDays: 35,
  noncurrentVersionDays: 90,
  apiThrottle: { rateLimit: 100, burstLimit: 200 },
};

/** Every log group of the stack (ours and CDK's) keeps logs for the same, set time: never "forever". */
class LogRetention implements IAspect {
  constructor(private readonly days: number) {}
  visit(node: IConstruct): void {
    if (node instanceof CfnLogGroup) node.retentionInDays = this.days;
  }
}

/** Wires the concerns together; each construct owns its resources and grants. */
export class AwardWorkflowStack extends Stack {
  readonly storage: Storage;
  readonly workflow: Workflow;
  readonly api: Api;

  constructor(scope: Construct, id: string, props: AwardWorkflowStackProps) {
    super(scope, id, props);
    this.storage = new Storage(this, 'Storage', { uploadOrigins: [props.appUrl], retainData: props.retainData, noncurrentVersionDays: props.noncurrentVersionDays });
    this.workflow = new Workflow(this, 'Workflow', { storage: this.storage, ...(props.province ? { province: props.province } : {}) });
    const reports = new ReportRenderer(this, 'Reports', { storage: this.storage });
    this.api = new Api(this, 'Api', {
      storage: this.storage,
      reports,
      stateMachine: this.workflow.stateMachine,
      appUrls: [props.appUrl],
      signInDomainPrefix: props.signInDomainPrefix ?? `tdkt-${this.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 63),
      throttle: props.apiThrottle,
    });
    // The close of a council session writes the minutes' DOCX and PDF through the workflow's document renderer.
    const closeSession = this.api.functions.get('close-council-session');
    if (closeSession) this.workflow.allowMinutesRendering(closeSession);
    // The SNS topics (alarms, SES feedback) are encrypted with a key CloudWatch and SES may use (an AWS managed key cannot be shared).
    const topicKey = new Key(this, 'TopicKey', { enableKeyRotation: true, description: 'SNS topics of the award workflow (alarms, mail feedback)' });
    const notifications = new Notifications(this, 'Notifications', {
      storage: this.storage,
      senderIdentity: props.senderIdentity,
      senderAddress: props.senderAddress,
      roleMailboxes: props.roleMailboxes,
      appUrl: props.appUrl,
      topicKey,
      userPool: this.api.userPool,
    });
    // The failure path alerts straight through SES (the failing part may be the table the stream comes from).
    notifications.allowSending(this.workflow.escalateTask);
    // The web app, configured at deploy time with this stack's API, user pool and state machine.
    const website = new Website(this, 'Website', {
      accessLogs: this.storage.accessLogs,
      apiEndpoint: this.api.httpApi.apiEndpoint,
      userPoolId: this.api.userPool.userPoolId,
      userPoolClientId: this.api.userPoolClient.userPoolClientId,
      signInDomain: `${this.api.signInDomain.domainName}.auth.${this.region}.amazoncognito.com`,
      workflowDefinition: (this.workflow.stateMachine.node.defaultChild as CfnStateMachine).definitionString as string,
      noncurrentVersionDays: props.noncurrentVersionDays,
      ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}),
    });
    new CfnOutput(this, 'WebUrl', { value: website.url });
    new Schedules(this, 'Schedules', {
      storage: this.storage,
      reports,
      stateMachine: this.workflow.stateMachine,
      notifications,
      yearEndCron: props.yearEndCron,
      sweepCron: props.sweepCron,
    });
    new Backups(this, 'Backups', { storage: this.storage, retentionDays: props.backupRetentionDays, retainData: props.retainData });
    new Monitoring(this, 'Monitoring', {
      functions: this.node.findAll().filter((c): c is HandlerFunction => c instanceof HandlerFunction),
      stateMachine: this.workflow.stateMachine,
      failedNotifications: notifications.failedNotifications,
      httpApi: this.api.httpApi,
      tables: [this.storage.table, this.storage.ballots],
      heartbeats: [
        // Runs Monday to Friday: three days without a run is a missed working day, not a weekend.
        { service: 'sweep-deadlines', title: 'Quét hạn xử lý hằng ngày không chạy / the daily deadline sweep did not run', days: 3 },
      ],
      alarmEmails: props.alarmEmails,
      topicKey,
    });
    Aspects.of(this).add(new LogRetention(props.logRetentionDays));
  }
}
