import middy from '@middy/core';
import { getSession, listSessionEvents } from '#adapters/council-repository';
import { getDossierBundle } from '#adapters/dossier-repository';
import { type ChainLink, firstBrokenLink } from '#domain/audit';
import { ForbiddenError } from '#domain/errors';
import { hasRole } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';

/**
 * Recomputes the hash chain of a dossier's or a council session's events from what is stored and reports
 * the first broken link (a changed, removed or inserted event), or a head that no longer matches.
 */
const verifyAudit = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  if (!hasRole(actor, 'secretariatHead', 'admin')) {
    throw new ForbiddenError({ messages: { vi: 'Chỉ Trưởng ban hoặc quản trị viên được kiểm tra nhật ký', en: 'Only the head of the secretariat or an admin may verify the audit trail' } });
  }
  const sessionId = event.pathParameters?.sessionId;
  const { id, events, lastHash, eventSeq } = sessionId
    ? await getSession(sessionId).then(async (s) => ({ id: s.id, events: (await listSessionEvents(s.id)) as unknown as ChainLink[], lastHash: s.lastHash, eventSeq: s.eventSeq }))
    : await getDossierBundle(event.pathParameters?.dossierId ?? '').then(({ dossier, events: e }) => ({ id: dossier.id, events: e as unknown as ChainLink[], lastHash: dossier.lastHash, eventSeq: dossier.eventSeq }));
  const broken = firstBrokenLink(events);
  const headMatches = events.at(-1)?.hash === lastHash && events.length === eventSeq;
  return json(200, { id, events: events.length, intact: broken === null && headMatches, firstBrokenSeq: broken ?? (headMatches ? null : eventSeq) });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(verifyAudit);
