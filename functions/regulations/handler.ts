import middy from '@middy/core';
import { commitRegulation, listRegulations } from '#adapters/regulation-repository';
import { localDate } from '#domain/calendar';
import { nextDirectoryEvent, noEvents } from '#domain/directory-audit';
import { defaultRegulation, defaultSources, planRegulation, regulationOn } from '#domain/regulation';
import { actorRef, assertCanSetRegulation } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { RegulationInput, RegulationPathParams } from '#schemas/input/regulation';
import { parseInput } from '#schemas/validation';

const view = ({ lastHash: _h, ...r }: { lastHash?: string } & Record<string, unknown>) => r;

/**
 * The province's regulation: everyone signed in reads the text in force and the versions to come (the rules a
 * dossier is judged by are no secret); the administrator issues a version effective from a date, audited.
 */
const regulations = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const now = new Date();
  const today = localDate(now);
  const versions = (await listRegulations()).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  if (event.routeKey === 'GET /api/regulations') {
    const inForce = regulationOn(versions, today);
    return json(200, { today, inForce: view(inForce as never), versions: versions.map((v) => view(v as never)), defaults: { regulation: defaultRegulation, sources: defaultSources } });
  }
  // PUT /api/regulations/{effectiveFrom}
  assertCanSetRegulation(actor);
  const { effectiveFrom } = parseInput(RegulationPathParams, event.pathParameters ?? {});
  const input = parseInput(RegulationInput, event.body);
  const existing = versions.find((v) => v.effectiveFrom === effectiveFrom);
  const regulation = planRegulation(input, effectiveFrom, existing, today, actor, now);
  const { updatedAt: _a, updatedBy: _b, ...after } = regulation;
  const before = existing ? (({ updatedAt: _c, updatedBy: _d, lastHash: _e, ...rest }) => rest)(existing) : undefined;
  const head = existing?.lastHash ? { eventSeq: existing.version, lastHash: existing.lastHash } : noEvents;
  const auditEvent = nextDirectoryEvent(head, { entity: 'regulation', entityId: effectiveFrom, at: now.toISOString(), actor: actorRef(actor), action: existing ? 'edited' : 'created', before, after, reason: input.reason });
  await commitRegulation(regulation, auditEvent);
  return json(existing ? 200 : 201, { regulation });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(regulations);
