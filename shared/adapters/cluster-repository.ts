import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/errors';
import { type AuditEventRecord, ClusterRecord, type DossierRecord, PledgeRecord } from '#schemas/records';
import type { PlannedItem } from './chained-write.ts';
import { requireEnv } from './config.ts';
import { createDossier } from './dossier-repository.ts';
import { documentClient, queryAll } from './dynamo.ts';

const table = () => requireEnv('TABLE_NAME');
const clusterKey = (year: number, clusterId: string) => ({ PK: `CLUSTERS#${year}`, SK: `CLUSTER#${clusterId}` });
const pledgeKey = (year: number, clusterId: string, unitId: string) => ({ PK: `CLUSTERS#${year}`, SK: `PLEDGE#${clusterId}#${unitId}` });

export async function getCluster(year: number, clusterId: string): Promise<ClusterRecord | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: table(), Key: clusterKey(year, clusterId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  return ClusterRecord.parse(out.Item);
}

/** Creates or replaces a cluster's membership; a ranked cluster keeps its ranking (it is history). */
export async function putCluster(cluster: ClusterRecord): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: table(), Item: { ...clusterKey(cluster.year, cluster.clusterId), ...cluster } }));
}

export async function putPledge(pledge: PledgeRecord): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: table(), Item: { ...pledgeKey(pledge.year, pledge.clusterId, pledge.unitId), ...pledge } }));
}

/** Every cluster of a year with its pledges, in one query. */
export async function listClusters(year: number): Promise<{ clusters: ClusterRecord[]; pledges: PledgeRecord[] }> {
  const items = await queryAll({ TableName: table(), KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': `CLUSTERS#${year}` }, ConsistentRead: true });
  return {
    clusters: items.filter((i) => String(i.SK).startsWith('CLUSTER#')).map((i) => ClusterRecord.parse(i)),
    pledges: items.filter((i) => String(i.SK).startsWith('PLEDGE#')).map((i) => PledgeRecord.parse(i)),
  };
}

/**
 * The ranking, written in the same transaction as the proposal dossier it creates: a cluster is ranked once a
 * year (a second ranking fails the condition) and the proposal exists if and only if the ranking does.
 */
function rankClusterOp(cluster: ClusterRecord): PlannedItem {
  return {
    Put: {
      Item: { ...clusterKey(cluster.year, cluster.clusterId), ...cluster },
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(ranking)',
    },
  };
}

/** Records the ranking and creates the leader's proposal dossier together; a cluster ranked already is a 409. */
export async function rankWithProposal(ranked: ClusterRecord, proposal: DossierRecord, firstEvent: AuditEventRecord): Promise<void> {
  // The ranking is the third item of the dossier's creation (after the dossier and its first event).
  await createDossier(proposal, firstEvent, [rankClusterOp(ranked)], (codes, cause) =>
    codes[2] === 'ConditionalCheckFailed'
      ? new ConflictError({ code: 'CLUSTER_RANKED', field: 'clusterId', messages: { vi: 'Cụm, khối đã được xếp hạng năm này', en: 'The cluster has already been ranked this year' }, cause })
      : undefined,
  );
}
