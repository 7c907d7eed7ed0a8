import middy from '@middy/core';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { notificationContext } from '#adapters/config';
import { getDossiers } from '#adapters/dossier-repository';
import { sendToDeliverable } from '#adapters/mail-delivery';
import { getUnit } from '#adapters/unit-repository';
import { restoredArchive, writtenByImport } from '#adapters/restored-archive';
import { localDate } from '#domain/calendar';
import { nameOn } from '#domain/units';
import { notificationsFor } from '#domain/notifications';
import { log } from '#http/api';
import { AuditEventRecord } from '#schemas/records';

/**
 * The mails of each committed audit event (table stream, filtered to new EVENT# items): one per recipient the
 * mail policy names for it (notifications.ts `mailRules`), none for the event's actor, none for what the daily
 * digest tells. The batch's dossiers are read in one request. A failed send reports that record, so the stream redelivers from there and nothing is
 * skipped.
 */
const notify = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const ctx = notificationContext();
  const inserted = event.Records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image || !String(image.PK?.S).startsWith('DOSSIER#') || !String(image.SK?.S).startsWith('EVENT#')) return [];
    return [{ record, auditEvent: AuditEventRecord.parse(unmarshall(image as Record<string, AttributeValue>)) }];
  });
  let dossiers: Awaited<ReturnType<typeof getDossiers>>;
  let auditEvents = inserted;
  try {
    // Events restored from an export archive were mailed by the system that exported them.
    const restored = inserted.length > 0 ? await restoredArchive() : undefined;
    if (restored) auditEvents = inserted.filter((e) => !writtenByImport(restored, e.record.dynamodb?.ApproximateCreationDateTime));
    dossiers = await getDossiers(auditEvents.map((e) => e.auditEvent.dossierId));
  } catch (error) {
    (await log()).error('notification failed', { errorName: (error as Error).name, errorMessage: (error as Error).message });
    return { batchItemFailures: auditEvents.slice(0, 1).map(({ record }) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })) };
  }
  // One read per unit of the batch, however many of its events the batch holds.
  const units = new Map<string, ReturnType<typeof getUnit>>();
  const unitOf = (unitId: string) => (units.has(unitId) ? units.get(unitId)! : units.set(unitId, getUnit(unitId)).get(unitId)!);
  for (const { record, auditEvent } of auditEvents) {
    const dossier = dossiers.get(auditEvent.dossierId);
    // A record whose dossier no longer exists can never be notified; retrying it would hold back every
    // later record of the shard.
    if (!dossier) {
      (await log()).warn('notification skipped: dossier not found', { sequenceNumber: record.dynamodb?.SequenceNumber });
      continue;
    }
    try {
      const unit = await unitOf(dossier.unitId);
      for (const email of notificationsFor(auditEvent, dossier, ctx, unit ? nameOn(unit, localDate(new Date(auditEvent.at))).name : undefined)) {
        // A failing address (bounced for good, complained) is skipped and the skip recorded; the step's task stays in the inbox.
        const { sent, skipped } = await sendToDeliverable(email);
        if (skipped > 0) (await log()).warn('email not sent to a failing address', { dossierId: dossier.id, action: auditEvent.action, skipped });
        if (sent > 0) (await log()).info('email sent', { dossierId: dossier.id, action: auditEvent.action, recipients: sent });
      }
    } catch (error) {
      (await log()).error('notification failed', { errorName: (error as Error).name, errorMessage: (error as Error).message });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(notify);
