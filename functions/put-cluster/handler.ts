import middy from '@middy/core';
import { getCluster, putCluster } from '#adapters/cluster-repository';
import { listUnits } from '#adapters/unit-repository';
import { checkClusterMembers } from '#domain/clusters';
import { ConflictError } from '#domain/errors';
import { assertCanManageClusters } from '#domain/roles';
import { assertUnitsOfYear } from '#domain/units';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { ClusterPathParams, PutClusterInput } from '#schemas/input/clusters';
import type { ClusterRecord } from '#schemas/records';
import { parseInput } from '#schemas/validation';

/** Creates or changes a cluster/bloc of a year and its member units (admin), until it is ranked. */
const putClusterOfYear = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  assertCanManageClusters(actor);
  const { year, clusterId } = parseInput(ClusterPathParams, event.pathParameters ?? {});
  const input = parseInput(PutClusterInput, event.body);
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

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(putClusterOfYear);
