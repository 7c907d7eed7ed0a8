import { randomUUID } from 'node:crypto';
import { getCluster, rankWithProposal } from '#adapters/cluster-repository';
import { getUnit } from '#adapters/unit-repository';
import { rankCluster } from '#domain/clusters';
import { planCreation } from '#domain/dossier-change';
import { NotFoundError } from '#domain/errors';
import { actorRef, assertCanRankCluster } from '#domain/roles';
import { nameOn } from '#domain/units';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/provincial';
import type { ClusterRecord } from '#schemas/records';

const noCluster = (id: string) => new NotFoundError({ field: 'clusterId', messages: { vi: `Không có cụm, khối ${id} trong năm này`, en: `No cluster ${id} in this year` } });

/** The cluster head's year-end scores and ranks; the leader's Cờ thi đua proposal becomes its draft dossier. */
const rankClusterOfYear = async ({ actor, path, body: input }: RouteInput<typeof routes.rankCluster>): Promise<ApiResult> => {
  const now = new Date();
  const { year, clusterId } = path;
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
  await rankWithProposal(ranked, dossier, auditEvent);
  return json(201, { cluster: ranked, proposal: dossier });
};

export const handler = apiHandler({ rankCluster: routes.rankCluster }, { rankCluster: rankClusterOfYear });
