import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ReportVersionRecord } from '#schemas/records';
import { requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';

// The registry of year-end report versions (REPORTS#<year>: V#nnnn and LATEST), apart from the report
// writer so that reading a report loads none of it.
const table = () => requireEnv('TABLE_NAME');
export const versionKey = (year: number, version: number) => ({ PK: `REPORTS#${year}`, SK: `V#${String(version).padStart(4, '0')}` });
export const latestKey = (year: number) => ({ PK: `REPORTS#${year}`, SK: 'LATEST' });

/** A version as stored, its keys dropped by the parse. */
const strip = (item: Record<string, unknown>): ReportVersionRecord => ReportVersionRecord.parse(item);

export async function latestReport(year: number): Promise<ReportVersionRecord | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: latestKey(year), ConsistentRead: true }));
  return out.Item ? strip(out.Item) : undefined;
}

export async function reportVersion(year: number, version: number): Promise<ReportVersionRecord | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: versionKey(year, version), ConsistentRead: true }));
  return out.Item ? strip(out.Item) : undefined;
}
