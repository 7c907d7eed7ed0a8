import { CfnConfigurationSet, CfnConfigurationSetEventDestination, CfnEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface EmailProps {
  /** The identity notifications are sent from: a domain (preferred) or a single address. */
  readonly senderIdentity: string;
  /** The KMS key of the stack's SNS topics (SES must be allowed to use it to publish). */
  readonly topicKey: Key;
}

/**
 * SESv2 identity and configuration set for the workflow's notifications. The configuration set publishes every
 * bounce and complaint to an SNS topic, so a mail that does not arrive is recorded against its address.
 */
export class Email extends Construct {
  readonly configurationSetName: string;
  readonly identityName: string;
  /** Bounces and complaints of every mail sent through the configuration set (SES event publishing). */
  readonly feedbackTopic: Topic;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    const configurationSet = new CfnConfigurationSet(this, 'ConfigurationSet', {
      reputationOptions: { reputationMetricsEnabled: true },
      sendingOptions: { sendingEnabled: true },
      deliveryOptions: { tlsPolicy: 'REQUIRE' },
    });
    new CfnEmailIdentity(this, 'Identity', {
      emailIdentity: props.senderIdentity,
      configurationSetAttributes: { configurationSetName: configurationSet.ref },
    });
    this.configurationSetName = configurationSet.ref;
    this.identityName = props.senderIdentity;

    const { account, region, partition } = Stack.of(this);
    this.feedbackTopic = new Topic(this, 'Feedback', { displayName: 'SES bounces and complaints', masterKey: props.topicKey, enforceSSL: true });
    // Only this account's configuration set may publish to it.
    const sourceArn = `arn:${partition}:ses:${region}:${account}:configuration-set/${this.configurationSetName}`;
    this.feedbackTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.feedbackTopic.topicArn],
        conditions: { StringEquals: { 'AWS:SourceAccount': account, 'AWS:SourceArn': sourceArn } },
      }),
    );
    props.topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    const destination = new CfnConfigurationSetEventDestination(this, 'FeedbackDestination', {
      configurationSetName: this.configurationSetName,
      eventDestination: {
        name: 'bounces-and-complaints',
        enabled: true,
        matchingEventTypes: ['bounce', 'complaint'],
        snsDestination: { topicArn: this.feedbackTopic.topicArn },
      },
    });
    destination.node.addDependency(this.feedbackTopic);
  }

  /** Lets one function send from the identity through the configuration set, and nothing else. */
  grantSend(fn: IFunction): void {
    const { account, region, partition } = Stack.of(this);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          `arn:${partition}:ses:${region}:${account}:identity/${this.identityName}`,
          `arn:${partition}:ses:${region}:${account}:configuration-set/${this.configurationSetName}`,
        ],
      }),
    );
  }
}
