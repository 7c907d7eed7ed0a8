import middy from '@middy/core';
import { presignDownload } from '#adapters/documents';
import { documentNotFound, getDossierAndDocument } from '#adapters/dossier-repository';
import { ConflictError } from '#domain/errors';
import { assertCanViewDossier } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';

/** A short presigned GET, after the same access check as the dossier itself; quarantined files are not served. */
const download = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const documentId = pathParam(event, 'documentId');
  const { dossier, document } = await getDossierAndDocument(pathParam(event, 'dossierId'), documentId);
  assertCanViewDossier(actor, dossier);
  if (!document) throw documentNotFound(documentId);
  if (document.state !== 'verified') {
    throw new ConflictError({ code: 'NOT_VERIFIED', messages: { vi: 'Tài liệu chưa được kiểm tra an toàn', en: 'The document has not passed verification' } });
  }
  return json(200, { url: await presignDownload(document.key, document.fileName) });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(download);
