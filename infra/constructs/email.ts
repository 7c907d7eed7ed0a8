import { CfnConfigurationSet, CfnEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface EmailProps {
  /** The identity notifications are sent from: a domain (preferred) or a single address. */
  readonly senderIdentity: string;
}

/** SESv2 identity and configuration set for the workflow's notifications. */
export class Email extends Construct {
  readonly configurationSetName: string;
  readonly identityName: string;

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
