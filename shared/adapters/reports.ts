import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { requireEnv } from './config.ts';

const s3 = new S3Client({ forcePathStyle: true });

/** Writes a generated document (minutes, year-end reports) to the reports bucket. */
export async function putReport(key: string, body: string | Uint8Array, contentType: string): Promise<string> {
  await s3.send(new PutObjectCommand({ Bucket: requireEnv('REPORTS_BUCKET'), Key: key, Body: body, ContentType: contentType }));
  return key;
}

export async function getReportText(key: string): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: requireEnv('REPORTS_BUCKET'), Key: key }));
    return await out.Body?.transformToString('utf8');
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** A short-lived link to a report file (the reports bucket is never public). */
export async function presignReport(key: string, fileName: string): Promise<string> {
  return getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: requireEnv('REPORTS_BUCKET'), Key: key, ResponseContentDisposition: `attachment; filename="${fileName}"` }),
    { expiresIn: 300 },
  );
}
