import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { requireEnv } from './config.ts';

const ses = new SESv2Client({});

export interface OutgoingEmail {
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export async function sendEmail(email: OutgoingEmail): Promise<void> {
  const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: requireEnv('SENDER_ADDRESS'),
      Destination: { ToAddresses: email.to },
      ConfigurationSetName: process.env.SES_CONFIGURATION_SET,
      Content: { Simple: { Subject: utf8(email.subject), Body: { Text: utf8(email.text), Html: utf8(email.html) } } },
    }),
  );
}
