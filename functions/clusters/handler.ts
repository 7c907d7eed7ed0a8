import middy from '@middy/core';
import { randomUUID } from 'node:crypto';
import { getCluster, listClusters, putCluster, putPledge, rankClusterOp } from '#adapters/cluster-repository';
import { createDossier } from '#adapters/dossier-repository';
import { getUnit, listUnits } from '#adapters/unit-repository';
import { checkClusterMembers, rankCluster } from '#domain/clusters';
import { assertUnitsOfYear, nameOn, unitNamesOn } from '#domain/units';
import { planCreation } from '#domain/dossier-change';
import { ConflictError, NotFoundError, ValidationError } from '#domain/errors';
import { actorRef, assertCanManageClusters, assertCanRankCluster, assertCanSignPledge } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { ClusterPathParams, PutClusterInput, PutPledgeInput, RankClusterInput } from '#schemas/input/clusters';
import { ReportYearParams } from '#schemas/input/report-year';
import type { ClusterRecord } from '#schemas/records';
import { parseInput } from '#schemas/validation';

const noCluster = (id: string) => new NotFoundError({ field: 'clusterId', messages: { vi: `Không có cụm, khối ${id} trong năm này`, en: `No cluster ${id} in this year` } });

/** Clusters and blocs of a year: membership (admin), pledges (units), the year-end ranking (cluster head). */
const clusters = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const now = new Date();
  switch (event.routeKey) {
    case 'GET /api/clusters/{year}': {
      const { year } = parseInput(ReportYearParams, event.pathParameters ?? {});
      const [listed, units] = await Promise.all([listClusters(year), listUnits()]);
      // Member units by the names they had that year, so a page never shows ids.
      return json(200, { year, ...listed, unitNames: unitNamesOn(units, `${year}-12-31`) });
    }
    case 'PUT /api/clusters/{year}/{clusterId}': {
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
      const cluster: ClusterRecord = { clusterId, year, ...input, updatedAt: now.toISOString(), updatedBy: actor.userId };
      await putCluster(cluster);
      return json(existing ? 200 : 201, { cluster });
    }
    case 'PUT /api/clusters/{year}/{clusterId}/pledges/{unitId}': {
      const { year, clusterId } = parseInput(ClusterPathParams, event.pathParameters ?? {});
      const unitId = event.pathParameters?.unitId ?? '';
      assertCanSignPledge(actor, unitId);
      const cluster = await getCluster(year, clusterId);
      if (!cluster) throw noCluster(clusterId);
      if (!cluster.memberUnitIds.includes(unitId)) {
        throw new ValidationError({ field: 'unitId', messages: { vi: `Đơn vị ${unitId} không thuộc cụm, khối này`, en: `Unit ${unitId} is not a member of this cluster` } });
      }
      const input = parseInput(PutPledgeInput, event.body);
      const pledge = { clusterId, year, unitId, targets: input.targets, signedAt: now.toISOString(), signedBy: actor.userId };
      await putPledge(pledge);
      return json(200, { pledge });
    }
    case 'POST /api/clusters/{year}/{clusterId}/ranking': {
      const { year, clusterId } = parseInput(ClusterPathParams, event.pathParameters ?? {});
      const input = parseInput(RankClusterInput, event.body);
      const cluster = await getCluster(year, clusterId);
      if (!cluster) throw noCluster(clusterId);
      assertCanRankCluster(actor, cluster);
      const ranks = rankCluster(cluster.memberUnitIds, input.scores);
      const top = ranks[0]!;
      // The collective is named as the directory names it at the end of the emulation year.
      const topUnit = await getUnit(top.unitId);
      const topName = topUnit ? nameOn(topUnit, `${year}-12-31`).name : top.unitId;
      // The leading unit's Cờ thi đua proposal enters the normal workflow as a draft of that unit.
      const { dossier, auditEvent } = planCreation(
        {
          id: `d-${randomUUID()}`,
          unitId: top.unitId,
          createdBy: actorRef(actor),
          fields: {
            awardCode: 'coThiDuaTinh',
            kind: 'regular',
            year,
            title: input.proposalTitle ?? `Đề nghị tặng Cờ thi đua năm ${year} — đơn vị dẫn đầu ${cluster.name}`,
            nominees: [{ name: topName, recipientType: 'collective', category: 'collective' }],
            clusterRanking: { clusterId, year, rank: top.rank, score: top.score },
          },
        },
        now,
      );
      const ranked: ClusterRecord = {
        ...cluster,
        ranking: { ranks, rankedAt: now.toISOString(), rankedBy: actor.userId, ...(input.minutes ? { minutes: input.minutes } : {}), proposalDossierId: dossier.id },
      };
      try {
        await createDossier(dossier, auditEvent, [rankClusterOp(ranked)]);
      } catch (error) {
        if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
        throw new ConflictError({ code: 'CLUSTER_RANKED', field: 'clusterId', messages: { vi: 'Cụm, khối đã được xếp hạng năm này', en: 'The cluster has already been ranked this year' }, cause: error });
      }
      return json(201, { cluster: ranked, proposal: dossier });
    }
    default:
      throw new NotFoundError({ field: 'route', messages: { vi: 'Không có đường dẫn này', en: 'No such route' } });
  }
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(clusters);
