import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { addCounts, closingCounts, type Counts, isClosed } from '#domain/year-end';
import { DossierRecord } from '#schemas/records';
import type { PlannedItem } from './chained-write.ts';
import { requireEnv } from './config.ts';
import { documentClient, queryAll } from './dynamo.ts';

const table = () => requireEnv('TABLE_NAME');

/**
 * A year's counters are spread over a few items so that dossiers closing at the same moment rarely write the
 * same item (a transaction touching an item another transaction holds is cancelled and retried).
 */
export const COUNTER_SHARDS = 8;

export function counterShard(dossierId: string): number {
  let h = 0;
  for (let i = 0; i < dossierId.length; i += 1) h = (h * 31 + dossierId.charCodeAt(i)) >>> 0;
  return h % COUNTER_SHARDS;
}

/** All of a year's shards share one partition, so one query reads them. */
const counterPartition = (year: number) => `COUNTERS#${year}`;
export const counterKey = (year: number, shard: number | string) => ({ PK: counterPartition(year), SK: `SHARD#${typeof shard === 'number' ? String(shard).padStart(2, '0') : shard}` });

/** The update that adds one dossier's counts to its shard (for a transaction, or sent alone by tools). */
export function addCountsOp(year: number, dossierId: string, counts: Readonly<Counts>): Extract<PlannedItem, { Update: unknown }> {
  const entries = Object.entries(counts);
  return {
    Update: {
      Key: counterKey(year, counterShard(dossierId)),
      UpdateExpression: `ADD ${entries.map((_, i) => `#k${i} :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
    },
  };
}

/**
 * Several years' counters, each the sum of its shards: one strongly consistent query per year returns all of
 * its shards (they share the partition), and the years are read at once (one round trip's wait, not one per
 * year or per shard).
 */
export async function readCountersOfYears(years: readonly number[]): Promise<Map<number, Counts>> {
  const byYear = await Promise.all(
    years.map(async (year) => {
      const shards = await queryAll({
        TableName: table(),
        KeyConditionExpression: 'PK = :p AND begins_with(SK, :s)',
        ExpressionAttributeValues: { ':p': counterPartition(year), ':s': 'SHARD#' },
        ConsistentRead: true,
      });
      const total: Counts = {};
      for (const { PK: _pk, SK: _sk, ...counts } of shards) addCounts(total, counts as Counts);
      return [year, total] as const;
    }),
  );
  return new Map(byYear);
}

/** The year's counters: the sum of its shards. */
export async function readCounters(year: number): Promise<Counts> {
  return (await readCountersOfYears([year])).get(year) ?? {};
}

/**
 * The same counts recomputed from every dossier record of the year by a full table scan: slow, but it reads
 * the records themselves, which is what the counters are checked against.
 */
export async function recountYear(year: number, segments = 1, consistent = false): Promise<{ counts: Counts; dossiers: number }> {
  const total: Counts = {};
  let dossiers = 0;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const pages = paginateScan(
        { client: documentClient },
        {
          TableName: table(),
          FilterExpression: 'SK = :meta AND #y = :year',
          ExpressionAttributeNames: { '#y': 'year' },
          ExpressionAttributeValues: { ':meta': 'META', ':year': year },
          ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}),
          ...(consistent ? { ConsistentRead: true } : {}),
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          if (!String(item.PK).startsWith('DOSSIER#')) continue;
          const d = DossierRecord.parse(item);
          dossiers += 1;
          if (isClosed(d.status)) addCounts(total, closingCounts(d));
        }
      }
    }),
  );
  return { counts: total, dossiers };
}
