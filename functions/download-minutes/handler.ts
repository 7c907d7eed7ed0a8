import { getSession } from '#adapters/council-repository';
import { presignReport } from '#adapters/reports';
import { isMinutesFileKind, minutesFileKey, minutesFileKinds } from '#domain/decision-files';
import { ConflictError, NotFoundError } from '#domain/errors';
import { assertCanViewSession } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/council';

/** How long a minutes link lives (presignReport's expiry). */
const DOWNLOAD_URL_SECONDS = 300;

/**
 * GET /api/council-sessions/{sessionId}/minutes/{kind} (html | docx | pdf): a short presigned GET of the tally
 * minutes the close wrote, for whoever may see the session (its members, the secretary, the secretariat head,
 * the chair). The minutes never say who voted how, so every one of them reads the same file.
 */
const download = async ({ actor, path }: RouteInput<typeof routes.downloadMinutes>): Promise<ApiResult> => {
  const { kind } = path;
  const session = await getSession(path.sessionId);
  assertCanViewSession(actor, session);
  if (!isMinutesFileKind(kind)) {
    throw new NotFoundError({ field: 'kind', messages: { vi: 'Không có loại biên bản này (html, docx hoặc pdf)', en: 'No such minutes kind (html, docx or pdf)' } });
  }
  if (session.state !== 'closed') {
    throw new ConflictError({
      code: 'MINUTES_NOT_READY',
      messages: { vi: 'Phiên họp chưa kết thúc kiểm phiếu nên chưa có biên bản', en: 'The session has not been tallied yet, so it has no minutes' },
    });
  }
  const { file } = minutesFileKinds[kind];
  const url = await presignReport(minutesFileKey(session.id, kind), file);
  return json(200, { url, fileName: file, expiresInSeconds: DOWNLOAD_URL_SECONDS });
};

export const handler = apiHandler({ downloadMinutes: routes.downloadMinutes }, { downloadMinutes: download });
