import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { requireEnv } from './config.ts';

/** Path-style addressing works on S3 and on the local S3 server alike. */
const s3 = new S3Client({ forcePathStyle: true });
const bucket = () => requireEnv('DOCUMENTS_BUCKET');

/** Uploads are short-lived and pinned: exact key, exact type, size range (docs/architecture.md §4). */
export const UPLOAD_URL_SECONDS = 300;
export const DOWNLOAD_URL_SECONDS = 120;

export interface PresignedUpload {
  readonly url: string;
  readonly fields: Record<string, string>;
  readonly expiresAt: string;
}

export async function presignUpload(key: string, contentType: string, maxBytes: number, now: Date): Promise<PresignedUpload> {
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: bucket(),
    Key: key,
    Conditions: [
      ['eq', '$key', key],
      ['eq', '$Content-Type', contentType],
      ['content-length-range', 1, maxBytes],
    ],
    Fields: { 'Content-Type': contentType },
    Expires: UPLOAD_URL_SECONDS,
  });
  return { url, fields, expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString() };
}

/**
 * Where a document's checked bytes are kept: a prefix no upload policy names and the upload role cannot write.
 * The checksum in the key makes it content-addressed, so two verifications racing on different bytes write
 * two objects, and the record whose commit wins names its own (this holds without bucket versioning too).
 */
export const verifiedKey = (dossierId: string, documentId: string, sha256Hex: string) => `verified/${dossierId}/${documentId}/${sha256Hex}`;

/** The object a verified document is served from; `versionId` when the bucket is versioned (AWS). */
export interface StoredObject {
  readonly key: string;
  readonly versionId?: string;
}

export async function presignDownload(object: StoredObject, fileName: string): Promise<string> {
  return getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: bucket(),
      Key: object.key,
      ...(object.versionId ? { VersionId: object.versionId } : {}),
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    }),
    { expiresIn: DOWNLOAD_URL_SECONDS },
  );
}

/** Reads an uploaded object (bounded by the upload policy's size limit) for verification. */
export async function readObject(key: string): Promise<Uint8Array | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    return out.Body ? await out.Body.transformToByteArray() : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/**
 * Stores the very bytes that passed the check under verified/: the incoming key stays writable by its
 * presigned POST for that POST's whole lifetime, so what is served must not be read from there again. S3
 * checks the SHA-256 on arrival; the answer's ETag and VersionId (versioned bucket) pin the stored version.
 */
export async function storeVerified(
  dossierId: string,
  documentId: string,
  bytes: Uint8Array,
  sha256Hex: string,
  contentType: string,
): Promise<StoredObject & { etag?: string }> {
  const key = verifiedKey(dossierId, documentId, sha256Hex);
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: bucket(),
      Key: key,
      Body: bytes,
      ContentType: contentType,
      ChecksumSHA256: Buffer.from(sha256Hex, 'hex').toString('base64'),
    }),
  );
  return { key, ...(out.ETag ? { etag: out.ETag } : {}), ...(out.VersionId ? { versionId: out.VersionId } : {}) };
}
