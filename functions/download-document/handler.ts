import middy from '@middy/core';
import { presignDownload } from '#adapters/documents';
import { documentNotFound, getDossierAndDocument } from '#adapters/dossier-repository';
import { ConflictError } from '#domain/errors';
import { assertCanViewDossier } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';

/**
 * A short presigned GET of the verified copy (pinned to its version where the bucket keeps versions), after the
 * same access check as the dossier itself; quarantined and unverified files are not served.
 */
const download = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const documentId = pathParam(event, 'documentId');
  const { dossier, document } = await getDossierAndDocument(pathParam(event, 'dossierId'), documentId);
  assertCanViewDossier(actor, dossier);
  if (!document) throw documentNotFound(documentId);
  // Only the copy of the bytes that were checked is served, never the upload key (which its presigned POST can
  // still overwrite); this function may read verified/ only.
  if (document.state !== 'verified' || !document.verifiedObject) {
    throw new ConflictError({ code: 'NOT_VERIFIED', messages: { vi: 'Tài liệu chưa được kiểm tra an toàn', en: 'The document has not passed verification' } });
  }
  return json(200, { url: await presignDownload(document.verifiedObject, document.fileName) });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(download);
