import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { requireEnv } from './config.ts';

const s3 = new S3Client({ forcePathStyle: true });

/** Writes a generated document (minutes, year-end reports) to the reports bucket. */
export async function putReport(key: string, body: string, contentType: string): Promise<string> {
  await s3.send(new PutObjectCommand({ Bucket: requireEnv('REPORTS_BUCKET'), Key: key, Body: body, ContentType: contentType }));
  return key;
}
