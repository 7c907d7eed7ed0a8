import middy from '@middy/core';
import { closeSession, getSession, listBallotChoices, listParticipations } from '#adapters/council-repository';
import { commitChange, getDossier, getTask, ops } from '#adapters/dossier-repository';
import { completeWaitingStep } from '#adapters/workflow';
import { findAwardForm } from '#domain/catalogue';
import { tallySession } from '#domain/council';
import { planChange } from '#domain/dossier-change';
import { actorRef, assertCanManageSession } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';

/**
 * Close and tally: refused without quorum; each dossier's result applies its award form's threshold, then its
 * AwaitCouncil task is completed. Closing again reuses the stored results and completes nothing twice.
 */
const close = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  assertCanManageSession(actor);
  const session = await getSession(pathParam(event, 'sessionId'));
  const participations = await listParticipations(session.id);
  const choices = Object.fromEntries(await Promise.all(session.dossierIds.map(async (d) => [d, await listBallotChoices(session.id, d)] as const)));
  const dossiers = await Promise.all(session.dossierIds.map(getDossier));
  const results = session.state === 'closed' && session.results
    ? (session.results as unknown as ReturnType<typeof tallySession>)
    : tallySession(session, participations, choices, (code) => findAwardForm(code), dossiers);
  if (session.state === 'open') await closeSession(session.id, results as unknown as Record<string, unknown>[], new Date().toISOString());
  for (const result of results) {
    const task = await getTask(result.dossierId, 'council');
    const dossier = dossiers.find((d) => d.id === result.dossierId);
    if (task?.state !== 'PENDING' || !dossier) continue;
    const now = new Date();
    const change = planChange(dossier, { event: result.passed ? 'passCouncil' : 'failCouncil', actor: actorRef(actor), details: { sessionId: session.id, ...result.counts } }, now);
    await commitChange(change, [ops.closeTask(task, 'DONE', actor.userId, now.toISOString())]);
    await completeWaitingStep(task.token, { outcome: result.passed ? 'passed' : 'failed' });
  }
  return json(200, { sessionId: session.id, results });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(close);
