import { runtime } from './runtime.ts';
import { planChange, planCreation, systemActor } from '#domain/dossier-change';
import type { LifecycleEvent } from '#domain/lifecycle';
import type { DossierRecord } from '#schemas/records';

/**
 * The repository modules pointed at the local runtime's DynamoDB, for tests that write records the way the
 * handlers do (same functions, same transactions) without walking each dossier through the API.
 */
const endpoints = runtime.endpoints;
Object.assign(process.env, {
  TABLE_NAME: runtime.tableName,
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
});

export const repository = await import('#adapters/dossier-repository');
export const counters = await import('#adapters/counters');
export const reportVersions = await import('#adapters/report-versions');

type Nominees = DossierRecord['nominees'];
let seq = 0;

/** Writes a dossier and walks it through `events` with the repository's own transactions (as the handlers do). */
export async function seedDossier(o: { year: number; unitId: string; awardCode: string; kind?: string; nominees: Nominees; events: readonly LifecycleEvent[]; submittedAt?: string; closedAt?: string }) {
  seq += 1;
  const start = new Date(o.submittedAt ?? '2024-03-01T02:00:00Z');
  const { dossier, auditEvent } = planCreation(
    { id: `d-seed-${o.year}-${seq}-${Date.now().toString(36)}`, unitId: o.unitId, createdBy: systemActor, fields: { awardCode: o.awardCode, kind: o.kind ?? 'regular', year: o.year, title: `Hồ sơ mẫu ${seq}`, nominees: o.nominees } },
    start,
  );
  await repository.createDossier(dossier, auditEvent);
  let d = dossier;
  for (const [i, event] of o.events.entries()) {
    const at = i === o.events.length - 1 && o.closedAt ? new Date(o.closedAt) : start;
    const change = planChange(d, { event, actor: systemActor, ...(event === 'submit' ? { set: { submittedAt: start.toISOString() } } : {}) }, at);
    await repository.commitChange(change);
    d = change.after;
  }
  return d;
}

export const awardedWithVote = ['submit', 'passCompleteness', 'appraiseEligible', 'passCouncil', 'approve'] as const;
export const awardedWithoutVote = ['submit', 'passCompleteness', 'appraiseEligibleWithoutVote', 'approve'] as const;
export const ineligible = ['submit', 'passCompleteness', 'appraiseIneligible'] as const;
export const failedVote = ['submit', 'passCompleteness', 'appraiseEligible', 'failCouncil'] as const;


/** Removes a seeded dossier with everything under it (so open test dossiers don't look stuck to the integrity check). */
export async function removeDossier(id: string): Promise<void> {
  const { documentClient, queryAll } = await import('#adapters/dynamo');
  const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
  const items = await queryAll({ TableName: process.env.TABLE_NAME!, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': `DOSSIER#${id}` } });
  for (const i of items) await documentClient.send(new DeleteCommand({ TableName: process.env.TABLE_NAME!, Key: { PK: i.PK, SK: i.SK } }));
}
