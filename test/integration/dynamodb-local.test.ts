import { mkdtempSync, readFileSync, rmSync, } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbEmulator, ensureTables, QUICK_JVM_OPTIONS, startDynamoDb, tableInputFromCfn } from '#local/emulators/dynamodb';
import { pollTableStream, type StreamBatchResult, type StreamEventRecord, type TableStreamPoller } from '#local/emulators/dynamodb-streams';
import { waitFor } from '#local/emulators/support';

/**
 * DynamoDB Local and the stream poller of the local runtime, started once on a free loopback port in a temp dir.
 * Nothing is skipped: a missing Java fails the suite with install instructions.
 */
const root = mkdtempSync(path.join(tmpdir(), 'emulators-'));
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'ap-southeast-1';

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The records table as the CDK stack synthesizes it, created from its CloudFormation properties. */
const recordsCfn = {
  TableName: 'ignored-physical-name-comes-from-the-caller',
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
  GlobalSecondaryIndexes: [
    {
      IndexName: 'GSI1',
      KeySchema: [
        { AttributeName: 'GSI1PK', KeyType: 'HASH' },
        { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
  BillingMode: 'PAY_PER_REQUEST',
  StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
  TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  SSESpecification: { SSEEnabled: true },
};

describe('DynamoDB Local', () => {
  const dir = path.join(root, 'dynamodb');
  const table = 'records-local';
  const retryTable = 'records-retry';
  let db: DynamoDbEmulator;
  let client: DynamoDBClient;
  const pollers: TableStreamPoller[] = [];
  const connect = () => new DynamoDBClient({ endpoint: db.endpoint, region, credentials });

  beforeAll(async () => {
    db = await startDynamoDb({ dir });
    client = connect();
  });
  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    client?.destroy();
    await db?.stop();
  });

  it('runs its JVM with the quick compiler and one GC thread, set for that JVM only', () => {
    // Why: the default C2 compiler doubled the JVM's CPU on the test workloads (local/emulators/dynamodb.ts).
    const environ = readFileSync(`/proc/${db.pid}/environ`, 'utf8').split('\0');
    const toolOptions = environ.find((v) => v.startsWith('JAVA_TOOL_OPTIONS='))?.split('=').slice(1).join('=') ?? '';
    expect(toolOptions.split(' ')).toEqual(expect.arrayContaining([...QUICK_JVM_OPTIONS]));
    // and the variable was set for that spawn only, not left in this process
    expect(process.env.JAVA_TOOL_OPTIONS ?? '').not.toContain('TieredStopAtLevel');
  });

  const put = (id: string, extra: Record<string, { S: string }> = {}, tableName = table) =>
    client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { PK: { S: `DOSSIER#${id}` }, SK: { S: 'META' }, GSI1PK: { S: 'UNIT#a' }, GSI1SK: { S: id }, title: { S: `Hồ sơ ${id}` }, details: { M: {} }, ...extra },
      }),
    );
  const idOf = (r: StreamEventRecord) => r.dynamodb?.NewImage?.GSI1SK?.S ?? r.dynamodb?.Keys?.PK?.S ?? '?';

  it('converts CloudFormation table properties to a CreateTable input', () => {
    const input = tableInputFromCfn('RecordsTable', recordsCfn, table);
    expect(input).toEqual({
      TableName: table,
      KeySchema: recordsCfn.KeySchema,
      AttributeDefinitions: recordsCfn.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [{ IndexName: 'GSI1', KeySchema: recordsCfn.GlobalSecondaryIndexes[0]?.KeySchema, Projection: { ProjectionType: 'ALL' } }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    // CloudFormation's default billing is PROVISIONED, which CreateTable needs throughput for.
    const { BillingMode: _, ...provisioned } = recordsCfn;
    expect(tableInputFromCfn('RecordsTable', provisioned, table)).toMatchObject({
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      GlobalSecondaryIndexes: [expect.objectContaining({ ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } })],
    });
    expect(() => tableInputFromCfn('RecordsTable', { ...recordsCfn, KeySchema: { Ref: 'Nope' } }, table)).toThrow(/RecordsTable: unresolved Ref/);
  });

  it('creates missing tables idempotently, ACTIVE, with the GSI, the stream and TTL', async () => {
    const defs = [tableInputFromCfn('RecordsTable', recordsCfn, table), tableInputFromCfn('RetryTable', recordsCfn, retryTable)];
    expect(await ensureTables(client, defs)).toEqual({ created: [table, retryTable], updated: [], warnings: [] });
    expect(await ensureTables(client, defs)).toEqual({ created: [], updated: [], warnings: [] });
    const described = (await client.send(new DescribeTableCommand({ TableName: table }))).Table;
    expect(described?.TableStatus).toBe('ACTIVE');
    expect(described?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.IndexStatus])).toEqual([['GSI1', 'ACTIVE']]);
    expect(described?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(described?.LatestStreamArn).toBeTruthy();
    const ttl = (await client.send(new DescribeTimeToLiveCommand({ TableName: table }))).TimeToLiveDescription;
    expect(ttl).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });

  it('puts, gets and queries the GSI', async () => {
    await put('d-0');
    const got = await client.send(new GetItemCommand({ TableName: table, Key: { PK: { S: 'DOSSIER#d-0' }, SK: { S: 'META' } } }));
    expect(got.Item?.title?.S).toBe('Hồ sơ d-0');
    const byUnit = await client.send(
      new QueryCommand({ TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :u', ExpressionAttributeValues: { ':u': { S: 'UNIT#a' } } }),
    );
    expect(byUnit.Items?.map((i) => i.GSI1SK?.S)).toEqual(['d-0']);
  });

  it('streams INSERT and MODIFY records in Lambda shape, and a restarted poller resumes from its checkpoint without redelivery', async () => {
    const checkpointFile = path.join(root, 'checkpoints', `${table}.json`);
    const delivered: StreamEventRecord[] = [];
    const onBatch = async (records: StreamEventRecord[]) => {
      delivered.push(...records);
    };
    const start = () => {
      const poller = pollTableStream({ endpoint: db.endpoint, tableName: table, startingPosition: 'TRIM_HORIZON', checkpointFile, onBatch, intervalMs: 50, region });
      pollers.push(poller);
      return poller;
    };

    // Act 1: the first poller sees d-0 (written before it started) and d-1, then d-1's update
    const first = start();
    await first.ready;
    await put('d-1');
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { PK: { S: 'DOSSIER#d-1' }, SK: { S: 'META' } },
        UpdateExpression: 'SET title = :t',
        ExpressionAttributeValues: { ':t': { S: 'Hồ sơ đã được nộp' } },
      }),
    );
    await waitFor('MODIFY of d-1', async () => delivered.some((r) => r.eventName === 'MODIFY'), { timeoutMs: 15_000 });
    await first.stop();

    // Assess 1
    expect(delivered.map((r) => [r.eventName, idOf(r)])).toEqual([
      ['INSERT', 'd-0'],
      ['INSERT', 'd-1'],
      ['MODIFY', 'd-1'],
    ]);
    const insert = delivered[1] as StreamEventRecord;
    const streamArn = (await client.send(new DescribeTableCommand({ TableName: table }))).Table?.LatestStreamArn;
    expect(insert).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      eventSourceARN: streamArn,
      dynamodb: {
        Keys: { PK: { S: 'DOSSIER#d-1' }, SK: { S: 'META' } },
        NewImage: { PK: { S: 'DOSSIER#d-1' }, title: { S: 'Hồ sơ d-1' }, details: { M: {} } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
        SequenceNumber: expect.any(String),
      },
    });
    expect(insert.dynamodb?.OldImage).toBeUndefined();
    expect(typeof insert.dynamodb?.ApproximateCreationDateTime).toBe('number');
    const modify = delivered[2] as StreamEventRecord;
    expect(modify.dynamodb?.OldImage?.title).toEqual({ S: 'Hồ sơ d-1' });
    expect(modify.dynamodb?.NewImage?.title).toEqual({ S: 'Hồ sơ đã được nộp' });
    const checkpoint = JSON.parse(readFileSync(checkpointFile, 'utf8')) as { streamArn: string; shards: Record<string, { after?: string }> };
    expect(checkpoint.streamArn).toBe(streamArn);
    expect(Object.values(checkpoint.shards).map((s) => s.after)).toContain(modify.dynamodb?.SequenceNumber);

    // Act 2: written while no poller runs, then a new poller on the same checkpoint
    await put('d-2');
    const second = start();
    await waitFor('INSERT of d-2', async () => delivered.some((r) => idOf(r) === 'd-2'), { timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 300)); // room for a wrongful redelivery to show up
    await second.stop();

    // Assess 2: only the new record, once
    expect(delivered.slice(3).map((r) => [r.eventName, idOf(r)])).toEqual([['INSERT', 'd-2']]);
  });

  it('redelivers from the first record named in batchItemFailures, and not the records before it', async () => {
    // Prepare: three records already in the stream, so the first batch holds all of them
    for (const id of ['x-1', 'x-2', 'x-3']) await put(id, {}, retryTable);
    const batches: string[][] = [];
    let failed = false;
    const onBatch = async (records: StreamEventRecord[]): Promise<StreamBatchResult> => {
      batches.push(records.map(idOf));
      const x2 = records.find((r) => idOf(r) === 'x-2');
      if (x2 && !failed) {
        failed = true;
        return { batchItemFailures: [{ itemIdentifier: x2.dynamodb?.SequenceNumber }] };
      }
      return { batchItemFailures: [] };
    };
    // Act
    const poller = pollTableStream({
      endpoint: db.endpoint,
      tableName: retryTable,
      startingPosition: 'TRIM_HORIZON',
      checkpointFile: path.join(root, 'checkpoints', `${retryTable}.json`),
      onBatch,
      intervalMs: 20,
      region,
    });
    pollers.push(poller);
    await waitFor('redelivery', async () => batches.length >= 2, { timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    await poller.stop();
    // Assess: x-1 once; x-2 (and x-3, which came after it in the failed batch) again
    expect(batches).toEqual([
      ['x-1', 'x-2', 'x-3'],
      ['x-2', 'x-3'],
    ]);
  });

  it('polls a shard at its interval as Lambda does (four times a second by default): records written meanwhile come in one batch, and a full page is followed at once', async () => {
    const batches: { at: number; ids: string[] }[] = [];
    const onBatch = async (records: StreamEventRecord[]) => {
      batches.push({ at: performance.now(), ids: records.map(idOf) });
      // Written while a batch is being handled: they wait for the next poll.
      if (batches.length === 1) await put('y-2', {}, retryTable);
      if (batches.length === 2) for (const id of ['y-3', 'y-4', 'y-5', 'y-6', 'y-7']) await put(id, {}, retryTable);
    };
    const intervalMs = 400;
    const poller = pollTableStream({ endpoint: db.endpoint, tableName: retryTable, startingPosition: 'LATEST', onBatch, intervalMs, batchSize: 2, region });
    pollers.push(poller);
    await poller.ready;
    // Act
    await put('y-1', {}, retryTable);
    await waitFor('y-7', async () => batches.some((b) => b.ids.includes('y-7')), { timeoutMs: 15_000 });
    await poller.stop();
    // Assess: one record per batch while they trickle in, a pause of one interval before the next read,
    // then pages of batchSize read back to back while the shard is behind.
    expect(batches.map((b) => b.ids)).toEqual([['y-1'], ['y-2'], ['y-3', 'y-4'], ['y-5', 'y-6'], ['y-7']]);
    const gaps = batches.slice(1).map((b, i) => b.at - (batches[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(intervalMs - 50);
    expect(gaps[1]).toBeGreaterThanOrEqual(intervalMs - 50);
    expect(gaps[2]).toBeLessThan(intervalMs - 50);
    expect(gaps[3]).toBeLessThan(intervalMs - 50);
  });

  it('moves to the new stream when its table is deleted and created again, and delivers what is written there', async () => {
    const recreated = 'records-recreated';
    await ensureTables(client, [tableInputFromCfn('RecordsTable', recordsCfn, recreated)]);
    const delivered: string[] = [];
    const poller = pollTableStream({
      endpoint: db.endpoint,
      tableName: recreated,
      startingPosition: 'TRIM_HORIZON',
      onBatch: async (records) => void delivered.push(...records.map(idOf)),
      intervalMs: 50,
      region,
    });
    pollers.push(poller);
    await put('z-1', {}, recreated);
    await waitFor('z-1', async () => delivered.includes('z-1'), { timeoutMs: 15_000 });
    // Act: the table goes away and comes back with a stream of its own
    const oldStream = (await client.send(new DescribeTableCommand({ TableName: recreated }))).Table?.LatestStreamArn;
    await client.send(new DeleteTableCommand({ TableName: recreated }));
    await ensureTables(client, [tableInputFromCfn('RecordsTable', recordsCfn, recreated)]);
    const newStream = (await client.send(new DescribeTableCommand({ TableName: recreated }))).Table?.LatestStreamArn;
    await put('z-2', {}, recreated);
    await waitFor('z-2', async () => delivered.includes('z-2'), { timeoutMs: 20_000 });
    await poller.stop();
    // Assess
    expect(newStream).not.toBe(oldStream);
    expect(delivered).toEqual(['z-1', 'z-2']);
  });

  it('keeps tables, indexes and items on disk across a restart on the same dir', async () => {
    await put('d-persist');
    await db.stop();
    client.destroy();
    db = await startDynamoDb({ dir });
    client = connect();
    const got = await client.send(new GetItemCommand({ TableName: table, Key: { PK: { S: 'DOSSIER#d-persist' }, SK: { S: 'META' } } }));
    expect(got.Item?.title?.S).toBe('Hồ sơ d-persist');
    const byUnit = await client.send(
      new QueryCommand({ TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :u', ExpressionAttributeValues: { ':u': { S: 'UNIT#a' } } }),
    );
    expect(byUnit.Items?.map((i) => i.GSI1SK?.S)).toEqual(['d-0', 'd-1', 'd-2', 'd-persist']);
    // The runtime calls ensureTables on every start: nothing to create after a restart.
    expect(await ensureTables(client, [tableInputFromCfn('RecordsTable', recordsCfn, table)])).toEqual({ created: [], updated: [], warnings: [] });
  });
});
