import { decisionFileExists } from '#adapters/decision-files';
import { DOWNLOAD_URL_SECONDS, presignDownload } from '#adapters/documents';
import { getDossier } from '#adapters/dossier-repository';
import { decisionFileKey, decisionFileKinds, isDecisionFileKind } from '#domain/decision-files';
import { ConflictError, NotFoundError } from '#domain/errors';
import { assertCanReadDecisionFile } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

/**
 * GET /api/dossiers/{dossierId}/decision-documents/{kind} (docx | pdf | xlsx; proposal-docx | proposal-pdf for a form decided upward): a short presigned GET of a file
 * generated from the chair's approval. The draft DOCX and the printer's list are the secretariat's and the
 * chair's; the decision PDF is also the submitting unit's. This function may read decisions/ only.
 */
const download = async ({ actor, path }: RouteInput<typeof routes.downloadDecisionDocument>): Promise<ApiResult> => {
  const { kind } = path;
  const dossier = await getDossier(path.dossierId);
  if (!isDecisionFileKind(kind)) {
    throw new NotFoundError({ field: 'kind', messages: { vi: 'Không có loại văn bản này (docx, pdf hoặc xlsx)', en: 'No such document kind (docx, pdf or xlsx)' } });
  }
  assertCanReadDecisionFile(actor, dossier, kind);
  // A proposal forwarded upward has its tờ trình instead of a decision.
  const signed = kind.startsWith('proposal') ? dossier.proposal : dossier.decision;
  if (!signed || !(await decisionFileExists(dossier.id, kind))) {
    throw new ConflictError({
      code: 'DECISION_DOCUMENTS_NOT_READY',
      messages: signed
        ? { vi: 'Văn bản quyết định đang được tạo, vui lòng thử lại sau ít phút', en: 'The decision documents are being generated; try again in a few minutes' }
        : { vi: 'Hồ sơ chưa có quyết định khen thưởng', en: 'The dossier has no award decision yet' },
    });
  }
  const { file } = decisionFileKinds[kind];
  const url = await presignDownload({ key: decisionFileKey(dossier.id, kind) }, file);
  return json(200, { url, fileName: file, expiresInSeconds: DOWNLOAD_URL_SECONDS });
};

export const handler = apiHandler({ downloadDecisionDocument: routes.downloadDecisionDocument }, { downloadDecisionDocument: download });
