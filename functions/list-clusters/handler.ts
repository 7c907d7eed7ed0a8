import { listClusters } from '#adapters/cluster-repository';
import { listUnits } from '#adapters/unit-repository';
import { unitNamesOn } from '#domain/units';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/provincial';

/** Clusters and blocs of a year with their pledges and rankings, open to every signed-in role. */
const listClustersOfYear = async ({ path }: RouteInput<typeof routes.listClusters>): Promise<ApiResult> => {
  const { year } = path;
  const [listed, units] = await Promise.all([listClusters(year), listUnits()]);
  // Member units by the names they had that year, so a page never shows ids.
  return json(200, { year, ...listed, unitNames: unitNamesOn(units, `${year}-12-31`) });
};

export const handler = apiHandler({ listClusters: routes.listClusters }, { listClusters: listClustersOfYear });
