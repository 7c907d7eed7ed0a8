import middy from '@middy/core';
import { awardedNominees } from '#domain/nominee-outcomes';
import { certificateListXlsx, decisionDocx, decisionPdf, minutesDocx, minutesPdf, proposalDocx, proposalPdf } from '#adapters/decision-documents';
import { deciderNames } from '#domain/catalogue-texts';
import { inPlay } from '#domain/nominee-outcomes';
import { councilRuleOf } from '#domain/regulation';
import { provinceFromEnv } from '#adapters/province';
import { putDecisionFile } from '#adapters/decision-files';
import { getDossier } from '#adapters/dossier-repository';
import { putReport } from '#adapters/reports';
import { getUnit } from '#adapters/unit-repository';
import { findAwardForm } from '#domain/catalogue';
import { minutesFileKey } from '#domain/decision-files';
import type { AwardCode } from '#domain/catalogue';
import type { DecisionInput, FormalMinutesInput } from '#domain/formal-documents';
import { nameOn } from '#domain/units';
import { regulationOn } from '#domain/regulation';
import { listRegulations } from '#adapters/regulation-repository';
import * as z from 'zod/mini';
import { parseInput } from '#schemas/validation';

const DecisionRequest = z.object({ kind: z.literal('decision'), dossierId: z.string(), decisionNumber: z.string(), decisionDate: z.string() });
const MinutesRequest = z.object({
  kind: z.literal('minutes'),
  sessionId: z.string(),
  minutes: z.custom<Omit<FormalMinutesInput, 'province'>>((v) => typeof v === 'object' && v !== null),
});
const ProposalRequest = z.object({ kind: z.literal('proposal'), dossierId: z.string(), proposalNumber: z.string(), proposalDate: z.string() });
const RenderRequest = z.discriminatedUnion('kind', [DecisionRequest, MinutesRequest, ProposalRequest]);

/**
 * Writes the formal documents (the renderers, a font and the DOCX library live in this function only):
 * - after the chair's approval (a workflow state after RecordDecision): the draft decision (DOCX), the decision
 *   (PDF) and the certificate list (XLSX) under decisions/<dossierId>/ in the documents bucket;
 * - for a closed council session (invoked by the close): the tally minutes as DOCX and PDF beside the HTML ones.
 * The same input gives the same bytes at the same keys, so a retried state or call leaves the same files.
 */
const render = async (payload: unknown) => {
  const request = parseInput(RenderRequest, payload);
  const province = provinceFromEnv();
  if (request.kind === 'minutes') {
    const input = { ...request.minutes, province };
    const keys = [
      await putReport(minutesFileKey(request.sessionId, 'docx'), await minutesDocx(input), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
      await putReport(minutesFileKey(request.sessionId, 'pdf'), await minutesPdf(input), 'application/pdf'),
    ];
    return { keys };
  }
  const dossier = await getDossier(request.dossierId);
  const unit = await getUnit(dossier.unitId);
  if (request.kind === 'proposal') {
    // The proposal to the central level (tờ trình): the nominees the chair forwards, those still in play.
    const form = findAwardForm(dossier.awardCode);
    const unitName = unit ? nameOn(unit, request.proposalDate).name : dossier.unitId;
    const proposal = {
      province,
      basis: regulationOn(await listRegulations(), request.proposalDate.slice(0, 10)),
      proposalNumber: request.proposalNumber,
      proposalDate: request.proposalDate,
      awardCode: form.code as AwardCode,
      decider: deciderNames[form.decidedBy].vi,
      councilVoted: councilRuleOf(dossier).vote !== 'none',
      nominees: inPlay(dossier.nominees).map((i) => dossier.nominees[i]!).map((n) => ({ name: n.name, position: n.position, unitName, recipientType: n.recipientType })),
    };
    return {
      keys: [
        await putDecisionFile(dossier.id, 'proposal-docx', await proposalDocx(proposal)),
        await putDecisionFile(dossier.id, 'proposal-pdf', await proposalPdf(proposal)),
      ],
    };
  }
  // The unit as it was named on the day of the decision (a later rename does not change a signed decision).
  const unitName = unit ? nameOn(unit, request.decisionDate).name : dossier.unitId;
  const input: DecisionInput = {
    province,
    // A decision cites the law in force on its date, as the province's regulation records it.
    basis: regulationOn(await listRegulations(), request.decisionDate.slice(0, 10)),
    decisionNumber: request.decisionNumber,
    decisionDate: request.decisionDate,
    awardCode: findAwardForm(dossier.awardCode).code as AwardCode,
    // Every nominee of the approved dossier today; an explicit list, so that per-nominee outcomes can filter it.
    // The annex lists the awarded nominees only: not those refused at appraisal, by the council or by the chair.
    awardees: awardedNominees(dossier).map(({ nominee: n }) => ({ name: n.name, position: n.position, unitName, recipientType: n.recipientType })),
  };
  const keys = [
    await putDecisionFile(dossier.id, 'docx', await decisionDocx(input)),
    await putDecisionFile(dossier.id, 'pdf', await decisionPdf(input)),
    await putDecisionFile(dossier.id, 'xlsx', await certificateListXlsx(input)),
  ];
  return { keys };
};

export const handler = middy().handler(render);
