import { describe, expect, it } from 'vitest';
import { as, awaitingCouncil, openSession } from './support.ts';

type ErrorBody = { error: { code: string; field?: string; message: { vi: string; en: string } } };

describe('written opinions of absent members (docs/domain.md §5)', () => {
  it('count as ballots on the base of all members, but not towards the quorum; only an absent member sends one, and says so', async () => {
    // Prepare: two Cờ thi đua dossiers on two sessions of the demo roster (8 members)
    const [first, second] = await Promise.all([awaitingCouncil(), awaitingCouncil()]);
    const secretary = await as('council-secretary');
    const session = (await openSession([first], { absent: ['member-6', 'member-7'] })).body.session.id;
    const cast = async (member: string, dossierId: string, sessionId: string, extra: Record<string, unknown> = {}) =>
      (await as(member)).post<ErrorBody>(`/api/council-sessions/${sessionId}/ballots`, { dossierId, choice: 'agree', ...extra });
    // Act + Assess: an absent member's plain ballot is refused; a present member cannot send a written one
    expect((await cast('member-6', first, session)).body.error.code).toBe('MEMBER_ABSENT');
    const presentWritten = await cast('member-1', first, session, { written: true });
    expect([presentWritten.status, presentWritten.body.error.field]).toEqual([400, 'written']);
    // 6 in the room and 2 in writing: 8 of 8 agree, the 80 % a Cờ thi đua needs
    for (const m of ['chair', 'member-1', 'member-2', 'member-3', 'member-4', 'member-5']) expect((await cast(m, first, session)).status).toBe(201);
    for (const m of ['member-6', 'member-7']) expect((await cast(m, first, session, { written: true })).status).toBe(201);
    const closed = await secretary.post<{ results: { passed: boolean; counts: Record<string, number> }[]; minutesKey: string }>(`/api/council-sessions/${session}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.results[0]).toMatchObject({ passed: true, counts: { agree: 8, ballots: 8, base: 8, needed: 7 } });

    // Act: three absent, all three in writing, five in the room — written opinions do not make the quorum (6 of 8)
    const thin = (await openSession([second], { absent: ['member-5', 'member-6', 'member-7'] })).body.session.id;
    for (const m of ['chair', 'member-1', 'member-2', 'member-3', 'member-4']) expect((await cast(m, second, thin)).status).toBe(201);
    for (const m of ['member-5', 'member-6', 'member-7']) expect((await cast(m, second, thin, { written: true })).status).toBe(201);
    const refused = await secretary.post<ErrorBody>(`/api/council-sessions/${thin}/close`);
    // Assess
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('NO_QUORUM');
    expect(refused.body.error.message.vi).toMatch(/5\/8.*6/);
  });
});
