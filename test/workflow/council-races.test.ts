import { timeAndDateVi } from '#domain/formal-documents';
import { DynamoDBClient, ListTablesCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import { as, type DossierView, armFault, disarmFaults, faultDelayTaken, awaitingCouncil, once, openSession as openOn, ownCouncil } from './support.ts';

/**
 * Council sessions under concurrent requests (issue 22): every ballot answered 201 is counted, one close wins,
 * a member is never both recused and counted, and nothing stored ties a member's ballot to a moment.
 * Race windows are made wide on purpose by holding one DynamoDB or S3 call (a `delayMs` fault).
 */
const endpoints = runtime.endpoints;
const tableName = runtime.tableName;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const dynamo = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'ap-southeast-1', credentials });
const s3 = new S3Client({ endpoint: endpoints.s3, region: 'ap-southeast-1', forcePathStyle: true, credentials });
/** This file's own council of three (quorum: 2 of 3), on a roster for 2045, a year no other file uses. */
const council = once(() => ownCouncil(2045, 3));

type ErrorBody = { error: { code: string } };
type Result = { dossierId: string; passed: boolean; counts: Record<string, number> };
type Closed = { results: Result[]; minutesKey: string };
type SessionView = { session: { state: string; closedAt?: string; results?: Result[]; recusals: Record<string, { memberId: string }[]> }; participations: { dossierId: string; memberId: string }[] };

afterEach(disarmFaults);

/** A session of the three over one fresh dossier; members are named 1..3 (the council's first, second, third). */
async function openSession() {
  const [dossierId, { usernames }] = await Promise.all([awaitingCouncil(), council()]);
  const secretary = await as('council-secretary');
  const opened = await openOn([dossierId], { title: 'Phiên họp thử tranh chấp', date: '2045-12-10' });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const sessionId = opened.body.session.id;
  const who = (member: number) => as(usernames[member - 1]!);
  return {
    dossierId,
    sessionId,
    secretary,
    vote: async (member: number, choice: string) => (await who(member)).post<ErrorBody>(`/api/council-sessions/${sessionId}/ballots`, { dossierId, choice }),
    recuse: async (member: number) => (await who(member)).post<ErrorBody>(`/api/council-sessions/${sessionId}/recusals`, { dossierId, reason: 'Người thân là người được đề nghị' }),
    close: () => secretary.post<Closed & ErrorBody>(`/api/council-sessions/${sessionId}/close`),
    view: async () => (await secretary.get<SessionView>(`/api/council-sessions/${sessionId}`)).body,
  };
}

async function minutesOf(key: string): Promise<string> {
  const buckets = await s3.send(new ListBucketsCommand({}));
  const reports = buckets.Buckets?.find((b) => /reports/i.test(b.Name ?? ''))?.Name;
  const out = await s3.send(new GetObjectCommand({ Bucket: reports, Key: key }));
  return (await out.Body?.transformToString()) ?? '';
}
/** The minutes' row of counts: agree, disagree, abstain, recused. */
const countsRow = (r: Result) => `<td>${r.counts.agree}</td><td>${r.counts.disagree}</td><td>${r.counts.abstain}</td><td>${r.counts.recused}</td>`;

async function sessionItems(sessionId: string): Promise<Record<string, unknown>[]> {
  const out = await dynamo.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: `SESSION#${sessionId}` } }, ConsistentRead: true }));
  return (out.Items ?? []).map((i) => unmarshall(i));
}

describe('closing a council session while members vote', () => {
  it('counts every ballot answered 201 in the results and the minutes: a ballot sent while the close tallies is refused', async () => {
    // Prepare: two ballots in, then the close is held at the minutes upload (after its tally)
    const s = await openSession();
    expect((await s.vote(1, 'agree')).status).toBe(201);
    expect((await s.vote(2, 'agree')).status).toBe(201);
    await armFault({ service: 's3', operation: 'PutObject', count: 1, delayMs: 1500 });
    // Act
    const closing = s.close();
    await faultDelayTaken('PutObject');
    const late = await s.vote(3, 'disagree');
    const closed = await closing;
    // Assess
    expect(closed.status).toBe(200);
    const accepted = 2 + (late.status === 201 ? 1 : 0);
    const result = closed.body.results[0] as Result;
    expect(result.counts.ballots).toBe(accepted);
    expect(result.counts.participations).toBe(accepted);
    expect(await minutesOf(closed.body.minutesKey)).toContain(countsRow(result));
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('SESSION_CLOSED');
  });

  it('lets one of two concurrent closes win: the other gets 409, and the stored results and minutes are the winner’s', async () => {
    // Prepare
    const s = await openSession();
    expect((await s.vote(1, 'agree')).status).toBe(201);
    expect((await s.vote(2, 'disagree')).status).toBe(201);
    await armFault({ service: 's3', operation: 'PutObject', count: 1, delayMs: 1500 });
    // Act: the second close arrives while the first is still writing its minutes
    const first = s.close();
    await faultDelayTaken('PutObject');
    const second = await s.close();
    const winner = await first;
    // Assess
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CLOSE_IN_PROGRESS');
    expect(winner.status).toBe(200);
    const stored = await s.view();
    expect(stored.session.state).toBe('closed');
    expect(stored.session.results).toEqual(winner.body.results);
    const minutes = await minutesOf(winner.body.minutesKey);
    expect(minutes).toContain(countsRow(winner.body.results[0] as Result));
    // The formal minutes date the tally to the minute, in Vietnam's time (LANGUAGE rule 7).
    expect(minutes).toContain(timeAndDateVi(stored.session.closedAt!));
    const closedEvents = (await sessionItems(s.sessionId)).filter((i) => i.action === 'closed');
    expect(closedEvents).toHaveLength(1);
    const officer = await as('officer');
    await officer.waitForStatus(s.dossierId, 'NotApproved');
    const dossier = await officer.get<DossierView>(`/api/dossiers/${s.dossierId}`);
    expect(dossier.body.events.filter((e) => /Council$/.test(e.action))).toHaveLength(1);
    // a later close repeats the winner's answer
    const again = await s.close();
    expect(again.status).toBe(200);
    expect(again.body).toEqual(winner.body);
  });

  it('finishes a close that failed after voting stopped on the next attempt, with the minutes of the first', async () => {
    // Prepare
    const s = await openSession();
    expect((await s.vote(1, 'agree')).status).toBe(201);
    expect((await s.vote(2, 'agree')).status).toBe(201);
    const firstAttemptAt = new Date().toISOString();
    // Act 1: the minutes cannot be written (S3 fails beyond the SDK's retries)
    await armFault({ service: 's3', operation: 'PutObject', count: 10, status: 503, errorType: 'SlowDown' });
    const failed = await s.close();
    await disarmFaults();
    // Assess 1: voting has stopped, and the session says it is closing
    expect(failed.status).toBe(503);
    const late = await s.vote(3, 'agree');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('SESSION_CLOSED');
    expect((await s.view()).session.state).toBe('closing');
    // Act 2
    const retryAt = new Date().toISOString();
    const finished = await s.close();
    // Assess 2: finished, closed at the first attempt's time, with the two ballots cast before it
    expect(finished.status).toBe(200);
    expect((finished.body.results[0] as Result).counts).toMatchObject({ agree: 2, ballots: 2, participations: 2 });
    const stored = await s.view();
    expect(stored.session.state).toBe('closed');
    expect(stored.session.closedAt! >= firstAttemptAt && stored.session.closedAt! < retryAt).toBe(true);
    expect(await minutesOf(finished.body.minutesKey)).toContain(timeAndDateVi(stored.session.closedAt!));
    // 2 agree of 3 members is short of 70 %: the retried close moved the dossier on
    await (await as('officer')).waitForStatus(s.dossierId, 'NotApproved');
  });
});

describe('recusals racing ballots', () => {
  it('never leaves a member both recused and counted when the recusal commits while the ballot is in flight', async () => {
    // Prepare: the first member's ballot transaction is held at DynamoDB
    const s = await openSession();
    const first = (await council()).userIds[0];
    await armFault({ service: 'dynamodb', operation: 'TransactWriteItems', count: 1, delayMs: 1000 });
    // Act
    const ballot = s.vote(1, 'agree');
    await faultDelayTaken('TransactWriteItems');
    const recusal = await s.recuse(1);
    const voted = await ballot;
    // Assess: the recusal came first, so the ballot is refused
    expect(recusal.status).toBe(201);
    expect(voted.status).toBe(409);
    expect(voted.body.error.code).toBe('RECUSED');
    const view = await s.view();
    const recused = (view.session.recusals[s.dossierId] ?? []).map((r) => r.memberId);
    const counted = view.participations.map((p) => p.memberId);
    expect(recused).toEqual([first]);
    expect(counted).not.toContain(first);
  });

  it('records one recusal when the same member declares it twice at once', async () => {
    // Prepare
    const s = await openSession();
    await armFault({ service: 'dynamodb', operation: 'TransactWriteItems', count: 1, delayMs: 1000 });
    // Act
    const first = s.recuse(2);
    await faultDelayTaken('TransactWriteItems');
    const second = await s.recuse(2);
    const held = await first;
    // Assess
    expect([held.status, second.status].sort()).toEqual([201, 409]);
    expect((await s.view()).session.recusals[s.dossierId]?.map((r) => r.memberId)).toEqual([(await council()).userIds[1]]);
  });

  it('never both records and counts a member across many concurrent recusal/ballot pairs', async () => {
    // Prepare: three sessions, each member sends a recusal and a ballot at once
    const sessions = await Promise.all([openSession(), openSession(), openSession()]);
    // Act
    await Promise.all(sessions.flatMap((s) => [1, 2, 3].map((m) => Promise.all([s.vote(m, 'agree'), s.recuse(m)]))));
    // Assess
    for (const s of sessions) {
      const view = await s.view();
      const recused = new Set((view.session.recusals[s.dossierId] ?? []).map((r) => r.memberId));
      const counted = view.participations.map((p) => p.memberId);
      expect(counted.filter((m) => recused.has(m))).toEqual([]);
      expect(recused.size + counted.length).toBe(3);
    }
  });
});

describe('ballot secrecy against someone who can restore the tables', () => {
  it('keeps no participation record, audit event or API answer that ties a member to a time finer than the day, and no ballot after the tally', async () => {
    // Prepare
    const s = await openSession();
    for (const [m, choice] of [[1, 'agree'], [2, 'disagree'], [3, 'agree']] as const) expect((await s.vote(m, choice)).status).toBe(201);
    const tables = await dynamo.send(new ListTablesCommand({}));
    const ballotsTable = tables.TableNames?.find((t) => /Ballots/.test(t));
    const ballots = () =>
      dynamo.send(new ScanCommand({ TableName: ballotsTable, FilterExpression: 'begins_with(PK, :s)', ExpressionAttributeValues: { ':s': { S: `SESSION#${s.sessionId}#` } }, ConsistentRead: true }));
    const open = await ballots();
    // Act
    const closed = await s.close();
    // Assess: while open, a ballot is a random key and a choice, nothing else
    expect(open.Items).toHaveLength(3);
    for (const item of open.Items ?? []) expect(Object.keys(item).sort()).toEqual(['PK', 'SK', 'choices']);
    expect(closed.status).toBe(200);
    // once tallied (the counts are in the results), the ballots are gone
    expect((await ballots()).Items).toEqual([]);
    // a time of day next to a member's name only where it is not a participation: the member list at opening
    const timeOfDay = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
    const { usernames, userIds } = await council();
    const namesMember = (v: unknown) => [...usernames, ...userIds].some((m) => JSON.stringify(v).includes(`"${m}"`));
    const timed = (await sessionItems(s.sessionId)).filter((i) => namesMember(i) && timeOfDay.test(JSON.stringify(i)));
    expect(timed.map((i) => (i.SK === 'META' ? 'META' : i.action)).sort()).toEqual(['META', 'opened']);
    const cast = (await sessionItems(s.sessionId)).filter((i) => i.action === 'ballotCast');
    expect(cast).toHaveLength(3);
    for (const e of cast) expect(String(e.at)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const view = await s.view();
    expect(JSON.stringify(view.participations)).not.toMatch(timeOfDay);
  });
});
