import middy from '@middy/core';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '#adapters/config';
import { getDossier } from '#adapters/dossier-repository';
import { sendEmail } from '#adapters/mailer';
import { NotFoundError } from '#domain/errors';
import { notificationFor } from '#domain/notifications';
import { log } from '#http/api';
import type { AuditEventRecord } from '#schemas/records';

/**
 * One email per committed audit event (table stream, filtered to new EVENT# items). A failed send reports
 * that record, so the stream redelivers from there and nothing is skipped.
 */
const notify = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const ctx = { appUrl: requireEnv('APP_URL'), mailboxes: JSON.parse(process.env.ROLE_MAILBOXES ?? '{}') as Record<string, string> };
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image || !String(image.PK?.S).startsWith('DOSSIER#') || !String(image.SK?.S).startsWith('EVENT#')) continue;
    try {
      const auditEvent = unmarshall(image as Record<string, AttributeValue>) as AuditEventRecord;
      const dossier = await getDossier(auditEvent.dossierId);
      const email = notificationFor(auditEvent, dossier, ctx);
      if (email) {
        await sendEmail(email);
        (await log()).info('email sent', { dossierId: dossier.id, action: auditEvent.action, recipients: email.to.length });
      }
    } catch (error) {
      // A record whose dossier no longer exists can never be notified; retrying it would hold back every
      // later record of the shard.
      if (error instanceof NotFoundError) {
        (await log()).warn('notification skipped: dossier not found', { sequenceNumber: record.dynamodb?.SequenceNumber });
        continue;
      }
      (await log()).error('notification failed', { errorName: (error as Error).name, errorMessage: (error as Error).message });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(notify);
