import { getCluster, putCluster } from '#adapters/cluster-repository';
import { listUnits } from '#adapters/unit-repository';
import { checkClusterMembers } from '#domain/clusters';
import { ConflictError } from '#domain/errors';
import { assertUnitsOfYear } from '#domain/units';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/provincial';
import type { ClusterRecord } from '#schemas/records';

/** Creates or changes a cluster/bloc of a year and its member units (admin), until it is ranked. */
const putClusterOfYear = async ({ actor, path, body: input }: RouteInput<typeof routes.putCluster>): Promise<ApiResult> => {
  const { year, clusterId } = path;
  checkClusterMembers(input.headUnitId, input.memberUnitIds);
  const directory = new Map((await listUnits()).map((u) => [u.unitId, u]));
  assertUnitsOfYear(directory, input.memberUnitIds, year, 'memberUnitIds');
  const existing = await getCluster(year, clusterId);
  if (existing?.ranking) {
    throw new ConflictError({ code: 'CLUSTER_RANKED', field: 'clusterId', messages: { vi: 'Cụm, khối đã xếp hạng năm này; không sửa thành viên được nữa', en: 'The cluster is already ranked for this year; its members can no longer change' } });
  }
  const cluster: ClusterRecord = { clusterId, year, ...input, updatedAt: new Date().toISOString(), updatedBy: actor.userId };
  await putCluster(cluster);
  return json(existing ? 200 : 201, { cluster });
};

export const handler = apiHandler({ putCluster: routes.putCluster }, { putCluster: putClusterOfYear });
