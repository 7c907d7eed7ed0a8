import { mkdtempSync, rmSync, } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Emulator, startS3 } from '#local/emulators/s3';
import { freePort, } from '#local/emulators/support';

/** The S3 emulator (s3rver) of the local runtime, started once on a free loopback port in a temp dir. */
const root = mkdtempSync(path.join(tmpdir(), 'emulators-'));
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'ap-southeast-1';

afterAll(() => rmSync(root, { recursive: true, force: true }));

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
