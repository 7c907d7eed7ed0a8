import { presignDownload } from '#adapters/documents';
import { documentNotFound, getDossierAndDocument } from '#adapters/dossier-repository';
import { ConflictError } from '#domain/errors';
import { assertCanViewDossier } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

/**
 * A short presigned GET of the verified copy (pinned to its version where the bucket keeps versions), after the
 * same access check as the dossier itself; quarantined and unverified files are not served.
 */
const download = async ({ actor, path }: RouteInput<typeof routes.downloadDocument>): Promise<ApiResult> => {
  const { documentId } = path;
  const { dossier, document } = await getDossierAndDocument(path.dossierId, documentId);
  assertCanViewDossier(actor, dossier);
  if (!document) throw documentNotFound(documentId);
  // Only the copy of the bytes that were checked is served, never the upload key (which its presigned POST can
  // still overwrite); this function may read verified/ only.
  if (document.state !== 'verified' || !document.verifiedObject) {
    throw new ConflictError({ code: 'NOT_VERIFIED', messages: { vi: 'Tài liệu chưa được kiểm tra an toàn', en: 'The document has not passed verification' } });
  }
  return json(200, { url: await presignDownload(document.verifiedObject, document.fileName) });
};

export const handler = apiHandler({ downloadDocument: routes.downloadDocument }, { downloadDocument: download });
