import { getSession, listSessionEvents } from '#adapters/council-repository';
import { getDossierBundle } from '#adapters/dossier-repository';
import { type ChainLink, firstBrokenLink } from '#domain/audit';
import { apiHandler, type ApiResult, json } from '#http/api';
import { verifySessionAudit } from '#schemas/routes/council';
import { verifyDossierAudit } from '#schemas/routes/dossiers';

/** What a chain's check reads: its links as stored and the head its record keeps. */
interface Chain {
  readonly id: string;
  readonly events: readonly ChainLink[];
  readonly lastHash: string;
  readonly eventSeq: number;
}

/** The first broken link (a changed, removed or inserted event), or a head that no longer matches. */
function verdict({ id, events, lastHash, eventSeq }: Chain): ApiResult {
  const broken = firstBrokenLink(events);
  const headMatches = events.at(-1)?.hash === lastHash && events.length === eventSeq;
  return json(200, { id, events: events.length, intact: broken === null && headMatches, firstBrokenSeq: broken ?? (headMatches ? null : eventSeq) });
}

/**
 * Recomputes the hash chain of a dossier's or a council session's events from what is stored (the secretariat
 * head and admin: the descriptors' roles, checked before the record is read).
 */
export const handler = apiHandler(
  { verifyDossierAudit, verifySessionAudit },
  {
    verifyDossierAudit: async ({ path }) => {
      const { dossier, events } = await getDossierBundle(path.dossierId);
      return verdict({ id: dossier.id, events, lastHash: dossier.lastHash, eventSeq: dossier.eventSeq });
    },
    verifySessionAudit: async ({ path }) => {
      const session = await getSession(path.sessionId);
      return verdict({ id: session.id, events: await listSessionEvents(session.id), lastHash: session.lastHash, eventSeq: session.eventSeq });
    },
  },
);
