import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbEmulator, ensureTables, startDynamoDb, tableInputFromCfn } from '#local/emulators/dynamodb';
import { pollTableStream, type StreamEventRecord } from '#local/emulators/dynamodb-streams';

/** The table as the CDK stack synthesizes it (keys, one GSI, the stream), created from its CFN properties. */
const cfnProperties = {
  KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
  AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
  GlobalSecondaryIndexes: [{ IndexName: 'GSI1', KeySchema: [{ AttributeName: 'GSI1PK', KeyType: 'HASH' }, { AttributeName: 'GSI1SK', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
  BillingMode: 'PAY_PER_REQUEST',
  StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
  TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
};

describe('DynamoDB Local and its stream, as the local runtime uses them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ddb-'));
  let db: DynamoDbEmulator;
  let client: DynamoDBClient;
  const table = 'records-test';

  beforeAll(async () => {
    db = await startDynamoDb({ dir: path.join(dir, 'db') });
    client = new DynamoDBClient({ endpoint: db.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTables(client, [tableInputFromCfn('Records', cfnProperties, table)]);
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const put = (id: string) =>
    client.send(new PutItemCommand({ TableName: table, Item: { PK: { S: `DOSSIER#${id}` }, SK: { S: 'META' }, GSI1PK: { S: 'UNIT#a' }, GSI1SK: { S: id }, details: { M: {} } } }));

  it('creates the table from its CloudFormation properties, idempotently, with a queryable GSI', async () => {
    await ensureTables(client, [tableInputFromCfn('Records', cfnProperties, table)]);
    await put('d-0');
    const byUnit = await client.send(new QueryCommand({ TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :u', ExpressionAttributeValues: { ':u': { S: 'UNIT#a' } } }));
    expect(byUnit.Items?.map((i) => i.GSI1SK?.S)).toContain('d-0');
  });

  it('delivers inserts in order, retries from the first failed record, and resumes from its checkpoint without redelivery', async () => {
    // Prepare
    const checkpointFile = path.join(dir, 'checkpoint.json');
    const seen: string[] = [];
    let failOnce = true;
    const onBatch = async (records: StreamEventRecord[]) => {
      const ids = records.map((r) => r.dynamodb?.NewImage?.GSI1SK?.S ?? '?');
      const failAt = failOnce ? ids.indexOf('d-2') : -1;
      if (failAt >= 0) {
        failOnce = false;
        seen.push(...ids.slice(0, failAt));
        return { batchItemFailures: [{ itemIdentifier: records[failAt]?.dynamodb?.SequenceNumber }] };
      }
      seen.push(...ids);
      return {};
    };
    const first = pollTableStream({ endpoint: db.endpoint, tableName: table, startingPosition: 'TRIM_HORIZON', checkpointFile, onBatch, intervalMs: 50 });
    // Act 1: three inserts (plus d-0 from before), one failing once
    for (const id of ['d-1', 'd-2', 'd-3']) await put(id);
    await waitUntil(() => seen.includes('d-3'));
    await first.stop();
    // Act 2: a new poller on the same checkpoint sees only what came after
    await put('d-4');
    const second = pollTableStream({ endpoint: db.endpoint, tableName: table, startingPosition: 'TRIM_HORIZON', checkpointFile, onBatch, intervalMs: 50 });
    await waitUntil(() => seen.includes('d-4'));
    await second.stop();
    // Assess: every record once, in order, the failed one retried (empty maps intact)
    expect(seen).toEqual(['d-0', 'd-1', 'd-2', 'd-3', 'd-4']);
  });

  it('keeps its data on disk across a restart', async () => {
    await put('d-persist');
    await db.stop();
    db = await startDynamoDb({ dir: path.join(dir, 'db') });
    client.destroy();
    client = new DynamoDBClient({ endpoint: db.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const got = await client.send(new GetItemCommand({ TableName: table, Key: { PK: { S: 'DOSSIER#d-persist' }, SK: { S: 'META' } } }));
    expect(got.Item?.GSI1SK?.S).toBe('d-persist');
  }, 120_000);
});

async function waitUntil(probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
