import middy from '@middy/core';
import { getDossierBundle, listAllDossiersByStatus } from '#adapters/dossier-repository';
import { type ChainLink, firstBrokenLink } from '#domain/audit';
import { ForbiddenError } from '#domain/errors';
import { dossierStatuses, terminalStatuses } from '#domain/lifecycle';
import { hasRole } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import * as z from 'zod/mini';
import { parseInput } from '#schemas/validation';

const IntegrityQuery = z.object({ settleSeconds: z._default(z.pipe(z.string().check(z.regex(/^\d{1,6}$/)), z.transform(Number)), 300) });

/**
 * Walks every dossier: its audit chain must verify, and a dossier in the workflow (neither a draft nor ended)
 * must have an open task — unless it changed within `settleSeconds` (a step may be running). Lists what fails;
 * a dossier whose workflow ended in the failure path (alert sent) stays listed until someone acts on it.
 */
const checkIntegrity = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  if (!hasRole(actor, 'secretariatHead', 'admin')) {
    throw new ForbiddenError({ messages: { vi: 'Chỉ Trưởng ban hoặc quản trị viên được kiểm tra toàn vẹn dữ liệu', en: 'Only the head of the secretariat or an admin may check integrity' } });
  }
  const { settleSeconds } = parseInput(IntegrityQuery, event.queryStringParameters ?? {});
  const settledBefore = Date.now() - settleSeconds * 1000;
  const dossiers = (await Promise.all(dossierStatuses.map(listAllDossiersByStatus))).flat();
  const brokenChains: { dossierId: string; firstBrokenSeq: number }[] = [];
  const stuck: { dossierId: string; status: string; updatedAt: string; workflowFailed: boolean }[] = [];
  for (const d of dossiers) {
    const { dossier, events, tasks } = await getDossierBundle(d.id);
    const broken = firstBrokenLink(events as unknown as ChainLink[]);
    const headMatches = events.at(-1)?.hash === dossier.lastHash && events.length === dossier.eventSeq;
    if (broken !== null || !headMatches) brokenChains.push({ dossierId: dossier.id, firstBrokenSeq: broken ?? dossier.eventSeq });
    const inWorkflow = dossier.status !== 'Draft' && !(terminalStatuses as readonly string[]).includes(dossier.status);
    if (inWorkflow && !tasks.some((t) => t.state === 'PENDING') && Date.parse(dossier.updatedAt) < settledBefore) {
      // workflowFailed: its execution ended in the failure path and alerted (ReportFailure recorded it).
      stuck.push({ dossierId: dossier.id, status: dossier.status, updatedAt: dossier.updatedAt, workflowFailed: events.at(-1)?.action === 'workflowFailed' });
    }
  }
  return json(200, { checked: dossiers.length, intact: brokenChains.length === 0 && stuck.length === 0, brokenChains, stuck });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(checkIntegrity);
