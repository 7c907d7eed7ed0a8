import middy from '@middy/core';
import { putHistoryOp } from '#adapters/award-history';
import { commitChange, getDossierBundle, ops } from '#adapters/dossier-repository';
import { emitCounts } from '#adapters/metrics';
import { personKey } from '#domain/award-history';
import { planChange, systemActor } from '#domain/dossier-change';
import { metricNames } from '#domain/metrics';
import { awardedNominees } from '#domain/nominee-outcomes';
import * as z from 'zod/mini';
import { parseInput } from '#schemas/validation';

const RecordDecisionInput = z.object({ dossierId: z.string(), decisionNumber: z.string(), decisionDate: z.string() });

/**
 * After the chair approves: one register row (sổ theo dõi khen thưởng) per awarded nominee — not those refused
 * at appraisal, by the council or by the chair — which also feeds the public list of awards. Idempotent: a retried call finds the decision already recorded.
 */
const recordDecision = async (payload: unknown) => {
  const input = parseInput(RecordDecisionInput, payload);
  const { dossier, events } = await getDossierBundle(input.dossierId);
  if (events.some((e) => e.action === 'decisionRecorded')) return { recorded: false };
  const awards = awardedNominees(dossier).map(({ nominee: n, nomineeIndex }) => ({
    year: dossier.year,
    dossierId: dossier.id,
    awardCode: dossier.awardCode,
    nomineeIndex,
    nomineeName: n.name,
    recipientType: n.recipientType,
    unitId: dossier.unitId,
    decisionNumber: input.decisionNumber,
    decisionDate: input.decisionDate,
  }));
  const now = new Date();
  const change = planChange(
    dossier,
    { action: 'decisionRecorded', actor: systemActor, details: { decisionNumber: input.decisionNumber, awards: awards.length } },
    now,
  );
  // Each awarded person with a year of birth also enters their award history (eligibility for higher forms later).
  const history = awardedNominees(dossier).flatMap(({ nominee: n, nomineeIndex }) =>
    n.birthYear === undefined ? [] : [putHistoryOp({
      personKey: personKey({ unitId: dossier.unitId, name: n.name, birthYear: n.birthYear }),
      entryId: `${dossier.id}-${nomineeIndex}`,
      unitId: dossier.unitId, name: n.name, birthYear: n.birthYear, awardCode: dossier.awardCode, year: dossier.year,
      decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, issuingBody: 'Chủ tịch Ủy ban nhân dân tỉnh',
      source: 'system', dossierId: dossier.id, recordedAt: now.toISOString(), recordedBy: systemActor,
    })],
  );
  await commitChange(change, [...awards.map(ops.putAward), ...history]);
  await emitCounts({ [metricNames.dossiersAwarded]: 1 });
  return { recorded: true, awards: awards.length };
};

export const handler = middy().handler(recordDecision);
