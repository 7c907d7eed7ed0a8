import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';

/**
 * The mark an import (scripts/import.ts) writes first, before any restored item.
 * The table's stream sees every restored audit event as new; the notify function reads this mark and sends
 * nothing for an event from before the export (it was mailed once, by the old system).
 */
export const restoredArchiveKey = { PK: 'ARCHIVE', SK: 'RESTORED' } as const;

export interface RestoredArchive {
  readonly exportedAt: string;
  /** The latest `at` among the archive's dossier audit events: every event up to it was mailed by the old system. */
  readonly lastEventAt: string;
  readonly importedAt: string;
  readonly archiveSha256: string;
}

/** A table holds one mark at most, written once: kept per container once read (an absent one is read again). */
let found: RestoredArchive | undefined;

export async function restoredArchive(): Promise<RestoredArchive | undefined> {
  if (found) return found;
  const out = await documentClient.send(new GetCommand({ TableName: requireEnv('TABLE_NAME'), Key: restoredArchiveKey }));
  found = out.Item as RestoredArchive | undefined;
  return found;
}
