import { describe, expect, it } from 'vitest';

describe('the presigned POST policy', () => {
  it('pins the exact key, the Content-Type, the size range and an expiry of at most five minutes', async () => {
    // Prepare: the adapter as the presign-upload function uses it (no network: presigning is local signing)
    process.env.DOCUMENTS_BUCKET = 'documents-test';
    process.env.AWS_REGION = 'ap-southeast-1';
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    const { presignUpload, UPLOAD_URL_SECONDS } = await import('#adapters/documents');
    const now = new Date();
    // Act
    const upload = await presignUpload('incoming/d-1/doc-1', 'application/pdf', 10 * 1024 * 1024, now);
    const policy = JSON.parse(Buffer.from(upload.fields.Policy ?? '', 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    // Assess
    expect(UPLOAD_URL_SECONDS).toBeLessThanOrEqual(300);
    const lifetime = (Date.parse(policy.expiration) - now.getTime()) / 1000;
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(301);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { bucket: 'documents-test' },
        ['eq', '$key', 'incoming/d-1/doc-1'],
        ['eq', '$Content-Type', 'application/pdf'],
        ['content-length-range', 1, 10 * 1024 * 1024],
      ]),
    );
    expect(upload.fields.key).toBe('incoming/d-1/doc-1');
    expect(upload.fields['Content-Type']).toBe('application/pdf');
  });
});
