import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import { as, draftDossier } from './support.ts';

const endpoints = runtime.endpoints;
const tableName = runtime.tableName;
const dynamo = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

interface Integrity {
  checked: number;
  intact: boolean;
  brokenChains: { dossierId: string }[];
  stuck: { dossierId: string; status: string }[];
}

describe('the integrity check over every dossier', () => {
  it('finds every chain intact and no dossier stuck after the other workflow tests, and names a dossier whose task was lost', async () => {
    // Prepare: a dossier waiting for appraisal
    const unit = await as('unit-a-officer');
    const officer = await as('officer');
    const head = await as('secretariat-head');
    const { id } = await draftDossier('unit-a-officer', 'chienSiThiDuaTinh');
    await unit.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await new Promise((r) => setTimeout(r, 1500));

    // Act 1: everything that ran in this runtime so far
    const healthy = await head.get<Integrity>('/api/integrity?settleSeconds=1');
    // Assess 1
    expect(healthy.status).toBe(200);
    expect(healthy.body.checked).toBeGreaterThanOrEqual(1);
    expect(healthy.body.brokenChains).toEqual([]);
    expect(healthy.body.stuck).toEqual([]);

    // Act 2: the open task disappears (as if a write had been lost)
    const key = { PK: { S: `DOSSIER#${id}` }, SK: { S: 'TASK#appraisal' } };
    const original = await dynamo.send(new GetItemCommand({ TableName: tableName, Key: key }));
    await dynamo.send(new UpdateItemCommand({ TableName: tableName, Key: key, UpdateExpression: 'SET #s = :c', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':c': { S: 'CANCELLED' } } }));
    const lost = await head.get<Integrity>('/api/integrity?settleSeconds=1');
    await dynamo.send(new PutItemCommand({ TableName: tableName, Item: original.Item ?? {} }));
    // Assess 2
    expect(lost.body.intact).toBe(false);
    expect(lost.body.stuck).toEqual([expect.objectContaining({ dossierId: id, status: 'UnderAppraisal' })]);
    expect((await officer.get('/api/integrity')).status).toBe(403);
  });
});
