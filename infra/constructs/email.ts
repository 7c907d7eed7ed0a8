import { CfnConfigurationSet, CfnEmailIdentity } from 'aws-cdk-lib/aws-ses';
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
}
