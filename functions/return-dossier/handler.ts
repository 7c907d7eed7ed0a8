import { getDossierBundle } from '#adapters/dossier-repository';
import { returnForMissedSupplement } from '#adapters/supplement-return';
import { formatDateVi } from '#domain/calendar';
import { ConflictError } from '#domain/errors';
import { actorRef, assertCanReturnDossier } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

/**
 * POST /api/dossiers/{dossierId}/return: the secretariat returns a dossier whose supplement deadline passed.
 * Where the province's regulation returns such dossiers by itself (the default) the daily sweep does this;
 * where it does not, the sweep escalates and the secretariat decides here (or accepts the late supplement).
 * Only once the deadline has passed: before it, the unit still has its time.
 */
const returnDossier = async (request: RouteInput<typeof routes.returnDossier>): Promise<ApiResult> => {
  const { actor } = request;
  const { dossier, tasks } = await getDossierBundle(request.path.dossierId);
  assertCanReturnDossier(actor, dossier);
  const { reason } = request.body;
  const now = new Date();
  const open = tasks.find((t) => t.step === 'supplement' && t.state === 'PENDING');
  if (dossier.status !== 'SupplementRequested' || !open) {
    throw new ConflictError({ code: 'NOT_AWAITING_SUPPLEMENT', messages: { vi: 'Hồ sơ không ở bước chờ bổ sung', en: 'The dossier is not waiting for a supplement' } });
  }
  if (Date.parse(open.dueAt) > now.getTime()) {
    const due = formatDateVi(open.dueAt);
    throw new ConflictError({
      code: 'SUPPLEMENT_NOT_OVERDUE',
      messages: { vi: `Hạn bổ sung (${due}) chưa qua; đơn vị vẫn còn thời gian`, en: `The supplement deadline (${due}) has not passed; the unit still has time` },
    });
  }
  const after = await returnForMissedSupplement(dossier, open, actorRef(actor), now, reason);
  return json(200, { dossier: after });
};

export const handler = apiHandler({ returnDossier: routes.returnDossier }, { returnDossier });
