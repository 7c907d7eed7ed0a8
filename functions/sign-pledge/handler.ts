import { getCluster, putPledge } from '#adapters/cluster-repository';
import { NotFoundError, ValidationError } from '#domain/errors';
import { assertCanSignPledge } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/provincial';

const noCluster = (id: string) => new NotFoundError({ field: 'clusterId', messages: { vi: `Không có cụm, khối ${id} trong năm này`, en: `No cluster ${id} in this year` } });

/** A member unit's emulation pledge (giao ước thi đua) in its cluster, signed by that unit. */
const signPledge = async (request: RouteInput<typeof routes.signPledge>): Promise<ApiResult> => {
  const { actor } = request;
  const { year, clusterId, unitId } = request.path;
  assertCanSignPledge(actor, unitId);
  const cluster = await getCluster(year, clusterId);
  if (!cluster) throw noCluster(clusterId);
  if (!cluster.memberUnitIds.includes(unitId)) {
    throw new ValidationError({ field: 'unitId', messages: { vi: `Đơn vị ${unitId} không thuộc cụm, khối này`, en: `Unit ${unitId} is not a member of this cluster` } });
  }
  // The pledge is read last: who may sign, and in which cluster, come first.
  const input = request.body;
  const pledge = { clusterId, year, unitId, targets: input.targets, signedAt: new Date().toISOString(), signedBy: actor.userId };
  await putPledge(pledge);
  return json(200, { pledge });
};

export const handler = apiHandler({ signPledge: routes.signPledge }, { signPledge });
