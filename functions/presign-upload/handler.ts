import { randomUUID } from 'node:crypto';
import { presignUpload } from '#adapters/documents';
import { getDossier, putDocument } from '#adapters/dossier-repository';
import { documentKinds } from '#domain/catalogue';
import { ValidationError } from '#domain/errors';
import { assertDossierAcceptsDocument } from '#domain/lifecycle';
import { assertCanEditDossier } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import type { DocumentRecord } from '#schemas/records';
import * as routes from '#schemas/routes/dossiers';

/**
 * Issues a presigned POST for one document. The key is built here from ids only — never from the client's
 * file name — so every upload stays under incoming/<dossierId>/, and each presign is a new document: no
 * request can aim a form at a document already verified (whose served copy lives under verified/ anyway).
 */
const presign = async (request: RouteInput<typeof routes.presignUpload>): Promise<ApiResult> => {
  const { actor } = request;
  const dossier = await getDossier(request.path.dossierId);
  assertCanEditDossier(actor, dossier);
  // The body is read only now: a caller the dossier refuses hears that first.
  const input = request.body;
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

export const handler = apiHandler({ presignUpload: routes.presignUpload }, { presignUpload: presign });
