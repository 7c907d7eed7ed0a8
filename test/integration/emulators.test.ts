import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
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
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertJava, MINIMUM_JAVA_MAJOR } from '#local/emulators/java';
import { type DynamoDbEmulator, ensureTables, startDynamoDb, tableInputFromCfn } from '#local/emulators/dynamodb';
import { pollTableStream, type StreamBatchResult, type StreamEventRecord, type TableStreamPoller } from '#local/emulators/dynamodb-streams';
import { type S3Emulator, startS3 } from '#local/emulators/s3';
import { clearEmails, listEmails, type SesEmulator, startSes } from '#local/emulators/ses';
import { freePort, outputTail, waitFor } from '#local/emulators/support';

/**
 * The embedded emulators of the local runtime, each started once on free loopback ports in one temp dir.
 * Nothing is skipped: a missing Java fails the DynamoDB suite with install instructions.
 */
const root = mkdtempSync(path.join(tmpdir(), 'emulators-'));
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'ap-southeast-1';

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('support helpers', () => {
  it('freePort gives a loopback port that can be bound', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('waitFor returns the first truthy probe value, times out naming the last error, and stops on abort', async () => {
    let calls = 0;
    await expect(waitFor('thing', async () => (++calls >= 3 ? 'ok' : undefined), { timeoutMs: 1_000, intervalMs: 1 })).resolves.toBe('ok');
    await expect(waitFor('thing', () => Promise.reject(new Error('refused')), { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      /thing: not ready after 30 ms \(last error: refused\)/,
    );
    await expect(waitFor('thing', async () => false, { timeoutMs: 5_000, abortReason: () => 'process exited' })).rejects.toThrow('thing: process exited');
  });

  it('outputTail keeps only the end of the output', () => {
    const tail = outputTail(10);
    tail.push('0123456789');
    tail.push(Buffer.from('abcde'));
    expect(tail.text()).toBe('56789abcde');
  });
});

describe('assertJava', () => {
  const withPath = <T>(dir: string, run: () => T): T => {
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      return run();
    } finally {
      process.env.PATH = saved;
    }
  };

  it(`accepts the installed Java (${MINIMUM_JAVA_MAJOR}+)`, () => {
    expect(assertJava()).toBeGreaterThanOrEqual(MINIMUM_JAVA_MAJOR);
  });

  it('fails with install instructions when java is missing', () => {
    const empty = path.join(root, 'no-java');
    mkdirSync(empty, { recursive: true });
    expect(() => withPath(empty, assertJava)).toThrow(/apt-get install -y default-jre-headless/);
  });

  it('fails with install instructions when java is older than 17', () => {
    const bin = path.join(root, 'old-java');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'java'), '#!/bin/sh\necho \'openjdk version "11.0.22" 2024-01-16\' >&2\n');
    chmodSync(path.join(bin, 'java'), 0o755);
    expect(() => withPath(`${bin}:/bin:/usr/bin`, assertJava)).toThrow(/default-jre-headless[\s\S]*found Java 11/);
  });
});

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

describe('S3 (s3rver)', () => {
  const dir = path.join(root, 's3');
  const bucket = 'documents-local';
  const webOrigin = 'http://localhost:5173';
  const buckets = [
    {
      name: bucket,
      cors: { CorsRules: [{ AllowedMethods: ['GET', 'POST', 'PUT'], AllowedOrigins: [webOrigin], AllowedHeaders: ['*'], ExposedHeaders: ['ETag'], MaxAge: 600 }] },
    },
  ];
  let s3: S3Emulator;
  let client: S3Client;
  const connect = () => new S3Client({ endpoint: s3.endpoint, region, forcePathStyle: true, credentials });

  beforeAll(async () => {
    s3 = await startS3({ dir, port: await freePort(), buckets });
    client = connect();
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
  });

  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
  const presign = (key: string, expires = 300) =>
    createPresignedPost(client, {
      Bucket: bucket,
      Key: key,
      Conditions: [
        ['eq', '$key', key],
        ['eq', '$Content-Type', 'application/pdf'],
        ['content-length-range', 1, 1024],
      ],
      Fields: { 'Content-Type': 'application/pdf' },
      Expires: expires,
    });
  /** The form a browser sends: the policy's fields (optionally altered), then the file last. */
  const form = (p: { fields: Record<string, string> }, override: Record<string, string>, bytes: Uint8Array) => {
    const body = new FormData();
    for (const [k, v] of Object.entries({ ...p.fields, ...override })) body.append(k, v);
    body.append('file', new Blob([bytes], { type: 'application/pdf' }), 'ho-so.pdf');
    return body;
  };
  const post = (p: { url: string; fields: Record<string, string> }, override: Record<string, string>, bytes: Uint8Array) =>
    fetch(p.url, { method: 'POST', body: form(p, override, bytes), headers: { origin: webOrigin } });
  const exists = (key: string) =>
    client.send(new GetObjectCommand({ Bucket: bucket, Key: key })).then(
      () => true,
      (error: Error) => (error.name === 'NoSuchKey' ? false : Promise.reject(error)),
    );

  it('serves SDK clients with forcePathStyle on http://127.0.0.1:port', async () => {
    expect(s3.endpoint).toBe(`http://127.0.0.1:${s3.port}`);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'exports/bao-cao.csv', Body: 'mã,tên\n1,Nguyễn Văn A\n', ContentType: 'text/csv' }));
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'exports/bao-cao.csv' }));
    expect(got.ContentType).toBe('text/csv');
    expect(await got.Body?.transformToString()).toBe('mã,tên\n1,Nguyễn Văn A\n');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'exports/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['exports/bao-cao.csv']);
  });

  it('accepts a presigned POST within its policy; the object reads back byte for byte with its Content-Type', async () => {
    const p = await presign('incoming/d-1/doc-1');
    expect(p.url).toBe(`${s3.endpoint}/${bucket}`);
    const res = await post(p, {}, pdf);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(webOrigin);
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'incoming/d-1/doc-1' }));
    expect(got.ContentType).toBe('application/pdf');
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.from(pdf));
  });

  it.each([
    ['a file larger than content-length-range', {}, new Uint8Array(1025), 400, 'EntityTooLarge'],
    ['an empty file (below content-length-range)', {}, new Uint8Array(0), 400, 'EntityTooSmall'],
    ['another key than the signed one', { key: 'incoming/d-1/someone-elses' }, pdf, 403, 'AccessDenied'],
    ['another Content-Type than the signed one', { 'Content-Type': 'text/html' }, pdf, 403, 'AccessDenied'],
    ['a field the policy does not cover', { 'x-amz-meta-owner': 'me' }, pdf, 403, 'AccessDenied'],
    ['an uncovered field named __proto__', { ['__proto__']: 'x' }, pdf, 403, 'AccessDenied'],
    ['a forged signature', { 'X-Amz-Signature': '0'.repeat(64) }, pdf, 403, 'AccessDenied'],
    ['a policy rewritten without re-signing', { Policy: Buffer.from('{"expiration":"2999-01-01T00:00:00Z","conditions":[]}').toString('base64') }, pdf, 403, 'AccessDenied'],
  ] as const)('refuses %s and stores nothing', async (_what, override, bytes, status, code) => {
    const key = `incoming/d-2/${code}-${Math.random().toString(36).slice(2)}`;
    const p = await presign(key);
    const res = await post(p, override, bytes);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(`<Code>${code}</Code>`);
    // The web app can read why (S3 sends CORS headers on errors too).
    expect(res.headers.get('access-control-allow-origin')).toBe(webOrigin);
    expect(await exists(key)).toBe(false);
    if ('key' in override) expect(await exists(override.key)).toBe(false);
  });

  // s3rver stores under the field named exactly `key`; the policy check reads names case-insensitively. A form
  // carrying both `key` and `Key` must not let the check pass on one while s3rver stores under the other.
  it.each([
    ['`key` (another key) before `Key` (the signed one)', (signed: string, other: string) => [['key', other], ['Key', signed]] as const],
    ['`Key` (another key) after `key` (the signed one)', (signed: string, other: string) => [['key', signed], ['Key', other]] as const],
    ['`key` twice, the signed one last', (signed: string, other: string) => [['key', other], ['key', signed]] as const],
    ['`Content-Type` and `content-type` with different values', (signed: string) => [['key', signed], ['content-type', 'text/html']] as const],
  ])('refuses a form with duplicate field names, %s, and stores nothing', async (_what, keyFields) => {
    const signed = `incoming/d-5/signed-${Math.random().toString(36).slice(2)}`;
    const other = `incoming/d-victim/doc-${Math.random().toString(36).slice(2)}`;
    const p = await presign(signed);
    const body = new FormData();
    for (const [name, value] of keyFields(signed, other)) body.append(name, value);
    for (const [name, value] of Object.entries(p.fields)) if (name !== 'key') body.append(name, value);
    body.append('file', new Blob([pdf], { type: 'application/pdf' }), 'ho-so.pdf');
    const res = await fetch(p.url, { method: 'POST', body, headers: { origin: webOrigin } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>InvalidArgument</Code>');
    expect(res.headers.get('access-control-allow-origin')).toBe(webOrigin);
    expect(await exists(signed)).toBe(false);
    expect(await exists(other)).toBe(false);
  });

  it('refuses an expired policy', async () => {
    const p = await presign('incoming/d-3/late', -1);
    const res = await post(p, {}, pdf);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/Policy expired/);
    expect(await exists('incoming/d-3/late')).toBe(false);
  });

  it('checks virtual-host-style POSTs too', async () => {
    const p = await presign('incoming/d-4/vhost');
    // Host "<bucket>" is how s3rver recognizes a virtual-host request on a non-IP hostname.
    const send = async (bytes: Uint8Array) => {
      const request = new Request('http://unused/', { method: 'POST', body: form(p, {}, bytes) });
      const body = Buffer.from(await request.arrayBuffer());
      return new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port: s3.port, path: '/', method: 'POST', headers: { host: bucket, 'content-type': request.headers.get('content-type') ?? '', 'content-length': body.length } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    };
    expect(await send(new Uint8Array(4096))).toBe(400);
    expect(await exists('incoming/d-4/vhost')).toBe(false);
    expect(await send(pdf)).toBe(204);
    expect(await exists('incoming/d-4/vhost')).toBe(true);
  });

  it('answers a CORS preflight from the web app origin with that origin and the rule’s Max-Age', async () => {
    const preflight = (origin: string) =>
      fetch(`${s3.endpoint}/${bucket}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight(webOrigin);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(webOrigin);
    expect(allowed.headers.get('access-control-max-age')).toBe('600');
    const other = await preflight('http://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps objects on disk across a restart on the same dir', async () => {
    await s3.stop();
    client.destroy();
    s3 = await startS3({ dir, buckets });
    client = connect();
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'incoming/d-1/doc-1' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.from(pdf));
  });
});

describe('SES (aws-ses-v2-local)', () => {
  let ses: SesEmulator;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await startSes();
    client = new SESv2Client({ endpoint: ses.endpoint, region, credentials });
  });
  afterAll(async () => {
    client?.destroy();
    await ses?.stop();
  });

  it('captures a SendEmail with a Vietnamese UTF-8 subject, text and HTML intact', async () => {
    // Prepare
    const before = new Date(Math.floor(Date.now() / 1000) * 1000);
    const subject = 'Hồ sơ đã được nộp';
    const text = 'Kính gửi Ông/Bà Nguyễn Thị Hằng,\nHồ sơ "Chiến sĩ thi đua cơ sở" đã được nộp thành công.';
    const html = '<p>Kính gửi Ông/Bà <b>Nguyễn Thị Hằng</b>,</p><p>Hồ sơ “Chiến sĩ thi đua cơ sở” đã được nộp thành công.</p>';
    // Act
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'Hội đồng Thi đua <no-reply@thiduakhenthuong.example.gov.vn>',
        Destination: { ToAddresses: ['hang.nguyen@donvi.example.vn'] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    const emails = await listEmails(ses.endpoint, { since: before });
    // Assess
    expect(sent.MessageId).toBeTruthy();
    expect(emails).toHaveLength(1);
    const email = emails[0];
    expect(email).toMatchObject({
      messageId: sent.MessageId,
      from: 'Hội đồng Thi đua <no-reply@thiduakhenthuong.example.gov.vn>',
      to: ['hang.nguyen@donvi.example.vn'],
      subject,
      text,
      html,
    });
    expect(email?.at).toBeInstanceOf(Date);
    expect(email?.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(email?.at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('filters by since and clears', async () => {
    expect(await listEmails(ses.endpoint, { since: new Date(Date.now() + 60_000) })).toEqual([]);
    expect((await listEmails(ses.endpoint)).length).toBeGreaterThan(0);
    await clearEmails(ses.endpoint);
    expect(await listEmails(ses.endpoint)).toEqual([]);
  });

  it('listens on a requested port', async () => {
    const port = await freePort();
    const other = await startSes({ port });
    try {
      expect(other.endpoint).toBe(`http://127.0.0.1:${port}`);
      expect(await listEmails(other.endpoint)).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
