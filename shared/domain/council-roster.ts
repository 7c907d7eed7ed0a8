/**
 * The council as a roster with a term (docs/domain.md §5, issue 23 item 4): who sits on the Hội đồng Thi đua – Khen
 * thưởng tỉnh, in which seat, for which unit, from a date to a date. Pure: the handler resolves people and
 * units from the directory, these plans check and shape, the repository stores a plan and its audit event
 * atomically (the unit directory's pattern: shared/domain/units.ts).
 */
import type { ActorRef, RosterAuditEventRecord, RosterRecord, RosterSeat } from '#schemas/records';
import { chainHash, GENESIS_HASH } from './audit.ts';
import { formatDateVi } from './calendar.ts';
import { ConflictError, ValidationError } from './errors.ts';
import type { Role } from './roles.ts';

export const seatKinds = ['chair', 'viceChair', 'member', 'secretary'] as const;
export type SeatKind = (typeof seatKinds)[number];
/** Seats that vote and make the base of quorum and threshold; the secretary keeps the minutes only. */
export const votingSeats: readonly SeatKind[] = ['chair', 'viceChair', 'member'];

/** A seat as asked for: the directory supplies the person's id and name. */
export interface SeatInput {
  readonly username: string;
  readonly seat: SeatKind;
  readonly position: string;
  readonly unitId?: string | undefined;
}

export interface RosterInput {
  readonly title: string;
  readonly legalBasis?: string | undefined;
  readonly validFrom: string;
  readonly validTo?: string | undefined;
  readonly seats: readonly SeatInput[];
}

/** What the directory says of a person named on a seat (undefined: no such account). */
export interface SeatPerson {
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly enabled: boolean;
}

export interface RosterChange {
  readonly roster: RosterRecord;
  readonly event: RosterAuditEventRecord;
}

const invalid = (field: string, vi: string, en: string) => new ValidationError({ field, messages: { vi, en } });

/** The terms [from, to] and [from', to'] share a day; an open end runs for ever. */
const overlaps = (a: Pick<RosterRecord, 'validFrom' | 'validTo'>, b: Pick<RosterRecord, 'validFrom' | 'validTo'>) =>
  a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');

/**
 * Checks a roster against the directory and the other terms, and resolves each seat's person. Refusals name
 * the seat (`seats.3.username`) or the date.
 */
function resolveSeats(
  input: RosterInput,
  people: ReadonlyMap<string, SeatPerson | undefined>,
  unitIds: ReadonlySet<string>,
  others: readonly RosterRecord[],
): RosterSeat[] {
  if (input.validTo !== undefined && input.validTo < input.validFrom) {
    throw invalid('validTo', 'Ngày kết thúc nhiệm kỳ phải sau hoặc trùng ngày bắt đầu', 'The end of the term must be on or after its start');
  }
  const clash = others.find((o) => overlaps(o, input));
  if (clash) {
    throw new ConflictError({
      code: 'ROSTER_OVERLAP',
      field: 'validFrom',
      messages: {
        vi: `Nhiệm kỳ trùng với danh sách Hội đồng "${clash.title}" (${formatDateVi(clash.validFrom)} – ${clash.validTo ? formatDateVi(clash.validTo) : '…'}); vui lòng chọn ngày bắt đầu sau ngày kết thúc nhiệm kỳ đó`,
        en: `The term overlaps the council roster "${clash.title}" (${formatDateVi(clash.validFrom)} – ${clash.validTo ? formatDateVi(clash.validTo) : '…'}); choose a start after that term ends`,
      },
    });
  }
  const seen = new Map<string, Set<string>>();
  const seats = input.seats.map((s, i): RosterSeat => {
    const person = people.get(s.username);
    if (!person) throw invalid(`seats.${i}.username`, `Không có tài khoản ${s.username}`, `No account ${s.username}`);
    const voting = votingSeats.includes(s.seat);
    // A person holds at most one voting seat and at most one secretary seat (the secretary may also be a member).
    const kinds = seen.get(s.username) ?? new Set<string>();
    const kind = voting ? 'voting' : 'secretary';
    if (kinds.has(kind)) throw invalid(`seats.${i}.username`, `${s.username} đã có ghế trong danh sách`, `${s.username} already holds a seat on the roster`);
    kinds.add(kind);
    seen.set(s.username, kinds);
    if (voting && (!person.enabled || !person.roles.includes('councilMember'))) {
      throw invalid(
        `seats.${i}.username`,
        `${s.username} chưa có vai trò Ủy viên Hội đồng hoặc tài khoản đang bị khóa, không giữ ghế biểu quyết được`,
        `${s.username} lacks the council member role or is disabled, and cannot hold a voting seat`,
      );
    }
    if (!voting && !person.enabled) throw invalid(`seats.${i}.username`, `Tài khoản ${s.username} đang bị khóa`, `The account ${s.username} is disabled`);
    if (s.unitId !== undefined && !unitIds.has(s.unitId)) {
      throw invalid(`seats.${i}.unitId`, `Không có đơn vị ${s.unitId} trong danh mục đơn vị`, `No unit ${s.unitId} in the unit directory`);
    }
    return { username: s.username, userId: person.userId, name: person.name, seat: s.seat, position: s.position, ...(s.unitId ? { unitId: s.unitId } : {}) };
  });
  const chairs = seats.filter((s) => s.seat === 'chair').length;
  if (chairs !== 1) throw invalid('seats', `Hội đồng cần đúng một Chủ tịch (đang có ${chairs})`, `The council needs exactly one chair (${chairs} given)`);
  return seats;
}

function snapshot(roster: RosterRecord): Record<string, unknown> {
  const { eventSeq: _s, lastHash: _h, ...rest } = roster;
  return rest;
}

function chain(roster: RosterRecord, prevHash: string, action: RosterAuditEventRecord['action'], actor: ActorRef, before: RosterRecord | undefined): RosterChange {
  const body = {
    rosterId: roster.rosterId,
    seq: roster.eventSeq,
    at: roster.updatedAt,
    actor,
    action,
    ...(before ? { before: snapshot(before) } : {}),
    after: snapshot(roster),
    prevHash,
  };
  const event = { ...body, hash: chainHash(prevHash, body) };
  return { roster: { ...roster, lastHash: event.hash }, event };
}

export function planRosterCreation(
  rosterId: string,
  input: RosterInput,
  people: ReadonlyMap<string, SeatPerson | undefined>,
  unitIds: ReadonlySet<string>,
  rosters: readonly RosterRecord[],
  actor: ActorRef,
  now: Date,
): RosterChange {
  const seats = resolveSeats(input, people, unitIds, rosters);
  const at = now.toISOString();
  const roster: RosterRecord = {
    rosterId,
    title: input.title,
    ...(input.legalBasis ? { legalBasis: input.legalBasis } : {}),
    validFrom: input.validFrom,
    ...(input.validTo ? { validTo: input.validTo } : {}),
    seats,
    version: 1,
    eventSeq: 1,
    lastHash: GENESIS_HASH,
    createdAt: at,
    updatedAt: at,
    updatedBy: actor.userId,
  };
  return chain(roster, GENESIS_HASH, 'created', actor, undefined);
}

export const staleRoster = () =>
  new ConflictError({
    code: 'STALE_VERSION',
    field: 'version',
    messages: { vi: 'Danh sách Hội đồng vừa được người khác sửa; vui lòng tải lại rồi sửa lại', en: 'Someone else changed this roster meanwhile; reload it and edit again' },
  });

/** An edit replaces the whole roster (title, term, seats), checked like a creation, at the version read. */
export function planRosterEdit(
  roster: RosterRecord,
  input: RosterInput & { readonly version: number },
  people: ReadonlyMap<string, SeatPerson | undefined>,
  unitIds: ReadonlySet<string>,
  rosters: readonly RosterRecord[],
  actor: ActorRef,
  now: Date,
): RosterChange {
  if (roster.version !== input.version) throw staleRoster();
  const seats = resolveSeats(input, people, unitIds, rosters.filter((r) => r.rosterId !== roster.rosterId));
  const { legalBasis: _l, validTo: _t, ...kept } = roster;
  const after: RosterRecord = {
    ...kept,
    title: input.title,
    ...(input.legalBasis ? { legalBasis: input.legalBasis } : {}),
    validFrom: input.validFrom,
    ...(input.validTo ? { validTo: input.validTo } : {}),
    seats,
    version: roster.version + 1,
    eventSeq: roster.eventSeq + 1,
    updatedAt: now.toISOString(),
    updatedBy: actor.userId,
  };
  return chain(after, roster.lastHash, 'edited', actor, roster);
}

/** The roster whose term holds the date, if any (terms never overlap, so at most one). */
export function rosterOn(rosters: readonly RosterRecord[], date: string): RosterRecord | undefined {
  return rosters.find((r) => r.validFrom <= date && (r.validTo === undefined || date <= r.validTo));
}

/** The voting seats, one per person: the base of quorum and threshold (docs/domain.md §5: total members). */
export function votingMembers(roster: Pick<RosterRecord, 'seats'>): RosterSeat[] {
  const seen = new Set<string>();
  return roster.seats.filter((s) => votingSeats.includes(s.seat) && !seen.has(s.userId) && seen.add(s.userId));
}

export const noRosterError = (date: string) =>
  new ConflictError({
    code: 'NO_ROSTER',
    field: 'date',
    messages: {
      vi: `Không có danh sách Hội đồng nào có hiệu lực vào ngày ${date.split('-').reverse().join('/')}; quản trị hệ thống cần lập danh sách nhiệm kỳ trước`,
      en: `No council roster is in force on ${date}; an administrator must set up the term's roster first`,
    },
  });

/**
 * The electorate of a session opened on the roster: every voting member (the base), those the secretary
 * marks absent (still in the base, they cannot vote), and each member's name and unit for recusals and
 * minutes. Only members of the roster may be marked absent: the secretary never adds anyone.
 */
export function sessionElectorate(roster: RosterRecord, absentUsernames: readonly string[]) {
  const members = votingMembers(roster);
  const byUsername = new Map(members.map((m) => [m.username, m]));
  absentUsernames.forEach((u, i) => {
    if (!byUsername.has(u)) {
      throw invalid(`absentUsernames.${i}`, `${u} không phải ủy viên biểu quyết của Hội đồng nhiệm kỳ này`, `${u} is not a voting member of this term's council`);
    }
  });
  if (new Set(absentUsernames).size !== absentUsernames.length) throw invalid('absentUsernames', 'Danh sách vắng mặt bị trùng', 'Duplicate absent members');
  return {
    rosterId: roster.rosterId,
    memberIds: members.map((m) => m.userId),
    absentMemberIds: absentUsernames.map((u) => byUsername.get(u)!.userId),
    memberNames: Object.fromEntries(members.map((m) => [m.userId, m.name])),
    memberUnits: Object.fromEntries(members.flatMap((m) => (m.unitId ? [[m.userId, m.unitId]] : []))),
  };
}
