import { putHistoryOp } from '#adapters/award-history';
import { commitChange, getDossier, listAllDossiersByStatus, ops } from '#adapters/dossier-repository';
import { listRegulations } from '#adapters/regulation-repository';
import { personKey } from '#domain/award-history';
import { localDate } from '#domain/calendar';
import { planChange } from '#domain/dossier-change';
import { ConflictError } from '#domain/errors';
import { centralConclusion, inPlay, withCentralAnswer } from '#domain/nominee-outcomes';
import { centralAnswerOverdueMonths, regulationOn } from '#domain/regulation';
import { actorRef, assertCanRecordCentralOutcome, assertCanViewDossier } from '#domain/roles';
import { centralAnswerDue } from '#domain/upward';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/provincial';

/**
 * GET /api/upward-proposals: the proposals forwarded upward still waiting for (part of) the central answer, the
 * oldest first, each with the day it falls overdue under the regulation in force.
 * POST /api/dossiers/{dossierId}/central-outcomes: the central answer for one nominee, a hash-chained change of
 * the dossier; an award also enters the register and the person's history; the last answer closes the dossier.
 */
const upwardProposals = async (): Promise<ApiResult> => {
  const today = localDate(new Date());
  const months = centralAnswerOverdueMonths(regulationOn(await listRegulations(), today));
  const proposals = (await listAllDossiersByStatus('ForwardedUpward'))
    .map((d) => ({
      id: d.id, title: d.title, unitId: d.unitId, year: d.year, awardCode: d.awardCode, proposal: d.proposal,
      nominees: d.nominees.map((n, nomineeIndex) => ({ nomineeIndex, name: n.name, recipientType: n.recipientType, outcome: n.outcome, outcomeStage: n.outcomeStage, awaiting: !n.outcome })),
      ...(d.proposal ? centralAnswerDue(d.proposal.date, today, months) : { overdue: false, periods: 0 }),
    }))
    .sort((a, b) => (a.proposal?.date ?? '').localeCompare(b.proposal?.date ?? ''));
  return json(200, { today, overdueAfterMonths: months, proposals });
};

const recordCentralOutcome = async ({ actor, body: input, path }: RouteInput<typeof routes.recordCentralOutcome>): Promise<ApiResult> => {
  const now = new Date();
  // The answer sent is checked before the dossier is read.
  const dossier = await getDossier(path.dossierId);
  assertCanViewDossier(actor, dossier);
  assertCanRecordCentralOutcome(actor);
  if (dossier.status !== 'ForwardedUpward') {
    throw new ConflictError({ code: 'NOT_FORWARDED', field: 'status', messages: { vi: 'Hồ sơ không ở trạng thái đã trình cấp trên, chờ kết quả', en: 'The dossier is not forwarded upward awaiting an answer' } });
  }
  const recordedBy = actorRef(actor);
  const decision = { number: input.decisionNumber, date: input.decisionDate, issuingBody: input.issuingBody, recordedAt: now.toISOString(), recordedBy: actor.userId };
  const nominees = withCentralAnswer(dossier.nominees, { nomineeIndex: input.nomineeIndex, awarded: input.awarded, reason: input.reason, decision });
  const nominee = nominees[input.nomineeIndex]!;
  const conclusion = centralConclusion(nominees);
  const change = planChange(dossier, {
    ...(conclusion ? { event: conclusion } : {}),
    action: 'centralOutcomeRecorded',
    actor: recordedBy,
    details: { nomineeIndex: input.nomineeIndex, name: nominee.name, awarded: input.awarded, decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, issuingBody: input.issuingBody, ...(input.reason ? { reason: input.reason } : {}), ...(conclusion ? { concluded: conclusion } : {}) },
    set: { nominees },
  }, now);
  const award = { year: dossier.year, dossierId: dossier.id, awardCode: dossier.awardCode, nomineeIndex: input.nomineeIndex, nomineeName: nominee.name, recipientType: nominee.recipientType, unitId: dossier.unitId, decisionNumber: input.decisionNumber, decisionDate: input.decisionDate };
  const extra = !input.awarded ? [] : [
    ops.putAward(award),
    ...(nominee.birthYear === undefined ? [] : [putHistoryOp({
      personKey: personKey({ unitId: dossier.unitId, name: nominee.name, birthYear: nominee.birthYear }), entryId: `${dossier.id}-${input.nomineeIndex}`,
      unitId: dossier.unitId, name: nominee.name, birthYear: nominee.birthYear, awardCode: dossier.awardCode, year: dossier.year,
      decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, issuingBody: input.issuingBody, source: 'system', dossierId: dossier.id, recordedAt: decision.recordedAt, recordedBy,
    })]),
  ];
  await commitChange(change, extra);
  return json(200, { dossier: change.after, awaiting: inPlay(nominees).length });
};

export const handler = apiHandler({ upwardProposals: routes.upwardProposals, recordCentralOutcome: routes.recordCentralOutcome }, { upwardProposals, recordCentralOutcome });
