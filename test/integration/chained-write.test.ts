import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chainHash, firstBrokenLink, GENESIS_HASH } from '#domain/audit';
import { ConflictError } from '#domain/errors';
import { type DynamoDbEmulator, startDynamoDb } from '#local/emulators/dynamodb';

/**
 * The one chained write (shared/adapters/chained-write.ts) against DynamoDB Local: an aggregate whose META item
 * holds its chain head and whose events are chained under it, written by many writers at once.
 */
const table = 'chained-write';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let db: DynamoDbEmulator;
let chained: typeof import('#adapters/chained-write');
let dynamo: typeof import('#adapters/dynamo');

beforeAll(async () => {
  db = await startDynamoDb();
  Object.assign(process.env, { TABLE_NAME: table, AWS_ENDPOINT_URL_DYNAMODB: db.endpoint, AWS_REGION: 'ap-southeast-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  const admin = new DynamoDBClient({ endpoint: db.endpoint, region: 'ap-southeast-1', credentials });
  await admin.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  admin.destroy();
  chained = await import('#adapters/chained-write');
  dynamo = await import('#adapters/dynamo');
});
afterAll(async () => {
  await db?.stop();
});

interface Head {
  readonly eventSeq: number;
  readonly lastHash: string;
}
const genesis: Head = { eventSeq: 0, lastHash: GENESIS_HASH };
let aggregates = 0;
const newAggregate = () => `AGG#${++aggregates}`;

const readHead = async (pk: string): Promise<Head> => {
  const out = await dynamo.documentClient.send(new GetCommand({ TableName: table, Key: { PK: pk, SK: 'META' }, ConsistentRead: true }));
  return out.Item ? { eventSeq: Number(out.Item.eventSeq), lastHash: String(out.Item.lastHash) } : genesis;
};
const headOf = (item: Record<string, unknown>): Head => ({ eventSeq: Number(item.eventSeq), lastHash: String(item.lastHash) });
const itemsOf = async (pk: string) =>
  (await dynamo.documentClient.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': pk }, ConsistentRead: true }))).Items ?? [];

/** One event on the chain, and a marker item written with it (to see that nothing is half-written). */
function appendPlan(pk: string, writer: string) {
  return (head: Head): import('#adapters/chained-write').ChainedPlan => {
    const body = { seq: head.eventSeq + 1, writer, prevHash: head.lastHash };
    const event = { ...body, hash: chainHash(head.lastHash, body) };
    return {
      items: [
        {
          Put: {
            Item: { PK: pk, SK: 'META', eventSeq: event.seq, lastHash: event.hash },
            ConditionExpression: head.eventSeq === 0 ? 'attribute_not_exists(PK)' : 'eventSeq = :prev',
            ...(head.eventSeq === 0 ? {} : { ExpressionAttributeValues: { ':prev': head.eventSeq } }),
          },
        },
        { Put: { Item: { PK: pk, SK: `EVENT#${String(event.seq).padStart(8, '0')}`, ...event }, ConditionExpression: 'attribute_not_exists(PK)' } },
        { Put: { Item: { PK: pk, SK: `MARK#${writer}`, writer }, ConditionExpression: 'attribute_not_exists(PK)' } },
      ],
    };
  };
}

const conflict = (cause: Error) => new ConflictError({ code: 'CONCURRENT_CHANGE', messages: { vi: 'Đã bị thay đổi', en: 'Changed meanwhile' }, cause });
const alreadyMarked = () => new ConflictError({ code: 'ALREADY_MARKED', messages: { vi: 'Đã ghi', en: 'Already marked' } });

describe('commitChained', () => {
  it('commits every one of many simultaneous writers on one chain: each lost race is planned again, the chain stays whole', async () => {
    const pk = newAggregate();
    const writers = Array.from({ length: 24 }, (_, i) => `w${i}`);
    await Promise.all(
      writers.map((writer) =>
        chained.commitChained<Head>({ read: () => readHead(pk), plan: appendPlan(pk, writer), replan: { fromItem: headOf }, refused: (codes) => (codes[2] === 'ConditionalCheckFailed' ? alreadyMarked() : undefined), conflict }),
      ),
    );
    const items = await itemsOf(pk);
    const events = items.filter((i) => String(i.SK).startsWith('EVENT#')).map((i) => ({ seq: Number(i.seq), prevHash: String(i.prevHash), hash: String(i.hash), writer: i.writer }));
    expect(events.map((e) => e.seq)).toEqual(writers.map((_, i) => i + 1));
    expect(firstBrokenLink(events)).toBeNull();
    expect(new Set(events.map((e) => e.writer))).toEqual(new Set(writers));
    expect(items.filter((i) => String(i.SK).startsWith('MARK#'))).toHaveLength(writers.length);
    expect(await readHead(pk)).toEqual({ eventSeq: writers.length, lastHash: events.at(-1)?.hash });
  });

  it('plans again on the head DynamoDB returns with a failed condition, without reading the aggregate again', async () => {
    const pk = newAggregate();
    await chained.commitChained<Head>({ read: () => readHead(pk), plan: appendPlan(pk, 'first'), conflict });
    const read = vi.fn(async () => genesis); // a snapshot taken before the first writer committed
    const plan = vi.fn(appendPlan(pk, 'late'));
    await chained.commitChained<Head>({ read, plan, replan: { fromItem: headOf }, conflict });
    expect(read).toHaveBeenCalledTimes(1);
    expect(plan.mock.calls.map(([head]) => head.eventSeq)).toEqual([0, 1]);
    expect((await itemsOf(pk)).map((i) => i.SK)).toEqual(['EVENT#00000001', 'EVENT#00000002', 'MARK#first', 'MARK#late', 'META']);
  });

  it('reads the aggregate again to re-plan when the failure does not say where the head stands', async () => {
    const pk = newAggregate();
    await chained.commitChained<Head>({ read: () => readHead(pk), plan: appendPlan(pk, 'first'), conflict });
    let reads = 0;
    const read = async () => (++reads === 1 ? genesis : readHead(pk));
    await chained.commitChained<Head>({ read, plan: appendPlan(pk, 'late'), replan: {}, conflict });
    expect(reads).toBe(2);
    expect(await readHead(pk)).toMatchObject({ eventSeq: 2 });
  });

  it('a moved head of a write that may not be re-planned is the 409 at once, and nothing of it is written', async () => {
    const pk = newAggregate();
    await chained.commitChained<Head>({ read: () => readHead(pk), plan: appendPlan(pk, 'first'), conflict });
    const plan = vi.fn(appendPlan(pk, 'stale'));
    const error = await chained.commitChained<Head>({ read: async () => genesis, plan, conflict }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'CONCURRENT_CHANGE' });
    expect(plan).toHaveBeenCalledTimes(1);
    expect((await itemsOf(pk)).map((i) => i.SK)).toEqual(['EVENT#00000001', 'MARK#first', 'META']);
  });

  it('when the attempts run out the answer is the caller’s 409, and no attempt left anything half-written', async () => {
    const pk = newAggregate();
    await chained.commitChained<Head>({ read: () => readHead(pk), plan: appendPlan(pk, 'first'), conflict });
    // A writer that always sees the chain as it was before: every attempt loses the race for the head.
    const plan = vi.fn(appendPlan(pk, 'doomed'));
    const started = performance.now();
    const error = await chained
      .commitChained<Head>({ read: async () => genesis, plan, replan: { fromItem: () => genesis }, conflict }, { attempts: 4, baseMs: 5, capMs: 20 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'CONCURRENT_CHANGE' });
    expect(plan).toHaveBeenCalledTimes(4);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await itemsOf(pk)).map((i) => i.SK)).toEqual(['EVENT#00000001', 'MARK#first', 'META']);
  });

  it('a failed condition the caller can name is its own error, not a retry', async () => {
    const pk = newAggregate();
    await chained.commitChained<Head>({ read: () => readHead(pk), plan: appendPlan(pk, 'same'), conflict });
    const plan = vi.fn(appendPlan(pk, 'same'));
    const refused = (codes: readonly string[]) => (codes[2] === 'ConditionalCheckFailed' ? alreadyMarked() : undefined);
    await expect(chained.commitChained<Head>({ read: () => readHead(pk), plan, replan: { fromItem: headOf }, refused, conflict })).rejects.toMatchObject({ code: 'ALREADY_MARKED' });
    expect(plan).toHaveBeenCalledTimes(1);
    expect(await readHead(pk)).toMatchObject({ eventSeq: 1 });
  });

  it('a cancellation by transaction conflicts only sends the same plan again after a pause', async () => {
    const pk = newAggregate();
    const send = dynamo.documentClient.send.bind(dynamo.documentClient) as (command: unknown) => Promise<unknown>;
    // The fault injected on purpose: the first transaction is cancelled by a conflict on its third item (a shared
    // counter shard); reads and the second transaction reach DynamoDB Local.
    let transactions = 0;
    const spy = vi.spyOn(dynamo.documentClient, 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof TransactWriteCommand && ++transactions === 1) {
        throw Object.assign(new Error('Transaction cancelled'), {
          name: 'TransactionCanceledException',
          CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'TransactionConflict' }],
        });
      }
      return send(command);
    }) as never);
    const read = vi.fn(() => readHead(pk));
    const plan = vi.fn(appendPlan(pk, 'patient'));
    await chained.commitChained<Head>({ read, plan, replan: { fromItem: headOf }, conflict });
    spy.mockRestore();
    expect(transactions).toBe(2);
    expect(read).toHaveBeenCalledTimes(1);
    expect(plan).toHaveBeenCalledTimes(1);
    expect(await readHead(pk)).toMatchObject({ eventSeq: 1 });
  });

  it('any other error is the caller’s to see, untouched', async () => {
    const pk = newAggregate();
    const oversized = { items: [{ Put: { Item: { PK: pk, SK: 'META', blob: 'x'.repeat(500_000) } } }] };
    await expect(chained.commitPlan(oversized, { conflict })).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('backoffMs', () => {
  it('grows exponentially up to its cap, jittered below the bound', () => {
    const policy = { baseMs: 10, capMs: 100 };
    expect([1, 2, 3, 4, 5].map((a) => chained.backoffMs(a, () => 1, policy))).toEqual([20, 40, 80, 100, 100]);
    expect(chained.backoffMs(3, () => 0.5, policy)).toBe(40);
    expect(chained.backoffMs(60, () => 0.999, policy)).toBeLessThan(100);
  });
});
