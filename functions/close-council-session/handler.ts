import { randomUUID } from 'node:crypto';
import {
  beginClose,
  type CouncilSession,
  closeSession,
  getSession,
  listBallotChoices,
  listParticipations,
  purgeBallots,
  releaseClose,
  takeOverClose,
} from '#adapters/council-repository';
import { commitChange, getDossier, getTask, ops } from '#adapters/dossier-repository';
import { putReport } from '#adapters/reports';
import { listUnits } from '#adapters/unit-repository';
import { nameOn } from '#domain/units';
import { minutesFileKey } from '#domain/decision-files';
import { deliverHandoff, hasUndeliveredHandoff } from '#adapters/handoff';
import { findAwardForm } from '#domain/catalogue';
import { awardNames } from '#domain/catalogue-texts';
import { councilRuleOf, regulationOn } from '#domain/regulation';
import { listRegulations } from '#adapters/regulation-repository';
import { renderMinutesFiles } from '#adapters/document-renderer';
import { withCouncilOutcomes } from '#domain/nominee-outcomes';
import { presentMembers, writtenOpinions } from '#domain/council';
import { assertQuorum, closeInProgressError, closeStep, tallySession } from '#domain/council';
import { planChange } from '#domain/dossier-change';
import { type MinutesInput, renderMinutes } from '#domain/minutes';
import { actorRef } from '#domain/roles';
import type { DossierRecord } from '#schemas/records';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/council';

/**
 * Close and tally, in two steps (see closeStep): open → closing stops the voting, refused without quorum (the
 * session then stays open); then the ballots, now a closed set, are tallied by each award form's threshold and
 * denominator less recused members, the minutes go to the reports bucket, the session becomes closed, its
 * ballots are deleted and each dossier's AwaitCouncil task is completed. A second close while one runs gets 409;
 * a close after a failed one finishes it with the same minutes; a close of a closed session repeats its answer.
 */
const close = async ({ actor, path, context }: RouteInput<typeof routes.closeSession>): Promise<ApiResult> => {
  let session = await getSession(path.sessionId);
  const dossiers = await Promise.all(session.dossierIds.map(getDossier));
  const lease = randomUUID();
  // No request outlives its function's timeout, so its lease cannot end while it still runs.
  const leaseUntil = Date.now() + context.getRemainingTimeInMillis() + 1000;
  const step = closeStep(session, Date.now());
  if (step === 'busy') throw closeInProgressError();
  if (step === 'begin') {
    // Participations only grow while the session is open, so a quorum seen here still holds once voting stops.
    assertQuorum(session, await listParticipations(session.id), councilRuleOf, dossiers);
    const closing = { at: new Date().toISOString(), by: actor.userId, byName: actor.name ?? actor.userId, lease, leaseUntil };
    if (!(await beginClose(session.id, closing))) throw closeInProgressError();
  } else if (step === 'resume' && !(await takeOverClose(session.id, session.closing?.lease ?? '', lease, leaseUntil))) {
    throw closeInProgressError();
  }
  if (step !== 'done') {
    session = await getSession(session.id);
    await finishClose(session, dossiers).catch(async (error: unknown) => {
      await releaseClose(session.id, lease).catch(() => undefined);
      throw error;
    });
    session = await getSession(session.id);
  }
  await purgeBallots(session.id, session.dossierIds);
  const results = session.results ?? [];
  for (const result of results) {
    const task = await getTask(result.dossierId, 'council');
    const dossier = dossiers.find((d) => d.id === result.dossierId);
    // Closing again delivers a result whose hand-off failed the first time.
    if (task && hasUndeliveredHandoff(task)) await deliverHandoff(task);
    if (task?.state !== 'PENDING' || !dossier) continue;
    const now = new Date();
    const change = planChange(
      dossier,
      {
        event: result.passed ? 'passCouncil' : 'failCouncil',
        actor: actorRef(actor),
        details: { sessionId: session.id, ...result.counts, flagged: result.flagged, nominees: result.nominees },
        set: { nominees: withCouncilOutcomes(dossier.nominees, result) },
      },
      now,
    );
    // The result is kept with the task (an outbox): if the send fails, closing again or the sweep delivers it.
    const handoff = { output: JSON.stringify({ outcome: result.passed ? 'passed' : 'failed' }) };
    await commitChange(change, [ops.closeTask(task, 'DONE', actor.userId, now.toISOString(), handoff)]);
    await deliverHandoff({ ...task, handoff });
  }
  return json(200, { sessionId: session.id, results, minutesKey: session.minutesKey });
};

/** Tallies a closing session and closes it; everything written depends only on the closed set and the close's start. */
async function finishClose(session: CouncilSession, dossiers: DossierRecord[]): Promise<void> {
  const closing = session.closing;
  if (session.state !== 'closing' || !closing) return;
  const participations = await listParticipations(session.id);
  const choices = Object.fromEntries(await Promise.all(session.dossierIds.map(async (d) => [d, await listBallotChoices(session.id, d)] as const)));
  const results = tallySession(session, participations, choices, councilRuleOf, dossiers);
  const units = new Map((await listUnits()).map((u) => [u.unitId, u]));
  const minutes: MinutesInput = {
    session,
    presentMemberIds: [...presentMembers(session, participations)],
    writtenCount: writtenOpinions(session, participations).size,
    // Each dossier with its unit as the unit was called on the session's date.
    dossiers: dossiers.map((d) => {
      const unit = units.get(d.unitId);
      return { id: d.id, title: unit ? `${d.title} — ${nameOn(unit, session.date).name}` : d.title, awardName: awardNames[findAwardForm(d.awardCode).code].vi };
    }),
    results,
    closedAt: closing.at,
    closedBy: closing.byName,
    // The laws cited are those of the regulation in force on the session's date.
    basis: regulationOn(await listRegulations(), session.date.slice(0, 10)),
  };
  const minutesKey = await putReport(minutesFileKey(session.id, 'html'), renderMinutes(minutes), 'text/html; charset=utf-8');
  // The DOCX the secretary edits and signs, and the PDF, from the same facts (same bytes when a close is retried).
  await renderMinutesFiles(session.id, minutes);
  await closeSession(session.id, closing, results, minutesKey);
}

export const handler = apiHandler({ closeSession: routes.closeSession }, { closeSession: close });
