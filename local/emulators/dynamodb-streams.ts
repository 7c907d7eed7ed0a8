import type { Shard } from '@aws-sdk/client-dynamodb-streams';
import { checkpointStore } from './stream-checkpoint.ts';
import { sdkStreamSource, toLambdaRecord } from './stream-source.ts';
import type { StreamEventRecord, StreamSource } from './stream-source.ts';

export type { StreamEventRecord, StreamSource } from './stream-source.ts';

/** What a handler may return; with ReportBatchItemFailures, failed records are named by sequence number. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing (Promise<void>) reports no failures, as Lambda reads it
export type StreamBatchResult = { batchItemFailures?: { itemIdentifier?: string | null }[] } | void | undefined | null;

export interface PollTableStreamOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Records per delivery, like the event source mapping's BatchSize (default 100, max 1000). */
  readonly batchSize?: number;
  readonly onBatch: (records: StreamEventRecord[]) => Promise<StreamBatchResult>;
  /**
   * Pause between polls unless a shard is behind (its last page was full). Default 250 ms: Lambda polls each
   * shard of a DynamoDB stream at a base rate of four times a second (Lambda developer guide, "Using AWS
   * Lambda with Amazon DynamoDB", polling and stream starting positions).
   */
  readonly intervalMs?: number;
  /** Where the last processed sequence number per shard is kept across restarts. */
  readonly checkpointFile?: string;
  /** Region reported in records' awsRegion (DynamoDB Local itself says "ddblocal"). */
  readonly region?: string;
  /** Honour batchItemFailures in handler results (FunctionResponseTypes: ReportBatchItemFailures). Default true. */
  readonly reportBatchItemFailures?: boolean;
  /** Retries of a failing batch before it is skipped; default unlimited, like Lambda's -1. */
  readonly maximumRetryAttempts?: number;
  /** Called for handler failures and stream errors; the poller keeps going. Default: console.error. */
  readonly onError?: (error: unknown, context: { shardId?: string; records?: StreamEventRecord[] }) => void;
  /** Replaces the SDK-backed source (tests that need shard splits DynamoDB Local only does every 4 hours). */
  readonly source?: StreamSource;
}

export interface TableStreamPoller {
  /** Resolves once the starting position of every shard is fixed (for LATEST: records written after this are delivered). */
  readonly ready: Promise<void>;
  /** Stops polling; resolves after the batch in flight (if any) has finished and been checkpointed. */
  stop(): Promise<void>;
}

interface ShardState {
  readonly id: string;
  readonly parentId?: string;
  /** Last processed sequence number; undefined = from TRIM_HORIZON. */
  after?: string;
  done: boolean;
  iterator?: string;
  attempts: number;
  retryAt: number;
}

const SHARD_REFRESH_MS = 1_000;
const MAX_BACKOFF_MS = 5_000;

/**
 * Polls a table's DynamoDB stream and delivers records like Lambda's event source mapping: per shard in
 * sequence order, parents before children, a failed batch retried (from the first failed record when the
 * handler reports batchItemFailures), and progress checkpointed per shard so a restart neither redelivers
 * processed records nor skips unprocessed ones. Delivery is at-least-once, as on AWS: a crash between the
 * handler's success and the checkpoint write redelivers that batch.
 */
export function pollTableStream(options: PollTableStreamOptions): TableStreamPoller {
  const batchSize = Math.min(Math.max(options.batchSize ?? 100, 1), 1000);
  const intervalMs = options.intervalMs ?? 250;
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const reportFailures = options.reportBatchItemFailures ?? true;
  const maxRetries = options.maximumRetryAttempts ?? Number.POSITIVE_INFINITY;
  const onError = options.onError ?? ((error, context) => console.error(`[dynamodb-streams ${options.tableName}${context.shardId ? ` ${context.shardId}` : ''}]`, error));
  const owned = options.source ? undefined : sdkStreamSource(options.endpoint, region);
  const source = options.source ?? (owned as StreamSource & { destroy(): void });

  let stopped = false;
  let wake: (() => void) | undefined;
  let streamArn: string | undefined;
  let streamStatus: string | undefined;
  let shards = new Map<string, ShardState>();
  let nextRefresh = 0;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const checkpoints = checkpointStore(options.checkpointFile, (error) => onError(error, {}));
  const persist = async () => {
    if (streamArn) await checkpoints.save(streamArn, shards.values());
  };

  const listShards = async (arn: string): Promise<Shard[]> => {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await source.describeStream(arn, start);
      streamStatus = page.status;
      all.push(...page.shards);
      start = page.lastEvaluatedShardId;
    } while (start);
    return all;
  };

  /** Merges the stream's shard list into our state; shards we have not seen start at TRIM_HORIZON. */
  const refreshShards = async () => {
    if (!streamArn) return;
    const listed = await listShards(streamArn);
    const ids = new Set(listed.map((s) => s.ShardId));
    let changed = false;
    for (const shard of listed) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      shards.set(shard.ShardId, newShard(shard));
      changed = true;
    }
    // Shards past the 24 h retention disappear from DescribeStream; their records are gone anyway.
    for (const id of [...shards.keys()]) {
      if (!ids.has(id)) {
        shards.delete(id);
        changed = true;
      }
    }
    if (changed) await persist();
    nextRefresh = Date.now() + SHARD_REFRESH_MS;
  };

  /** Reads an open shard to its tip without delivering, so LATEST has a sequence number to checkpoint from. */
  const skipToTip = async (state: ShardState) => {
    let iterator = await source.getShardIterator({ StreamArn: streamArn, ShardId: state.id, ShardIteratorType: 'TRIM_HORIZON' });
    while (iterator) {
      const page = await source.getRecords(iterator, 1000);
      const last = page.records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) state.after = last;
      if (!page.nextShardIterator) {
        state.done = true;
        iterator = undefined;
      } else {
        iterator = page.nextShardIterator;
        if (page.records.length === 0) break;
      }
    }
    state.iterator = iterator;
  };

  /** Attaches to the table's current stream: from the checkpoint if it belongs to it, else from startingPosition. */
  const attach = async (arn: string, startingPosition: 'TRIM_HORIZON' | 'LATEST') => {
    streamArn = arn;
    shards = new Map();
    const checkpoint = await checkpoints.load(arn);
    const listed = await listShards(arn);
    for (const shard of listed) {
      if (!shard.ShardId) continue;
      const state = newShard(shard);
      const saved = checkpoint?.shards[shard.ShardId];
      if (saved) {
        state.after = saved.after;
        state.done = saved.done === true;
      } else if (!checkpoint && startingPosition === 'LATEST') {
        if (shard.SequenceNumberRange?.EndingSequenceNumber) state.done = true;
        else await skipToTip(state);
      }
      shards.set(shard.ShardId, state);
    }
    await persist();
    nextRefresh = Date.now() + SHARD_REFRESH_MS;
  };

  const resolveStream = async (): Promise<string | undefined> => {
    try {
      return await source.latestStreamArn(options.tableName);
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      return undefined;
    }
  };

  /**
   * After the table was recreated or its stream re-enabled, move to the new stream once the old one is drained.
   * The table is described only then: DynamoDB Local's DescribeTable counts the table's items and grows with it
   * (41 ms of its CPU per call at 20,000 items, against 2 ms for DescribeStream), and this runs every second.
   */
  const followNewStream = async () => {
    const drained = [...shards.values()].every((s) => s.done) || streamStatus === 'DISABLED';
    if (!drained) return;
    const latest = await resolveStream();
    // Every record of a stream created after we started is new to us.
    if (latest && latest !== streamArn) await attach(latest, 'TRIM_HORIZON');
  };

  const parentPending = (state: ShardState) => {
    const parent = state.parentId ? shards.get(state.parentId) : undefined;
    return parent !== undefined && !parent.done;
  };

  /** Reads one batch of one shard and delivers it. Returns true when the shard should be read again at once (a full page, a shard ended, a retry scheduled). */
  const pollShard = async (state: ShardState): Promise<boolean> => {
    if (!state.iterator) {
      try {
        state.iterator = await source.getShardIterator({
          StreamArn: streamArn,
          ShardId: state.id,
          ...(state.after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: state.after } : { ShardIteratorType: 'TRIM_HORIZON' }),
        });
      } catch (error) {
        return handleReadError(state, error);
      }
      if (!state.iterator) {
        state.done = true;
        await persist();
        return true;
      }
    }
    let page: Awaited<ReturnType<StreamSource['getRecords']>>;
    try {
      page = await source.getRecords(state.iterator, batchSize);
    } catch (error) {
      return handleReadError(state, error);
    }
    if (page.records.length === 0) {
      state.iterator = page.nextShardIterator;
      // A closed shard ends with a null iterator; a disabled stream's open shard will never get more records.
      if (!page.nextShardIterator || streamStatus === 'DISABLED') {
        state.done = true;
        state.iterator = undefined;
        await persist();
        nextRefresh = 0; // its children may be waiting
        return true;
      }
      return false;
    }

    const records = page.records.map((r) => toLambdaRecord(r, streamArn as string, region));
    const failedAt = await deliver(state, records);
    if (failedAt === undefined) {
      state.after = records.at(-1)?.dynamodb?.SequenceNumber ?? state.after;
      state.iterator = page.nextShardIterator;
      state.attempts = 0;
      if (!page.nextShardIterator) {
        state.done = true;
        nextRefresh = 0;
      }
      await persist();
      // A full page means more records are waiting: read again at once. Otherwise the shard waits for the next
      // poll, so records arriving meanwhile are delivered together, as Lambda's batches are.
      return page.records.length >= batchSize;
    }

    // Resume from the first failed record: everything before it counts as processed.
    if (failedAt > 0) {
      state.after = records[failedAt - 1]?.dynamodb?.SequenceNumber ?? state.after;
      state.attempts = 0;
    }
    state.iterator = undefined;
    state.attempts++;
    if (state.attempts > maxRetries) {
      onError(new Error(`Discarding ${records.length - failedAt} record(s) after ${maxRetries} retries`), { shardId: state.id, records: records.slice(failedAt) });
      state.after = records.at(-1)?.dynamodb?.SequenceNumber ?? state.after;
      state.attempts = 0;
    } else {
      state.retryAt = Date.now() + Math.min(intervalMs * 2 ** (state.attempts - 1), MAX_BACKOFF_MS);
    }
    await persist();
    return true;
  };

  /** Runs the handler; returns undefined on success or the index of the first record to retry. */
  const deliver = async (state: ShardState, records: StreamEventRecord[]): Promise<number | undefined> => {
    let result: StreamBatchResult;
    try {
      result = await options.onBatch(records);
    } catch (error) {
      onError(error, { shardId: state.id, records });
      return 0;
    }
    const failures = reportFailures && result && typeof result === 'object' ? (result.batchItemFailures ?? []) : [];
    if (failures.length === 0) return undefined;
    let first = records.length;
    for (const failure of failures) {
      const index = records.findIndex((r) => r.dynamodb?.SequenceNumber === failure.itemIdentifier);
      // Lambda treats an empty or unknown identifier as a failure of the whole batch.
      if (index < 0) return 0;
      first = Math.min(first, index);
    }
    return first;
  };

  const handleReadError = async (state: ShardState, error: unknown): Promise<boolean> => {
    const name = (error as Error).name;
    state.iterator = undefined;
    if (name === 'ExpiredIteratorException') return false;
    if (name === 'TrimmedDataAccessException') {
      // The checkpoint is older than retention: those records are lost; continue with what is left.
      onError(error, { shardId: state.id });
      state.after = undefined;
      return false;
    }
    if (name === 'ResourceNotFoundException') {
      state.done = true;
      await persist();
      return true;
    }
    onError(error, { shardId: state.id });
    state.retryAt = Date.now() + Math.min(intervalMs * 10, MAX_BACKOFF_MS);
    return false;
  };

  const run = async () => {
    // Wait for the table and its stream (the runtime may start pollers while tables are still being created).
    while (!stopped && !streamArn) {
      try {
        const arn = await resolveStream();
        if (arn) await attach(arn, options.startingPosition);
      } catch (error) {
        onError(error, {});
      }
      if (!streamArn) await sleep(Math.max(intervalMs, 250));
    }
    markReady();
    while (!stopped) {
      let behind = false;
      try {
        if (Date.now() >= nextRefresh) {
          await refreshShards();
          await followNewStream();
        }
        for (const state of [...shards.values()]) {
          if (stopped) break;
          if (state.done || parentPending(state) || state.retryAt > Date.now()) continue;
          if (await pollShard(state)) behind = true;
        }
      } catch (error) {
        onError(error, {});
        nextRefresh = Date.now() + SHARD_REFRESH_MS;
      }
      if (!behind && !stopped) await sleep(intervalMs);
    }
  };

  const loop = run()
    .catch((error: unknown) => onError(error, {}))
    .finally(() => {
      markReady();
      owned?.destroy();
    });

  return {
    ready,
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

function newShard(shard: Shard): ShardState {
  return { id: shard.ShardId as string, ...(shard.ParentShardId ? { parentId: shard.ParentShardId } : {}), done: false, attempts: 0, retryAt: 0 };
}
