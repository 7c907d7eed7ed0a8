import middy from '@middy/core';
import { getCluster, putPledge } from '#adapters/cluster-repository';
import { NotFoundError, ValidationError } from '#domain/errors';
import { assertCanSignPledge } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { ClusterPathParams, PutPledgeInput } from '#schemas/input/clusters';
import { parseInput } from '#schemas/validation';

const noCluster = (id: string) => new NotFoundError({ field: 'clusterId', messages: { vi: `Không có cụm, khối ${id} trong năm này`, en: `No cluster ${id} in this year` } });

/** A member unit's emulation pledge (giao ước thi đua) in its cluster, signed by that unit. */
const signPledge = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const { year, clusterId } = parseInput(ClusterPathParams, event.pathParameters ?? {});
  const unitId = event.pathParameters?.unitId ?? '';
  assertCanSignPledge(actor, unitId);
  const cluster = await getCluster(year, clusterId);
  if (!cluster) throw noCluster(clusterId);
  if (!cluster.memberUnitIds.includes(unitId)) {
    throw new ValidationError({ field: 'unitId', messages: { vi: `Đơn vị ${unitId} không thuộc cụm, khối này`, en: `Unit ${unitId} is not a member of this cluster` } });
  }
  const input = parseInput(PutPledgeInput, event.body);
  const pledge = { clusterId, year, unitId, targets: input.targets, signedAt: new Date().toISOString(), signedBy: actor.userId };
  await putPledge(pledge);
  return json(200, { pledge });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(signPledge);
