import { describe, expect, it } from 'vitest';
import { planRosterCreation, planRosterEdit, rosterOn, type SeatPerson, sessionElectorate, votingMembers } from '#domain/council-roster';
import { firstBrokenLink, type ChainLink } from '#domain/audit';
import { DomainError } from '#domain/errors';

const actor = { userId: 'sub-admin', roles: ['admin'] };
const now = new Date('2026-12-03T08:00:00Z');
const person = (userId: string, roles: SeatPerson['roles'] = ['councilMember'], enabled = true): SeatPerson => ({ userId, name: `Người ${userId}`, roles, enabled });
const people = new Map<string, SeatPerson | undefined>([
  ['chu-tich', person('sub-1')],
  ['uy-vien', person('sub-2')],
  ['thu-ky', person('sub-3', ['councilSecretary'])],
  ['bi-khoa', person('sub-4', ['councilMember'], false)],
]);
const units = new Set(['so-y-te']);
const term = {
  title: 'Hội đồng nhiệm kỳ 2026–2030',
  validFrom: '2026-01-01',
  validTo: '2030-12-31',
  seats: [
    { username: 'chu-tich', seat: 'chair' as const, position: 'Chủ tịch UBND tỉnh' },
    { username: 'uy-vien', seat: 'member' as const, position: 'Giám đốc Sở Y tế', unitId: 'so-y-te' },
    { username: 'thu-ky', seat: 'secretary' as const, position: 'Thư ký' },
  ],
};
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error instanceof DomainError ? { status: error.status, field: error.field, code: error.code } : error;
  }
  throw new Error('not refused');
};

describe('a council roster', () => {
  it('resolves seats from the directory; the secretary is not in the base; its events chain', () => {
    const created = planRosterCreation('r-1', term, people, units, [], actor, now);
    expect(created.roster.seats.map((s) => s.userId)).toEqual(['sub-1', 'sub-2', 'sub-3']);
    expect(votingMembers(created.roster).map((s) => s.userId)).toEqual(['sub-1', 'sub-2']);
    const edited = planRosterEdit(created.roster, { ...term, version: 1, title: 'Đổi tên' }, people, units, [created.roster], actor, now);
    expect(edited.roster.version).toBe(2);
    expect(firstBrokenLink([created.event, edited.event] as unknown as ChainLink[])).toBeNull();
    expect(refusal(() => planRosterEdit(edited.roster, { ...term, version: 1 }, people, units, [edited.roster], actor, now))).toMatchObject({ status: 409, field: 'version' });
  });

  it('refuses unknown people, disabled or non-member voters, duplicate seats, units the directory lacks, and overlapping terms', () => {
    const existing = planRosterCreation('r-1', term, people, units, [], actor, now).roster;
    const seat = (username: string, extra = {}) => ({ ...term, seats: [term.seats[0]!, { username, seat: 'member' as const, position: 'Ủy viên', ...extra }] });
    expect(refusal(() => planRosterCreation('r-2', seat('khong-co'), people, units, [], actor, now))).toMatchObject({ status: 400, field: 'seats.1.username' });
    expect(refusal(() => planRosterCreation('r-2', seat('thu-ky'), people, units, [], actor, now))).toMatchObject({ status: 400, field: 'seats.1.username' });
    expect(refusal(() => planRosterCreation('r-2', seat('bi-khoa'), people, units, [], actor, now))).toMatchObject({ status: 400, field: 'seats.1.username' });
    expect(refusal(() => planRosterCreation('r-2', seat('chu-tich'), people, units, [], actor, now))).toMatchObject({ status: 400, field: 'seats.1.username' });
    expect(refusal(() => planRosterCreation('r-2', seat('uy-vien', { unitId: 'so-khong-co' }), people, units, [], actor, now))).toMatchObject({ status: 400, field: 'seats.1.unitId' });
    expect(refusal(() => planRosterCreation('r-2', { ...term, validFrom: '2030-12-31', validTo: '2035-12-31' }, people, units, [existing], actor, now))).toMatchObject({ status: 409, field: 'validFrom', code: 'ROSTER_OVERLAP' });
    // the day after the term ends is free
    expect(planRosterCreation('r-2', { ...term, validFrom: '2031-01-01', validTo: undefined }, people, units, [existing], actor, now).roster.validFrom).toBe('2031-01-01');
  });

  it('gives a session the roster in force on its date; absent members stay in the base; strangers are refused by field', () => {
    const roster = planRosterCreation('r-1', term, people, units, [], actor, now).roster;
    expect(rosterOn([roster], '2025-12-31')).toBeUndefined();
    expect(rosterOn([roster], '2030-12-31')?.rosterId).toBe('r-1');
    const electorate = sessionElectorate(roster, ['uy-vien']);
    expect(electorate).toMatchObject({ rosterId: 'r-1', memberIds: ['sub-1', 'sub-2'], absentMemberIds: ['sub-2'], memberUnits: { 'sub-2': 'so-y-te' } });
    expect(refusal(() => sessionElectorate(roster, ['thu-ky']))).toMatchObject({ status: 400, field: 'absentUsernames.0' });
  });
});
