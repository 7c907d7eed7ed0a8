import middy from '@middy/core';
import { getDossierBundle } from '#adapters/dossier-repository';
import { firstBrokenLink } from '#domain/audit';
import { ForbiddenError } from '#domain/errors';
import { hasRole } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';

/** Recomputes a dossier's audit hash chain from the stored events and reports the first broken link. */
const verifyAudit = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  if (!hasRole(actor, 'secretariatHead', 'admin')) {
    throw new ForbiddenError({ messages: { vi: 'Chỉ Trưởng ban hoặc quản trị viên được kiểm tra nhật ký', en: 'Only the head of the secretariat or an admin may verify the audit trail' } });
  }
  const { dossier, events } = await getDossierBundle(pathParam(event, 'dossierId'));
  const broken = firstBrokenLink(events);
  const headMatches = events.at(-1)?.hash === dossier.lastHash;
  return json(200, { dossierId: dossier.id, events: events.length, intact: broken === null && headMatches, firstBrokenSeq: broken ?? (headMatches ? null : dossier.eventSeq) });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(verifyAudit);
