import { commitRegulation, listRegulations, type StoredRegulation } from '#adapters/regulation-repository';
import { localDate } from '#domain/calendar';
import { nextDirectoryEvent, noEvents } from '#domain/directory-audit';
import { defaultRegulation, defaultSources, planRegulation, regulationOn } from '#domain/regulation';
import { actorRef } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/provincial';

/** The chain head stays server-side. */
const view = ({ lastHash: _h, ...r }: StoredRegulation) => r;

const versionsInOrder = async () => (await listRegulations()).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));

/**
 * The province's regulation: everyone signed in reads the text in force and the versions to come (the rules a
 * dossier is judged by are no secret); the administrator issues a version effective from a date, audited.
 */
const getRegulations = async (): Promise<ApiResult> => {
  const today = localDate(new Date());
  const versions = await versionsInOrder();
  const inForce = regulationOn(versions, today);
  return json(200, { today, inForce: view(inForce), versions: versions.map(view), defaults: { regulation: defaultRegulation, sources: defaultSources } });
};

/** PUT /api/regulations/{effectiveFrom} (admin: the descriptor's roles). */
const putRegulation = async ({ actor, path, body: input }: RouteInput<typeof routes.putRegulation>): Promise<ApiResult> => {
  const now = new Date();
  const today = localDate(now);
  const versions = await versionsInOrder();
  const { effectiveFrom } = path;
  const existing = versions.find((v) => v.effectiveFrom === effectiveFrom);
  const regulation = planRegulation(input, effectiveFrom, existing, today, actor, now);
  const { updatedAt: _a, updatedBy: _b, ...after } = regulation;
  const before = existing ? (({ updatedAt: _c, updatedBy: _d, lastHash: _e, ...rest }) => rest)(existing) : undefined;
  const head = existing?.lastHash ? { eventSeq: existing.version, lastHash: existing.lastHash } : noEvents;
  const auditEvent = nextDirectoryEvent(head, { entity: 'regulation', entityId: effectiveFrom, at: now.toISOString(), actor: actorRef(actor), action: existing ? 'edited' : 'created', before, after, reason: input.reason });
  await commitRegulation(regulation, auditEvent);
  return json(existing ? 200 : 201, { regulation });
};

export const handler = apiHandler({ getRegulations: routes.getRegulations, putRegulation: routes.putRegulation }, { getRegulations, putRegulation });
