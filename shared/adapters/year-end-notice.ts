import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { reportReadyMail } from '#domain/mail-digest';
import type { ReportVersionRecord } from '#schemas/records';
import { notificationContext, requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';
import { sendEmail } from './mailer.ts';
import { latestKey, versionKey } from './report-versions.ts';

const table = () => requireEnv('TABLE_NAME');

/** Tells the secretariat the report is ready, once per version (a retried run does not send it again). */
export async function notifySecretariat(record: ReportVersionRecord, now: Date): Promise<void> {
  const { appUrl, mailboxes } = notificationContext();
  const to = [mailboxes.officer, mailboxes.secretariatHead].filter((x): x is string => Boolean(x));
  if (to.length === 0) return;
  await sendEmail(reportReadyMail(record, to, { appUrl }));
  await documentClient.send(
    new UpdateCommand({
      TableName: table(),
      Key: versionKey(record.year, record.version),
      UpdateExpression: 'SET notifiedAt = :at',
      ExpressionAttributeValues: { ':at': now.toISOString() },
    }),
  );
  await documentClient.send(
    new UpdateCommand({
      TableName: table(),
      Key: latestKey(record.year),
      UpdateExpression: 'SET notifiedAt = :at',
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':at': now.toISOString(), ':v': record.version },
    }),
  ).catch(() => undefined);
}
