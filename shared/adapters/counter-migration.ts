import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { type Counts, diffCounts } from '#domain/year-end';
import { requireEnv } from './config.ts';
import { counterKey, readCounters, recountYear } from './counters.ts';
import { documentClient } from './dynamo.ts';

const table = () => requireEnv('TABLE_NAME');

/**
 * Dossiers closed before nominees had their own outcomes were counted by the rules of that version: per dossier
 * outcome, without the counts of awarded and refused nominees the report now prints. Their year's counters then
 * disagree with a recount by today's rules, and every report would warn. This brings each year holding such a
 * dossier into line once: the difference between the recount and the counters goes into one more shard of the year (the shards are
 * summed), written only if absent, so a second run adds nothing; a marker item records what was added, per year.
 *
 * The counters are read before and after the recount; if a dossier closed meanwhile (they differ), the year is
 * tried again, so the difference is taken from one consistent picture. Runs before each year-end aggregation:
 * after the first time it costs one read of the marker.
 */
export const COUNTER_MIGRATION = 'counters-per-nominee';
const MIGRATION_SHARD = `MIGRATION-${COUNTER_MIGRATION}`;
const markerKey = { PK: 'MIGRATION', SK: COUNTER_MIGRATION };

export interface CounterMigration {
  readonly ran: boolean;
  readonly years: Record<string, Counts>;
}

export async function migrateCountersToNomineeCounting(now: Date): Promise<CounterMigration> {
  const marker = await documentClient.send(new GetCommand({ TableName: table(), Key: markerKey, ConsistentRead: true }));
  if (marker.Item) return { ran: false, years: {} };
  const added: Record<string, Counts> = {};
  for (const year of await yearsCountedByEarlierRules()) {
    const difference = await differenceOf(year);
    if (Object.keys(difference).length === 0) continue;
    try {
      await documentClient.send(new PutCommand({
        TableName: table(),
        Item: { ...counterKey(year, MIGRATION_SHARD), ...difference },
        ConditionExpression: 'attribute_not_exists(PK)',
      }));
      added[year] = difference;
    } catch (error) {
      // A run that stopped after this year's shard: already brought into line.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  await documentClient.send(new PutCommand({ TableName: table(), Item: { ...markerKey, at: now.toISOString(), years: added } }));
  return { ran: true, years: added };
}

/** Recount minus counters for one year, from counters that did not change while the records were counted. */
async function differenceOf(year: number): Promise<Counts> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const before = await readCounters(year);
    const { counts } = await recountYear(year, 1, true);
    const after = await readCounters(year);
    if (diffCounts(before, after).length > 0) continue;
    return Object.fromEntries(diffCounts(after, counts).map((d) => [d.key, d.recount - d.counters]));
  }
  throw new Error(`The counters of ${year} kept changing while they were being brought into line; run the year-end job again`);
}

/**
 * The years holding a dossier closed by the earlier version: decided (Awarded or NotApproved) with no nominee
 * outcome, which today's code always sets when it decides. Other years keep any difference as it is, for the
 * report to warn about.
 */
async function yearsCountedByEarlierRules(): Promise<number[]> {
  const years = new Set<number>();
  const pages = paginateScan(
    { client: documentClient },
    {
      TableName: table(),
      FilterExpression: 'SK = :meta AND begins_with(PK, :d) AND #s IN (:a, :n)',
      ExpressionAttributeValues: { ':meta': 'META', ':d': 'DOSSIER#', ':a': 'Awarded', ':n': 'NotApproved' },
      ProjectionExpression: '#y, nominees',
      ExpressionAttributeNames: { '#y': 'year', '#s': 'status' },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const nominees = (item.nominees ?? []) as { outcome?: string }[];
      if (nominees.every((n) => !n.outcome)) years.add(Number(item.year));
    }
  }
  return [...years].sort((a, b) => a - b);
}
