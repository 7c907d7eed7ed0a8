import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { RestoredArchiveRecord } from '#schemas/records';
import { requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';

/**
 * The mark an import (scripts/import.ts) writes first, before any restored item, and completes once every
 * item is written. The table's stream sees every restored audit event as new; the notify function reads this
 * mark and sends nothing for an event the stream recorded while the import wrote (those were mailed by the
 * old system). The window, not the events' own `at`, decides: an event's time may be set ahead (the sweep run
 * "as of" a date) and two systems' clocks differ.
 */
export const restoredArchiveKey = { PK: 'ARCHIVE', SK: 'RESTORED' } as const;

export type RestoredArchive = RestoredArchiveRecord;

/** A table holds one mark at most: kept per container once complete (an absent or unfinished one is read again). */
let found: RestoredArchive | undefined;

export async function restoredArchive(): Promise<RestoredArchive | undefined> {
  if (found?.importFinishedAt) return found;
  const out = await documentClient.send(new GetCommand({ TableName: requireEnv('TABLE_NAME'), Key: restoredArchiveKey, ConsistentRead: true }));
  found = out.Item ? RestoredArchiveRecord.parse(out.Item) : undefined;
  return found;
}

/**
 * Was this stream record (ApproximateCreationDateTime, epoch seconds) written by the import? The target was
 * empty before it, so every record up to the window's close is the import's. Stream times are rounded down
 * (to the second on AWS, coarser by DynamoDB Local), never up; the import waits out a whole minute after the
 * close before it returns, so no later change can be rounded back into the window.
 */
export function writtenByImport(mark: RestoredArchive | undefined, createdSeconds: number | undefined): boolean {
  if (!mark || createdSeconds === undefined) return false;
  return !mark.importFinishedAt || createdSeconds * 1000 <= Date.parse(mark.importFinishedAt);
}
