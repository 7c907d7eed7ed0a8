import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import { ApiClient } from '#local/api-client';
import { as, baseUrl, armFault, disarmFaults, faultDelayTaken, awaitingCouncil, once, openSession, ownCouncil } from './support.ts';

/**
 * The council-session list (issue 23, item 4) and the rule that a dossier is on one open session at a time:
 * who lists which sessions, the state and year filters, pages, and opens that race for the same dossier.
 */
const endpoints = runtime.endpoints;
const tableName = runtime.tableName;
const dynamo = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

type Summary = { id: string; title: string; date: string; state: string; memberIds: string[]; dossierIds: string[] };
type Page = { sessions: Summary[]; next?: string };
type ErrorBody = { error: { code: string; field?: string; message: { vi: string; en: string } } };

afterEach(disarmFaults);

/** This file's own councils, on rosters of years no other file uses: their members tell the sessions apart. */
const council2046 = once(() => ownCouncil(2046, 3));
const council2047 = once(() => ownCouncil(2047, 2));
const council2048 = once(() => ownCouncil(2048, 2));

/** A session on the roster in force on `date` (the demo roster by default). */
const open = (dossierIds: string[], date = '2026-12-10') => openSession(dossierIds, { date });

async function openOk(dossierIds: string[], date?: string): Promise<string> {
  const res = await open(dossierIds, date);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.session.id;
}

const list = async (user: string, query = '') => (await as(user)).get<Page & ErrorBody>(`/api/council-sessions${query}`);
const ids = (page: Page) => page.sessions.map((s) => s.id);

async function voteAll(sessionId: string, dossierId: string, members: string[]) {
  for (const m of members) expect((await (await as(m)).post(`/api/council-sessions/${sessionId}/ballots`, { dossierId, choice: 'agree' })).status).toBe(201);
}
const close = async (sessionId: string) => (await as('council-secretary')).post<ErrorBody>(`/api/council-sessions/${sessionId}/close`);

async function openSessionMark(dossierId: string) {
  const out = await dynamo.send(new GetItemCommand({ TableName: tableName, Key: { PK: { S: `DOSSIER#${dossierId}` }, SK: { S: 'OPENSESSION' } }, ConsistentRead: true }));
  return out.Item;
}

describe('listing council sessions', () => {
  it('lists sessions newest first by state and year: all for the secretariat, chair and admin, their own for a member, none for others; never a ballot', async () => {
    // Prepare: an open session of 2046 (a council of three) and a closed one of 2047 (another council, of two)
    const [d1, d2, of2046, of2047] = await Promise.all([awaitingCouncil(), awaitingCouncil(), council2046(), council2047()]);
    const s2046 = await openOk([d1!], '2046-03-10');
    const s2047 = await openOk([d2!], '2047-06-01');
    await voteAll(s2047, d2!, of2047.usernames);
    expect((await close(s2047)).status).toBe(200);
    // Act + Assess: years
    const in2046 = await list('council-secretary', '?year=2046');
    expect(in2046.status).toBe(200);
    expect(ids(in2046.body)).toContain(s2046);
    expect(ids(in2046.body)).not.toContain(s2047);
    expect(in2046.body.sessions.every((s) => s.date.startsWith('2046-'))).toBe(true);
    // states, with and without a year
    expect(ids((await list('council-secretary', '?state=closed&year=2047')).body)).toContain(s2047);
    expect(ids((await list('council-secretary', '?state=open&year=2047')).body)).not.toContain(s2047);
    expect(ids((await list('council-secretary', '?state=open')).body)).toContain(s2046);
    expect(ids((await list('council-secretary', '?state=open')).body)).not.toContain(s2047);
    expect((await list('council-secretary', '?state=closed')).body.sessions.every((s) => s.state === 'closed')).toBe(true);
    // who sees what
    for (const user of ['council-secretary', 'secretariat-head', 'chair', 'admin']) {
      const all = await list(user, '?limit=100');
      expect(all.status, user).toBe(200);
      expect(ids(all.body), user).toEqual(expect.arrayContaining([s2046, s2047]));
    }
    const member1 = await list(of2046.usernames[0]!, '?limit=100');
    expect(ids(member1.body)).toContain(s2046);
    expect(ids(member1.body)).not.toContain(s2047);
    expect(member1.body.sessions.every((s) => s.memberIds.includes(of2046.userIds[0]!))).toBe(true);
    const member4 = await list(of2047.usernames[0]!, '?limit=100');
    expect(ids(member4.body)).toContain(s2047);
    expect(ids(member4.body)).not.toContain(s2046);
    for (const user of ['officer', 'unit-a-officer', 'unit-a-head']) {
      const refused = await list(user);
      expect(refused.status, user).toBe(403);
      expect(refused.body.error.message.vi).toBeTruthy();
    }
    expect((await new ApiClient(baseUrl).request('GET', '/api/council-sessions')).status).toBe(401);
    // a summary only: no ballots, choices, participations, tallies or the close's bookkeeping
    const closed = (await list('council-secretary', '?state=closed&year=2047')).body.sessions.find((s) => s.id === s2047)!;
    expect(Object.keys(closed).sort()).toEqual(['closedAt', 'createdAt', 'date', 'dossierIds', 'id', 'memberIds', 'state', 'title']);
    expect(JSON.stringify((await list('admin', '?limit=100')).body)).not.toMatch(/choice|agree|participation|results|closing|lease/);
  });

  it('pages through every session once, newest meeting first, and refuses bad filters and cursors by field', async () => {
    // Prepare: at least three sessions
    const dossiers = await Promise.all([awaitingCouncil(), awaitingCouncil(), awaitingCouncil()]);
    const opened = [];
    const { usernames } = await council2048();
    for (const [i, d] of dossiers.entries()) opened.push(await openOk([d], `2048-0${i + 1}-15`));
    // Act: pages of two
    const seen: Summary[] = [];
    let query = '?limit=2';
    for (let pages = 0; ; pages++) {
      const page = await list('council-secretary', query);
      expect(page.status).toBe(200);
      expect(page.body.sessions.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.sessions);
      if (!page.body.next) break;
      expect(pages).toBeLessThan(500);
      query = `?limit=2&cursor=${page.body.next}`;
    }
    // Assess
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    expect(seen.map((s) => s.id)).toEqual(expect.arrayContaining(opened));
    const dates = seen.map((s) => s.date);
    expect(dates).toEqual([...dates].sort().reverse());
    // a member's pages are full pages of their own sessions (the filter does not leave holes)
    const memberPage = await list(usernames[1]!, '?limit=2&year=2048');
    expect(memberPage.body.sessions).toHaveLength(2);
    expect(memberPage.body.next).toBeTruthy();
    // bad input, named
    const bad: [string, string][] = [
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?state=finished', 'state'],
      ['?year=20x9', 'year'],
      ['?cursor=not*base64', 'cursor'],
      [`?cursor=${Buffer.from('{"PK":"DOSSIER#x","SK":"META","GSI1PK":"COUNCIL_SESSIONS","GSI1SK":"x"}').toString('base64url')}`, 'cursor'],
      [`?state=open&cursor=${memberPage.body.next}`, 'cursor'], // a cursor of another partition
    ];
    for (const [q, field] of bad) {
      const res = await list('council-secretary', q);
      expect(res.status, q).toBe(400);
      expect(res.body.error.field, q).toBe(field);
      expect(res.body.error.message.vi && res.body.error.message.en, q).toBeTruthy();
    }
  });
});

describe('a dossier on one open session at a time', () => {
  it('refuses a second session over a dossier whose session is open, naming dossierIds in vi and en, and writes nothing of it', async () => {
    // Prepare
    const [held, free] = await Promise.all([awaitingCouncil(), awaitingCouncil()]);
    const first = await openOk([held]);
    // Act
    const second = await open([free, held]);
    // Assess
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'DOSSIER_IN_OPEN_SESSION', field: 'dossierIds' });
    expect(second.body.error.message.vi).toContain(held);
    expect(second.body.error.message.en).toContain(held);
    expect(second.body.error.message.vi).not.toContain(free);
    const openWithHeld = (await list('council-secretary', '?state=open&limit=100')).body.sessions.filter((s) => s.dossierIds.includes(held));
    expect(openWithHeld.map((s) => s.id)).toEqual([first]);
    // the refused session took no dossier: the free one can still be put on a session
    expect(await openSessionMark(free)).toBeUndefined();
    await openOk([free]);
  });

  it('lets exactly one of two concurrent opens over the same dossier win', async () => {
    // Prepare: the first open's transaction is held at DynamoDB while the second arrives
    const dossierId = await awaitingCouncil();
    await armFault({ service: 'dynamodb', operation: 'TransactWriteItems', count: 1, delayMs: 1000 });
    // Act
    const first = open([dossierId]);
    await faultDelayTaken('TransactWriteItems');
    const second = await open([dossierId]);
    const held = await first;
    // Assess
    expect([held.status, second.status].sort()).toEqual([201, 409]);
    const loser = held.status === 409 ? held : second;
    expect(loser.body.error).toMatchObject({ code: 'DOSSIER_IN_OPEN_SESSION', field: 'dossierIds' });
    const openWith = (await list('council-secretary', '?state=open&limit=100')).body.sessions.filter((s) => s.dossierIds.includes(dossierId));
    expect(openWith).toHaveLength(1);
  });

  it('keeps the dossier while its session is closing, and lets it go in the step that closes the session', async () => {
    // Prepare: a session whose first close fails after voting stopped (the minutes cannot be written)
    const dossierId = await awaitingCouncil();
    // the demo roster's 8 members: 7 take part and agree, the 80 % a Cờ thi đua needs
    const sessionId = await openOk([dossierId]);
    await voteAll(sessionId, dossierId, ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7']);
    await armFault({ service: 's3', operation: 'PutObject', count: 10, status: 503, errorType: 'SlowDown' });
    expect((await close(sessionId)).status).toBe(503);
    await disarmFaults();
    expect(ids((await list('council-secretary', '?state=closing&limit=100')).body)).toContain(sessionId);
    // Act 1: while closing, the dossier still awaits the council and is still held
    const whileClosing = await open([dossierId]);
    // Assess 1
    expect(whileClosing.status).toBe(409);
    expect(whileClosing.body.error.code).toBe('DOSSIER_IN_OPEN_SESSION');
    expect((await openSessionMark(dossierId))?.sessionId?.S).toBe(sessionId);
    // Act 2: the close finishes
    expect((await close(sessionId)).status).toBe(200);
    // Assess 2: the mark is gone with the close; the council's result moved the dossier on, so a new session is
    // refused for that reason only (the workflow waits for the council once: passed → chair, failed → NotApproved)
    expect(await openSessionMark(dossierId)).toBeUndefined();
    expect(ids((await list('council-secretary', '?state=closed&limit=100')).body)).toContain(sessionId);
    await (await as('officer')).waitForStatus(dossierId, 'AwaitingDecision');
    const after = await open([dossierId]);
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('NOT_AWAITING_COUNCIL');
  });
});
