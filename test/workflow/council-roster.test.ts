import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '#local/api-client';
import { as, awaitingCouncil, baseUrl, type ErrorBody, openSession, userIdOf } from './support.ts';

/**
 * The council as a roster with a term (issue 23, item 4). Each test sets up its own people and its own term in
 * a year no other test uses, so tests stay independent of each other and of their order; the demo roster
 * runs 2020–2039.
 */
type Seat = { username: string; userId: string; name: string; seat: string; position: string; unitId?: string };
type Roster = { rosterId: string; title: string; validFrom: string; validTo?: string; seats: Seat[]; version: number };

const tag = () => randomUUID().slice(0, 8);

/** Council members of their own, created through the people API with the council member role. */
async function councilPeople(count: number): Promise<string[]> {
  const admin = await as('admin');
  const run = tag();
  const usernames = Array.from({ length: count }, (_, i) => `hd-${run}-${i + 1}`);
  for (const [i, username] of usernames.entries()) {
    const res = await admin.post('/api/people', { username, name: `Ủy viên thử ${run} số ${i + 1}`, email: `${username}@hdtdkt.example.gov.vn`, roles: ['councilMember'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  return usernames;
}

async function signIn(username: string): Promise<ApiClient> {
  const res = await fetch(`${baseUrl}/_local/token`, { method: 'POST', body: JSON.stringify({ userId: username }) });
  const { token } = (await res.json()) as { token: string };
  return new ApiClient(baseUrl, token);
}

describe('the council roster', () => {
  it('is set up by the administrator from the directory, refusing unknown people, non-members on voting seats, two chairs and overlapping terms by field, and keeps every change', async () => {
    // Prepare: people of this test, a term in 2043
    const admin = await as('admin');
    const [a, b, c] = await councilPeople(3);
    const roster = (seats: unknown[], extra: Record<string, unknown> = {}) => ({ title: `Hội đồng thử ${tag()}`, validFrom: '2043-01-01', validTo: '2043-12-31', seats, ...extra });
    const chairSeat = { username: a, seat: 'chair', position: 'Chủ tịch UBND tỉnh' };
    const refusals: [string, unknown, number, string][] = [
      ['an unknown person', roster([chairSeat, { username: `khong-co-${tag()}`, seat: 'member', position: 'Ủy viên' }]), 400, 'seats.1.username'],
      ['a voting seat for a person without the council member role', roster([chairSeat, { username: 'officer', seat: 'member', position: 'Ủy viên' }]), 400, 'seats.1.username'],
      ['the same person twice', roster([chairSeat, { username: a, seat: 'member', position: 'Ủy viên' }]), 400, 'seats.1.username'],
      ['two chairs', roster([chairSeat, { username: b, seat: 'chair', position: 'Chủ tịch' }]), 400, 'seats'],
      ['no chair', roster([{ username: b, seat: 'member', position: 'Ủy viên' }]), 400, 'seats'],
      ['a unit the directory lacks', roster([chairSeat, { username: b, seat: 'member', position: 'Giám đốc', unitId: 'so-khong-co' }]), 400, 'seats.1.unitId'],
      ['a term overlapping the demo roster', roster([chairSeat], { validFrom: '2039-06-01' }), 409, 'validFrom'],
      ['a term ending before it starts', roster([chairSeat], { validTo: '2042-12-31' }), 400, 'validTo'],
    ];
    for (const [what, body, status, field] of refusals) {
      const res = await admin.post<ErrorBody>('/api/council-rosters', body);
      expect(res.status, what).toBe(status);
      expect(res.body.error.field, what).toBe(field);
      expect(res.body.error.message.vi, what).toBeTruthy();
    }
    // Act: a valid term — the secretary does not vote, and may be on the roster without the member role
    const created = await admin.post<{ roster: Roster }>('/api/council-rosters', roster([
      chairSeat,
      { username: b, seat: 'viceChair', position: 'Giám đốc Sở Nội vụ', unitId: 'so-y-te' },
      { username: 'council-secretary', seat: 'secretary', position: 'Thư ký Hội đồng' },
    ]));
    // Assess: each seat's person resolved from the directory
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const r = created.body.roster;
    expect(r.seats.map((s) => [s.username, s.seat, s.userId])).toEqual([
      [a, 'chair', await userIdOf(a!)],
      [b, 'viceChair', await userIdOf(b!)],
      ['council-secretary', 'secretary', await userIdOf('council-secretary')],
    ]);
    expect(r.seats[0]?.name).toMatch(/^Ủy viên thử/);
    // another term overlapping this one is refused, naming its start
    const overlap = await admin.post<ErrorBody>('/api/council-rosters', roster([chairSeat], { validFrom: '2043-06-01', validTo: '2044-06-01' }));
    expect(overlap.status).toBe(409);
    expect(overlap.body.error).toMatchObject({ code: 'ROSTER_OVERLAP', field: 'validFrom' });
    // the secretary reads the roster in force on a date; a member and a unit officer may not
    const secretary = await as('council-secretary');
    const onDate = await secretary.get<{ rosters: Roster[] }>('/api/council-rosters?on=2043-05-05');
    expect(onDate.body.rosters.map((x) => x.rosterId)).toEqual([r.rosterId]);
    expect((await secretary.get<{ rosters: Roster[] }>('/api/council-rosters?on=2040-05-05')).body.rosters).toEqual([]);
    expect((await (await as('member-1')).get('/api/council-rosters')).status).toBe(403);
    expect((await (await as('unit-a-officer')).get(`/api/council-rosters/${r.rosterId}`)).status).toBe(403);
    expect((await secretary.post('/api/council-rosters', roster([chairSeat], { validFrom: '2044-06-02', validTo: '2044-12-31' }))).status).toBe(403);

    // Act: an edit at the version read adds a member; a second edit from the same stale read is refused
    const edit = { version: 1, title: r.title, validFrom: r.validFrom, validTo: r.validTo, seats: [...r.seats.map(({ username, seat, position, unitId }) => ({ username, seat, position, ...(unitId ? { unitId } : {}) })), { username: c, seat: 'member', position: 'Ủy viên' }] };
    const edited = await admin.request<{ roster: Roster }>('PUT', `/api/council-rosters/${r.rosterId}`, edit);
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.roster).toMatchObject({ version: 2 });
    expect(edited.body.roster.seats.map((s) => s.username)).toContain(c);
    const stale = await admin.request<ErrorBody>('PUT', `/api/council-rosters/${r.rosterId}`, edit);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'STALE_VERSION', field: 'version' });

    // Assess: the history, hash-chained, who and before → after; the administrator's only
    const history = await admin.get<{ intact: boolean; events: { seq: number; action: string; actor: { userId: string }; before?: { seats: Seat[] }; after: { seats: Seat[] } }[] }>(`/api/council-rosters/${r.rosterId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.intact).toBe(true);
    expect(history.body.events.map((e) => [e.seq, e.action])).toEqual([[1, 'created'], [2, 'edited']]);
    expect(history.body.events[1]?.before?.seats).toHaveLength(3);
    expect(history.body.events[1]?.after.seats).toHaveLength(4);
    expect(history.body.events[1]?.actor.userId).toBe(await userIdOf('admin'));
    expect((await secretary.get(`/api/council-rosters/${r.rosterId}/history`)).status).toBe(403);
  });

  it('gives a session its electorate: 19 of 21 agree passes a 90 % form and 18 fails; absent members stay in the base and cannot vote; no quorum, no close; strangers and a dossier already on an open session are refused', async () => {
    // Prepare: 21 members of a 2041 term (the first in the chair), the council secretary keeping the minutes
    const admin = await as('admin');
    const members = await councilPeople(21);
    const created = await admin.post<{ roster: Roster }>('/api/council-rosters', {
      title: `Hội đồng 21 thành viên ${tag()}`,
      validFrom: '2041-01-01',
      validTo: '2041-12-31',
      seats: [
        ...members.map((username, i) => ({ username, seat: i === 0 ? 'chair' : 'member', position: i === 0 ? 'Chủ tịch UBND tỉnh' : `Ủy viên số ${i + 1}` })),
        { username: 'council-secretary', seat: 'secretary', position: 'Thư ký Hội đồng' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const memberIds = created.body.roster.seats.filter((s) => s.seat !== 'secretary').map((s) => s.userId);
    const [pass, fail, short] = await Promise.all([
      awaitingCouncil('unit-b-officer', 'chienSiThiDuaTinh'),
      awaitingCouncil('unit-b-officer', 'chienSiThiDuaTinh'),
      awaitingCouncil('unit-b-officer', 'chienSiThiDuaTinh'),
    ]);
    const secretary = await as('council-secretary');

    // Act + Assess: what opening refuses, by field
    const withMembers = await secretary.post<ErrorBody>('/api/council-sessions', { title: 'Phiên họp', date: '2041-03-10', dossierIds: [pass], memberIds: [...memberIds, 'nguoi-la'] });
    expect(withMembers.status).toBe(400);
    expect(withMembers.body.error.field).toBe('memberIds');
    const stranger = await openSession([pass!], { date: '2041-03-10', absent: [members[3]!, 'member-1'] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.field).toBe('absentUsernames.1');
    const noTerm = await openSession([pass!], { date: '2040-06-15' });
    expect(noTerm.status).toBe(409);
    expect(noTerm.body.error).toMatchObject({ code: 'NO_ROSTER', field: 'date' });
    expect(noTerm.body.error.message.vi).toContain('15/06/2040');

    // Act: the session over two CSTĐ dossiers takes the 2041 roster; the secretary is not in its base
    const opened = await openSession([pass!, fail!], { date: '2041-03-10' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const session = opened.body.session;
    expect(session.rosterId).toBe(created.body.roster.rosterId);
    expect([...session.memberIds].sort()).toEqual([...memberIds].sort());
    expect(session.memberIds).not.toContain(await userIdOf('council-secretary'));
    // the same dossier on a second open session is refused
    const twice = await openSession([fail!], { date: '2041-03-11' });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'DOSSIER_IN_OPEN_SESSION', field: 'dossierIds' });
    // a member of another term (the demo roster) is not on this session
    expect((await (await as('member-1')).post(`/api/council-sessions/${session.id}/ballots`, { dossierId: pass, choice: 'agree' })).status).toBe(403);
    // no quorum yet: the close is refused and the session stays open
    const early = await secretary.post<ErrorBody>(`/api/council-sessions/${session.id}/close`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('NO_QUORUM');
    expect(early.body.error.message.en).toMatch(/0\/21 .*at least 14/);

    // Act: 19 of 21 agree on one, 18 on the other
    const clients = await Promise.all(members.map(signIn));
    await Promise.all(
      clients.map(async (client, i) => {
        expect((await client.post(`/api/council-sessions/${session.id}/ballots`, { dossierId: pass, choice: i < 19 ? 'agree' : 'disagree' })).status).toBe(201);
        expect((await client.post(`/api/council-sessions/${session.id}/ballots`, { dossierId: fail, choice: i < 18 ? 'agree' : 'disagree' })).status).toBe(201);
      }),
    );
    const closed = await secretary.post<{ results: { dossierId: string; passed: boolean; counts: Record<string, number> }[] }>(`/api/council-sessions/${session.id}/close`);

    // Assess: the base is the roster's 21, 90 % of it is 19
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.results.find((r) => r.dossierId === pass)).toMatchObject({ passed: true, counts: { agree: 19, base: 21, needed: 19 } });
    expect(closed.body.results.find((r) => r.dossierId === fail)).toMatchObject({ passed: false, counts: { agree: 18, base: 21, needed: 19 } });

    // Act: a session with 8 of the 21 marked absent — they stay in the base and cannot vote
    const absentees = members.slice(13);
    const thin = await openSession([short!], { date: '2041-09-01', absent: absentees });
    expect(thin.status, JSON.stringify(thin.body)).toBe(201);
    expect(thin.body.session.memberIds).toHaveLength(21);
    expect([...thin.body.session.absentMemberIds].sort()).toEqual((await Promise.all(absentees.map(userIdOf))).sort());
    const absentVote = await clients[20]!.post<ErrorBody>(`/api/council-sessions/${thin.body.session.id}/ballots`, { dossierId: short, choice: 'agree' });
    expect(absentVote.status).toBe(409);
    expect(absentVote.body.error.code).toBe('MEMBER_ABSENT');
    for (const client of clients.slice(0, 13)) expect((await client.post(`/api/council-sessions/${thin.body.session.id}/ballots`, { dossierId: short, choice: 'agree' })).status).toBe(201);
    // Assess: 13 present of 21 is below the 2/3 quorum (14): the session cannot close
    const below = await secretary.post<ErrorBody>(`/api/council-sessions/${thin.body.session.id}/close`);
    expect(below.status).toBe(409);
    expect(below.body.error.code).toBe('NO_QUORUM');
    expect(below.body.error.message.vi).toMatch(/13\/21.*14/);
    expect((await secretary.get<{ session: { state: string } }>(`/api/council-sessions/${thin.body.session.id}`)).body.session.state).toBe('open');
  });

  it('saves two rosters of different terms set up at the same moment, and still refuses an overlap made at the same moment (seen failing first: the second got 409 ROSTERS_CHANGED)', async () => {
    // Prepare: terms of years no other file takes
    const admin = await as('admin');
    const roster = (year: number, title: string) => ({ title, validFrom: `${year}-01-01`, validTo: `${year}-12-31`, seats: [{ username: 'chair', seat: 'chair', position: 'Chủ tịch Hội đồng' }, { username: 'member-1', seat: 'member', position: 'Ủy viên' }] });
    // Act
    const both = await Promise.all([admin.post('/api/council-rosters', roster(2051, 'Hội đồng 2051')), admin.post('/api/council-rosters', roster(2052, 'Hội đồng 2052'))]);
    const overlapping = await Promise.all([admin.post<ErrorBody>('/api/council-rosters', roster(2053, 'Hội đồng 2053 A')), admin.post<ErrorBody>('/api/council-rosters', roster(2053, 'Hội đồng 2053 B'))]);
    // Assess
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect(overlapping.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(overlapping.find((r) => r.status === 409)!.body.error.code).toBe('ROSTER_OVERLAP');
  });
});
