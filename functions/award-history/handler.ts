import { randomUUID } from 'node:crypto';
import { commitHistoryEntry, historyHead, listHistory } from '#adapters/award-history';
import { personKey } from '#domain/award-history';
import { nextDirectoryEvent } from '#domain/directory-audit';
import { actorRef, assertCanReadHistory, assertCanRecordHistory } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/provincial';
import type { AwardHistoryRecord } from '#schemas/records';

/**
 * GET: a person's earlier awards (by unit, name and year of birth: award-history.ts's key), oldest first.
 * POST: record one that predates the system (form, year, decision number and date), audited on the person's chain.
 */
const readHistory = async ({ actor, query: person }: RouteInput<typeof routes.awardHistory>): Promise<ApiResult> => {
  assertCanReadHistory(actor, person.unitId);
  const key = personKey(person);
  const entries = (await listHistory(key)).sort((a, b) => a.year - b.year || a.awardCode.localeCompare(b.awardCode));
  return json(200, { personKey: key, entries });
};

const recordHistory = async ({ actor, body: input }: RouteInput<typeof routes.recordAwardHistory>): Promise<ApiResult> => {
  const unitId = assertCanRecordHistory(actor, input.unitId);
  const now = new Date();
  const key = personKey({ unitId, name: input.name, birthYear: input.birthYear });
  const { unitId: _u, ...fields } = input;
  const entry: AwardHistoryRecord = { ...fields, personKey: key, entryId: randomUUID(), unitId, source: 'entered', recordedAt: now.toISOString(), recordedBy: actorRef(actor) };
  const head = await historyHead(key);
  const { recordedAt: _a, recordedBy: _b, ...after } = entry;
  const auditEvent = nextDirectoryEvent(head, { entity: 'awardHistory', entityId: key, at: entry.recordedAt, actor: entry.recordedBy, action: 'created', after, reason: input.note });
  await commitHistoryEntry(entry, head, auditEvent);
  return json(201, { entry });
};

export const handler = apiHandler({ awardHistory: routes.awardHistory, recordAwardHistory: routes.recordAwardHistory }, { awardHistory: readHistory, recordAwardHistory: recordHistory });
