import { describe, expect, it } from 'vitest';
import type { SeenRequest } from '#local/fault-proxy';
import { groupByDossier, instantiate } from '../../bench/replay.ts';

const D1 = 'd-11111111-1111-4111-8111-111111111111';
const D2 = 'd-22222222-2222-4222-8222-222222222222';
const DOC = 'doc-33333333-3333-4333-8333-333333333333';

const seen = (service: string, operation: string, body: string, path = '/'): SeenRequest => ({
  service,
  operation,
  method: 'POST',
  path,
  headers: { host: '127.0.0.1:1', 'content-length': String(Buffer.byteLength(body)), 'x-amz-target': `DynamoDB_20120810.${operation}`, 'x-multi': ['a', 'b'] },
  body: Buffer.from(body),
});
const bodyOf = (r: { body: Uint8Array }) => Buffer.from(r.body).toString('utf8');

describe('the throughput floor that replays recorded requests', () => {
  const recorded = [
    seen('dynamodb', 'TransactWriteItems', JSON.stringify({ TransactItems: [{ Put: { TableName: 'Dossiers', Item: { PK: { S: `DOSSIER#${D1}` }, title: { S: 'Hồ sơ khen thưởng' } } } }] })),
    seen('dynamodb', 'Query', JSON.stringify({ TableName: 'Dossiers', KeyConditionExpression: 'GSI3PK = :a', ExpressionAttributeValues: { ':a': { S: 'ROLE#officer' } } })),
    seen('dynamodb', 'PutItem', JSON.stringify({ TableName: 'Dossiers', Item: { PK: { S: `DOSSIER#${D2}` } } })),
    seen('dynamodb', 'PutItem', JSON.stringify({ TableName: 'Dossiers', Item: { PK: { S: `DOSSIER#${D1}` }, SK: { S: `DOC#${DOC}` } }, ConditionExpression: 'attribute_not_exists(PK)' })),
    seen('s3', 'GetObject', '', `/documents/${D1}/${DOC}.pdf`),
    seen('dynamodb', 'BatchGetItem', JSON.stringify({ RequestItems: { Dossiers: { Keys: [{ PK: { S: `DOSSIER#${D1}` } }, { PK: { S: `DOSSIER#${D2}` } }] } } })),
  ];

  it('keeps each dossier’s requests together in order; a request naming none or several dossiers is shared', () => {
    const { dossiers, shared } = groupByDossier(recorded);
    expect(dossiers.map((d) => d.map((r) => r.operation))).toEqual([['TransactWriteItems', 'PutItem', 'GetObject'], ['PutItem']]);
    expect(shared.map((r) => r.operation)).toEqual(['Query', 'BatchGetItem']);
    // Sent again with the emulator's own host and length; other headers as recorded.
    expect(dossiers[0]?.[0]?.headers).toEqual({ 'x-amz-target': 'DynamoDB_20120810.TransactWriteItems', 'x-multi': 'a, b' });
  });

  it('sends DynamoDB requests to the named copy of a table, and nothing else is renamed', () => {
    const { dossiers } = groupByDossier(recorded, { Dossiers: 'Dossiers-replay' });
    const first = JSON.parse(bodyOf(dossiers[0]?.[0] ?? { body: new Uint8Array() })) as { TransactItems: { Put: { TableName: string; Item: { title: { S: string } } } }[] };
    expect(first.TransactItems[0]?.Put.TableName).toBe('Dossiers-replay');
    expect(first.TransactItems[0]?.Put.Item.title.S).toBe('Hồ sơ khen thưởng');
    expect(dossiers[0]?.[2]?.path).toBe(`/documents/${D1}/${DOC}.pdf`);
  });

  it('gives every id of a recorded dossier one fresh id throughout, and leaves signed S3 requests as they were', () => {
    const [template = []] = groupByDossier(recorded).dossiers;
    let n = 0;
    const fresh = () => `00000000-0000-4000-8000-00000000000${++n}`;
    const copy = instantiate(template, fresh);
    const [write, doc, object] = copy.map((r) => `${r.path} ${bodyOf(r)}`);
    expect(write).toContain('DOSSIER#d-00000000-0000-4000-8000-000000000001');
    expect(doc).toContain('DOSSIER#d-00000000-0000-4000-8000-000000000001');
    expect(doc).toContain('DOC#doc-00000000-0000-4000-8000-000000000002');
    expect(`${write}${doc}`).not.toContain(D1.slice(2));
    expect(object).toBe(`/documents/${D1}/${DOC}.pdf `);
    // The Vietnamese text survives byte for byte, and the recording itself is untouched.
    expect(bodyOf(copy[0] ?? { body: new Uint8Array() })).toContain('Hồ sơ khen thưởng');
    expect(bodyOf(template[0] ?? { body: new Uint8Array() })).toContain(D1);
    // A second copy gets ids of its own.
    expect(bodyOf(instantiate(template, fresh)[0] ?? { body: new Uint8Array() })).toContain('d-00000000-0000-4000-8000-000000000003');
  });
});
