import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type DecisionFileKind, decisionFileKey, decisionFileKinds } from '#domain/decision-files';
import { requireEnv } from './config.ts';

const s3 = new S3Client({ forcePathStyle: true });

/** Writes one generated decision file under the dossier's decisions/ prefix of the documents bucket. */
export async function putDecisionFile(dossierId: string, kind: DecisionFileKind, body: Uint8Array): Promise<string> {
  const key = decisionFileKey(dossierId, kind);
  await s3.send(new PutObjectCommand({ Bucket: requireEnv('DOCUMENTS_BUCKET'), Key: key, Body: body, ContentType: decisionFileKinds[kind].contentType }));
  return key;
}

/** Whether a decision file has been written yet (the step that writes it runs just after the approval). */
export async function decisionFileExists(dossierId: string, kind: DecisionFileKind): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: requireEnv('DOCUMENTS_BUCKET'), Key: decisionFileKey(dossierId, kind) }));
    return true;
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}
