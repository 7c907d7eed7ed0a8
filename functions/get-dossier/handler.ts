import { overallOf } from '#domain/nominee-outcomes';
import { getDossierBundle, withoutToken } from '#adapters/dossier-repository';
import { getUnit } from '#adapters/unit-repository';
import { localDate } from '#domain/calendar';
import { assertCanViewDossier } from '#domain/roles';
import { nameOn } from '#domain/units';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';

/**
 * A dossier with its documents, open and closed tasks (never their tokens) and the audit trail, and its unit's
 * name as it was when the dossier was filed (a later rename does not rewrite old dossiers).
 */
const getDossier = async ({ actor, path }: RouteInput<typeof routes.getDossier>): Promise<ApiResult> => {
  const bundle = await getDossierBundle(path.dossierId);
  assertCanViewDossier(actor, bundle.dossier);
  const unit = await getUnit(bundle.dossier.unitId);
  const named = unit ? nameOn(unit, localDate(new Date(bundle.dossier.submittedAt ?? bundle.dossier.createdAt))) : undefined;
  const overall = overallOf(bundle.dossier);
  return json(200, { ...bundle, tasks: bundle.tasks.map(withoutToken), ...(overall ? { overall } : {}), ...(named ? { unitName: named.name, unitShortName: named.shortName } : {}) });
};

export const handler = apiHandler({ getDossier: routes.getDossier }, { getDossier });
