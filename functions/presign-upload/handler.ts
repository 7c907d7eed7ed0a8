import middy from '@middy/core';
import { randomUUID } from 'node:crypto';
import { presignUpload } from '#adapters/documents';
import { getDossier, putDocument } from '#adapters/dossier-repository';
import { documentKinds } from '#domain/catalogue';
import { ValidationError } from '#domain/errors';
import { assertDossierAcceptsDocument } from '#domain/lifecycle';
import { assertCanEditDossier } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';
import { PresignUploadInput } from '#schemas/input/presign-upload';
import type { DocumentRecord } from '#schemas/records';
import { parseInput } from '#schemas/validation';

/**
 * Issues a presigned POST for one document. The key is built here from ids only — never from the client's
 * file name — so every upload stays under incoming/<dossierId>/, and each presign is a new document: no
 * request can aim a form at a document already verified (whose served copy lives under verified/ anyway).
 */
const presign = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const dossier = await getDossier(pathParam(event, 'dossierId'));
  assertCanEditDossier(actor, dossier);
  const input = parseInput(PresignUploadInput, event.body);
  assertDossierAcceptsDocument(dossier, input.kind);
  const maxBytes = documentKinds[input.kind].maxBytes;
  if (input.size > maxBytes) {
    // Refused before an upload URL exists; the URL's policy repeats the limit for S3 to enforce.
    throw new ValidationError({
      field: 'size',
      messages: { vi: `size: Tệp vượt quá ${maxBytes / (1024 * 1024)} MB cho loại tài liệu này`, en: `size: The file exceeds ${maxBytes / (1024 * 1024)} MB for this document kind` },
    });
  }
  const now = new Date();
  const documentId = `doc-${randomUUID()}`;
  const key = `incoming/${dossier.id}/${documentId}`;
  const document: DocumentRecord = {
    dossierId: dossier.id,
    documentId,
    ...input,
    key,
    state: 'pendingUpload',
    uploadedBy: actor.userId,
    createdAt: now.toISOString(),
  };
  const upload = await presignUpload(key, input.contentType, maxBytes, now);
  await putDocument(document);
  return json(201, { document, upload });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(presign);
