import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DirectoryImportRecord } from '#schemas/records';
import { requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';

/** Import records in the single table, one item each (`IMPORT#<id>`): a record of who imported what, and when. */
const table = () => requireEnv('TABLE_NAME');
const key = (importId: string) => ({ PK: `IMPORT#${importId}`, SK: 'META' });

export async function getImport(importId: string): Promise<DirectoryImportRecord | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: key(importId), ConsistentRead: true }));
  // The keys are not the record's: parsing drops them.
  return out.Item ? DirectoryImportRecord.parse(out.Item) : undefined;
}

export async function putImport(record: DirectoryImportRecord): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: table(), Item: { ...key(record.importId), ...record } }));
}
