import { Duration } from 'aws-cdk-lib';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { acknowledge } from './nag.ts';
import { Construct } from 'constructs';
import { Email } from './email.ts';
import { HandlerFunction } from './handler-function.ts';
import type { Storage } from './storage.ts';

export interface NotificationsProps {
  readonly storage: Storage;
  readonly senderIdentity: string;
  readonly senderAddress: string;
  /** Group mailboxes per role (secretariat, council secretary, chair's office), as JSON for the function. */
  readonly roleMailboxes: Record<string, string>;
  readonly appUrl: string;
  /** The KMS key of the stack's SNS topics. */
  readonly topicKey: Key;
  /** The directory: a bounced address is matched to the person who has it. */
  readonly userPool: UserPool;
}

/**
 * Every audit event committed to the table reaches the notify function through the table's stream, so an
 * email is sent if and only if the transition it reports was stored (no email for a rolled-back write).
 */
export class Notifications extends Construct {
  readonly email: Email;
  readonly notify: HandlerFunction;
  /** Records SES bounces and complaints against the address (and its person); notify then skips the address. */
  readonly mailFeedback: HandlerFunction;
  readonly failedNotifications: Queue;
  /** What a function needs in its environment to send the workflow's emails (with `allowSending`). */
  readonly mailEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.email = new Email(this, 'Email', { senderIdentity: props.senderIdentity, topicKey: props.topicKey });
    this.notify = new HandlerFunction(this, 'Notify', {
      name: 'notify',
      description: 'Sends the bilingual email for each workflow event',
      timeout: Duration.seconds(30),
      environment: (this.mailEnvironment = {
        SENDER_ADDRESS: props.senderAddress,
        SES_CONFIGURATION_SET: this.email.configurationSetName,
        ROLE_MAILBOXES: JSON.stringify(props.roleMailboxes),
        APP_URL: props.appUrl,
      }),
    }).bindTable(props.storage.table, 'RW'); // RW: it counts the mails it did not send to a failing address
    // Records still failing after the retries are not dropped silently: they land here for the operators.
    this.failedNotifications = new Queue(this, 'FailedNotifications', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.failedNotifications, 'AwsSolutions-SQS3', 'This queue is itself the on-failure destination of the notify stream mapping');
    this.notify.fn.addEventSource(
      new DynamoEventSource(props.storage.table, {
        onFailure: new SqsDlq(this.failedNotifications),
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        retryAttempts: 5,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            // Dossier audit events only (council sessions chain their own events under SESSION#).
            dynamodb: { Keys: { PK: { S: FilterRule.beginsWith('DOSSIER#') }, SK: { S: FilterRule.beginsWith('EVENT#') } } },
          }),
        ],
      }),
    );
    this.allowSending(this.notify);

    this.mailFeedback = new HandlerFunction(this, 'MailFeedback', {
      name: 'mail-feedback',
      description: 'Records SES bounces and complaints against the address and its person',
    }).bindTable(props.storage.table, 'RW');
    this.mailFeedback.fn.addEnvironment('USER_POOL_ID', props.userPool.userPoolId);
    // Finds the person who has the address (ListUsers with an e-mail filter), nothing else of the pool.
    props.userPool.grant(this.mailFeedback.fn, 'cognito-idp:ListUsers');
    this.mailFeedback.fn.addEventSource(new SnsEventSource(this.email.feedbackTopic));
  }

  /** Another function that sends the workflow's emails (the year-end report link, the workflow-failure alert). */
  allowSending(f: HandlerFunction): void {
    for (const [k, v] of Object.entries(this.mailEnvironment)) f.fn.addEnvironment(k, v);
    this.email.grantSend(f.fn);
  }
}
