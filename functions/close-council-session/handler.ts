import middy from '@middy/core';
import { closeSession, getSession, listBallotChoices, listParticipations } from '#adapters/council-repository';
import { commitChange, getDossier, getTask, ops } from '#adapters/dossier-repository';
import { putReport } from '#adapters/reports';
import { deliverHandoff, hasUndeliveredHandoff } from '#adapters/handoff';
import { findAwardForm } from '#domain/catalogue';
import { awardNames } from '#domain/catalogue-texts';
import { type DossierTally, tallySession } from '#domain/council';
import { planChange } from '#domain/dossier-change';
import { renderMinutes } from '#domain/minutes';
import { actorRef, assertCanManageSession } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json, pathParam } from '#http/api';

/**
 * Close and tally: refused without quorum (the session stays open); each dossier's result applies its award
 * form's threshold and denominator, less recused members; the minutes go to the reports bucket; then each
 * dossier's AwaitCouncil task is completed. Closing again reuses the stored results and completes nothing twice.
 */
const close = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  assertCanManageSession(actor);
  const session = await getSession(pathParam(event, 'sessionId'));
  const dossiers = await Promise.all(session.dossierIds.map(getDossier));
  let results: DossierTally[];
  let minutesKey = session.minutesKey;
  if (session.state === 'closed' && session.results) {
    results = session.results as unknown as DossierTally[];
  } else {
    const participations = await listParticipations(session.id);
    const choices = Object.fromEntries(await Promise.all(session.dossierIds.map(async (d) => [d, await listBallotChoices(session.id, d)] as const)));
    results = tallySession(session, participations, choices, (code) => findAwardForm(code), dossiers);
    const closedAt = new Date().toISOString();
    const minutes = renderMinutes({
      session,
      presentMemberIds: [...new Set(participations.map((p) => p.memberId))],
      dossiers: dossiers.map((d) => ({ id: d.id, title: d.title, awardName: awardNames[findAwardForm(d.awardCode).code].vi })),
      results,
      closedAt,
      closedBy: actor.name ?? actor.userId,
    });
    minutesKey = await putReport(`minutes/${session.id}.html`, minutes, 'text/html; charset=utf-8');
    await closeSession(session.id, actor.userId, results as unknown as Record<string, unknown>[], closedAt, minutesKey);
  }
  for (const result of results) {
    const task = await getTask(result.dossierId, 'council');
    const dossier = dossiers.find((d) => d.id === result.dossierId);
    // Closing again delivers a result whose hand-off failed the first time.
    if (task && hasUndeliveredHandoff(task)) await deliverHandoff(task);
    if (task?.state !== 'PENDING' || !dossier) continue;
    const now = new Date();
    const change = planChange(
      dossier,
      { event: result.passed ? 'passCouncil' : 'failCouncil', actor: actorRef(actor), details: { sessionId: session.id, ...result.counts, flagged: result.flagged } },
      now,
    );
    // The result is kept with the task (an outbox): if the send fails, closing again or the sweep delivers it.
    const handoff = { output: JSON.stringify({ outcome: result.passed ? 'passed' : 'failed' }) };
    await commitChange(change, [ops.closeTask(task, 'DONE', actor.userId, now.toISOString(), handoff)]);
    await deliverHandoff({ ...task, handoff });
  }
  return json(200, { sessionId: session.id, results, minutesKey });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(close);
