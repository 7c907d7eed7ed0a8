import { listHistory } from '#adapters/award-history';
import { commitChange, getDossier } from '#adapters/dossier-repository';
import { notEligibleError, personKey, shortfalls } from '#domain/award-history';
import { awardNames } from '#domain/catalogue-texts';
import { getUnit } from '#adapters/unit-repository';
import { startDossierWorkflow } from '#adapters/workflow';
import { emitCounts } from '#adapters/metrics';
import { metricNames } from '#domain/metrics';
import { localDate } from '#domain/calendar';
import { listRegulations } from '#adapters/regulation-repository';
import { type AwardCode, findAwardForm } from '#domain/catalogue';
import { councilRuleOf, regulationOn, rulesForDossier } from '#domain/regulation';
import { planChange } from '#domain/dossier-change';
import { assertCanEditDossier, actorRef } from '#domain/roles';
import { assertUnitCanFile } from '#domain/units';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

/**
 * Draft → Submitted, then start the dossier's execution (named after the dossier, so Step Functions refuses a
 * second one). A repeated submit of a Submitted dossier only re-issues the same idempotent start. A draft of a
 * unit closed since (merger) is not submitted: its successor files anew. The dossier keeps a copy of the
 * province's rules in force that day (regulation.ts).
 */
const submit = async ({ actor, path }: RouteInput<typeof routes.submitDossier>): Promise<ApiResult> => {
  let dossier = await getDossier(path.dossierId);
  assertCanEditDossier(actor, dossier);
  if (dossier.status !== 'Submitted') {
    const now = new Date();
    const today = localDate(now);
    const [unit, regulations] = await Promise.all([getUnit(dossier.unitId), listRegulations()]);
    assertUnitCanFile(unit, dossier.unitId, today);
    await assertNomineesEligible(dossier);
    // The dossier keeps the rules in force today: a later change of the regulation does not change how it is judged.
    const rules = rulesForDossier(regulationOn(regulations, today), dossier.awardCode as AwardCode);
    const change = planChange(dossier, { event: 'submit', actor: actorRef(actor), set: { submittedAt: now.toISOString(), rules } }, now);
    await commitChange(change);
    dossier = change.after;
    await emitCounts({ [metricNames.dossiersSubmitted]: 1 });
  }
  const form = findAwardForm(dossier.awardCode);
  await startDossierWorkflow({ dossierId: dossier.id, awardCode: form.code, needsCouncilVote: councilRuleOf(dossier).vote !== 'none' });
  return json(202, { dossier });
};

/**
 * A form that needs earlier awards (CSTĐ toàn quốc: two consecutive CSTĐ cấp tỉnh) is checked against each
 * nominee's register of earlier awards now, so the unit learns who falls short before the province spends weeks on it.
 */
async function assertNomineesEligible(dossier: { unitId: string; year: number; awardCode: string; nominees: { name: string; birthYear?: number | undefined }[] }): Promise<void> {
  const rules = findAwardForm(dossier.awardCode).eligibility;
  if (rules.length === 0) return;
  const histories = await Promise.all(
    dossier.nominees.map((n) => (n.birthYear === undefined ? Promise.resolve([]) : listHistory(personKey({ unitId: dossier.unitId, name: n.name, birthYear: n.birthYear })))),
  );
  const found = shortfalls(rules, dossier.nominees, (i) => histories[i] ?? [], dossier.year);
  if (found.length) throw notEligibleError(found, (code) => awardNames[code as AwardCode]);
}

export const handler = apiHandler({ submitDossier: routes.submitDossier }, { submitDossier: submit });
