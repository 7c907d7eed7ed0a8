import { listAwards } from '#adapters/dossier-repository';
import { listRegulations } from '#adapters/regulation-repository';
import { localDate } from '#domain/calendar';
import { regulationOn } from '#domain/regulation';
import { listUnits } from '#adapters/unit-repository';
import { describedCatalogue } from '#domain/catalogue-texts';
import { nameOn } from '#domain/units';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/public';

/** Public, unauthenticated reads. The catalogue: the forms as the province's regulation in force today sets them: what a unit must file, and how it is judged. */
const catalogue = async (): Promise<ApiResult> => {
  const regulation = regulationOn(await listRegulations(), localDate(new Date()));
  const catalogue = describedCatalogue();
  return json(200, {
    ...catalogue,
    regulation: { effectiveFrom: regulation.effectiveFrom, legalBasis: regulation.legalBasis, ...(regulation.provinceRegulation ? { provinceRegulation: regulation.provinceRegulation } : {}) },
    awardForms: catalogue.awardForms.map((f) => {
      const rule = regulation.forms[f.code as keyof typeof regulation.forms];
      return { ...f, requiredDocuments: rule.requiredDocuments, deadlines: { ...f.deadlines, ...rule.deadlines }, council: { ...f.council, vote: rule.councilVote, threshold: rule.threshold, denominator: rule.base, quorum: regulation.awardSessionQuorum } };
    }),
  });
};

/** The awards decided in a year (publication, docs/domain.md §4). */
const publishedAwards = async ({ query }: RouteInput<typeof routes.publishedAwards>): Promise<ApiResult> => {
  const { year } = query;
  const [register, units] = await Promise.all([listAwards(year), listUnits()]);
  // A revoked award stays in the register, marked; it is no longer published.
  const awards = register.filter((a) => !a.revoked);
  // Each award names its unit as the unit was called on the decision's date.
  const byId = new Map(units.map((u) => [u.unitId, u]));
  const named = awards.map((a) => {
    const unit = byId.get(a.unitId);
    return unit ? { ...a, unitName: nameOn(unit, a.decisionDate.slice(0, 10)).name } : a;
  });
  return json(200, { year, awards: named });
};

export const handler = apiHandler({ catalogue: routes.catalogue, publishedAwards: routes.publishedAwards }, { catalogue, publishedAwards });
