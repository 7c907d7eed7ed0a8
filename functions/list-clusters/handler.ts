import middy from '@middy/core';
import { listClusters } from '#adapters/cluster-repository';
import { listUnits } from '#adapters/unit-repository';
import { unitNamesOn } from '#domain/units';
import { type ApiEvent, type ApiResult, httpJson, json } from '#http/api';
import { ReportYearParams } from '#schemas/input/report-year';
import { parseInput } from '#schemas/validation';

/** Clusters and blocs of a year with their pledges and rankings, open to every signed-in role. */
const listClustersOfYear = async (event: ApiEvent): Promise<ApiResult> => {
  const { year } = parseInput(ReportYearParams, event.pathParameters ?? {});
  const [listed, units] = await Promise.all([listClusters(year), listUnits()]);
  // Member units by the names they had that year, so a page never shows ids.
  return json(200, { year, ...listed, unitNames: unitNamesOn(units, `${year}-12-31`) });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(listClustersOfYear);
