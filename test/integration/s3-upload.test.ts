import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Emulator, startS3 } from '#local/emulators/s3';

/** Browser uploads to the local S3 are held to their presigned POST policy, as on AWS. */
describe('local S3 presigned POST uploads', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 's3-upload-'));
  let s3: S3Emulator;
  let client: S3Client;
  const bucket = 'documents-test';

  beforeAll(async () => {
    s3 = await startS3({
      dir,
      buckets: [{ name: bucket, cors: { CorsRules: [{ AllowedMethods: ['POST', 'GET'], AllowedOrigins: ['http://localhost:3000'], AllowedHeaders: ['*'], MaxAge: 600 }] } }],
    });
    client = new S3Client({ endpoint: s3.endpoint, region: 'ap-southeast-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client.destroy();
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const presign = (key: string, expires = 300) =>
    createPresignedPost(client, {
      Bucket: bucket,
      Key: key,
      Conditions: [['eq', '$key', key], ['eq', '$Content-Type', 'application/pdf'], ['content-length-range', 1, 1024]],
      Fields: { 'Content-Type': 'application/pdf' },
      Expires: expires,
    });
  const post = (p: { url: string; fields: Record<string, string> }, override: Record<string, string>, bytes: Uint8Array) => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...p.fields, ...override })) form.append(k, v);
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'a.pdf');
    return fetch(p.url, { method: 'POST', body: form });
  };
  const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');

  it('stores a file uploaded within its policy, readable back byte for byte', async () => {
    const p = await presign('incoming/d-1/doc-1');
    const res = await post(p, {}, pdf);
    expect(res.status).toBe(204);
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'incoming/d-1/doc-1' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.from(pdf));
  });

  it.each([
    ['a file over content-length-range', {}, new Uint8Array(2048), 400, 'EntityTooLarge'],
    ['another key than the signed one', { key: 'incoming/d-1/other' }, pdf, 403, 'AccessDenied'],
    ['another content type', { 'Content-Type': 'text/html' }, pdf, 403, 'AccessDenied'],
    ['a field the policy does not cover', { 'x-amz-meta-owner': 'me' }, pdf, 403, 'AccessDenied'],
    ['a tampered policy', { Policy: Buffer.from('{"expiration":"2999-01-01T00:00:00Z","conditions":[]}').toString('base64') }, pdf, 403, 'AccessDenied'],
  ] as const)('refuses %s and stores nothing', async (_what, override, bytes, status, code) => {
    const key = `incoming/d-2/${code}-${status}-${Math.random().toString(36).slice(2)}`;
    const p = await presign(key);
    const res = await post(p, override, bytes);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(`<Code>${code}</Code>`);
    await expect(client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('refuses an expired policy', async () => {
    const p = await presign('incoming/d-3/late', 1);
    await new Promise((r) => setTimeout(r, 1500));
    const res = await post(p, {}, pdf);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/Policy expired/);
  });

  it('answers a CORS preflight from the web app origin with that origin', async () => {
    const res = await fetch(`${s3.endpoint}/${bucket}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });
});
