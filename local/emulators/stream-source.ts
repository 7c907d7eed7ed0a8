import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  type AttributeValue as StreamAttributeValue,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorInput,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue as LambdaAttributeValue, DynamoDBRecord } from 'aws-lambda';

// Where the stream poller reads from (DynamoDB Streams through the SDK, or a test's fake), and the records
// it reads turned into what a Lambda function receives.

/** The record shape a Lambda function receives in a DynamoDBStreamEvent. */
export type StreamEventRecord = DynamoDBRecord;

/** The few DynamoDB Streams calls the poller needs; the default talks to DynamoDB Local through the SDK. */
export interface StreamSource {
  latestStreamArn(tableName: string): Promise<string | undefined>;
  describeStream(streamArn: string, exclusiveStartShardId?: string): Promise<{ status?: string; shards: Shard[]; lastEvaluatedShardId?: string }>;
  getShardIterator(input: GetShardIteratorInput): Promise<string | undefined>;
  getRecords(shardIterator: string, limit: number): Promise<{ records: _Record[]; nextShardIterator?: string }>;
}

/** The SDK-backed source; any credentials work against DynamoDB Local started with -sharedDb. */
export function sdkStreamSource(endpoint: string, region: string): StreamSource & { destroy(): void } {
  const config = { endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const dynamo = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  return {
    latestStreamArn: async (tableName) => {
      const table = (await dynamo.send(new DescribeTableCommand({ TableName: tableName }))).Table;
      return table?.StreamSpecification?.StreamEnabled ? table.LatestStreamArn : undefined;
    },
    describeStream: async (streamArn, exclusiveStartShardId) => {
      const description = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId })))
        .StreamDescription;
      return {
        status: description?.StreamStatus,
        shards: description?.Shards ?? [],
        ...(description?.LastEvaluatedShardId ? { lastEvaluatedShardId: description.LastEvaluatedShardId } : {}),
      };
    },
    getShardIterator: async (input) => (await streams.send(new GetShardIteratorCommand(input))).ShardIterator,
    getRecords: async (shardIterator, limit) => {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: shardIterator, Limit: limit }));
      return { records: page.Records ?? [], ...(page.NextShardIterator ? { nextShardIterator: page.NextShardIterator } : {}) };
    },
    destroy: () => {
      dynamo.destroy();
      streams.destroy();
    },
  };
}

/**
 * The SDK parses the wire format (Dates, Uint8Arrays); Lambda hands handlers the wire format itself
 * (epoch seconds, base64 binaries), so convert back.
 */
export function toLambdaRecord(record: _Record, streamArn: string, region: string): StreamEventRecord {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: created instanceof Date ? created.getTime() / 1000 : Number(created) } : {}),
      ...(d.Keys ? { Keys: toLambdaImage(d.Keys) } : {}),
      ...(d.NewImage ? { NewImage: toLambdaImage(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: toLambdaImage(d.OldImage) } : {}),
      ...(d.SequenceNumber ? { SequenceNumber: d.SequenceNumber } : {}),
      ...(d.SizeBytes !== undefined ? { SizeBytes: d.SizeBytes } : {}),
      ...(d.StreamViewType ? { StreamViewType: d.StreamViewType } : {}),
    },
    eventSourceARN: streamArn,
    // Present on TTL deletions; the API says PrincipalId/Type, the Lambda event principalId/type.
    ...(record.userIdentity ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } } : {}),
  };
}

function toLambdaImage(image: Record<string, StreamAttributeValue>): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaValue(v)]));
}

function toLambdaValue(value: StreamAttributeValue): LambdaAttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  // The SDK's union parser turns an empty map {"M":{}} into {} (empty lists stay {"L":[]}).
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error(`Unsupported attribute value: ${JSON.stringify(value)}`);
}
