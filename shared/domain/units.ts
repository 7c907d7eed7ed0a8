/**
 * The unit directory (đơn vị, docs/domain.md §2 and §7): rules for creating, editing and closing units, and for
 * the name a unit carried on a given date. Pure: the repository stores what these plans return, atomically.
 *
 * Versioning: a unit is one record with its name history (`names`, each with the date it took effect). A
 * rename adds a name from a date on; old dossiers and old year-end reports read the name in force on their
 * date. A merger closes the old units (validTo, active false) and opens a new one that lists them in
 * `successorOf`. Nothing is deleted.
 */
import type { ActorRef, UnitAuditEventRecord, UnitName, UnitRecord } from '#schemas/records';
import { chainHash, GENESIS_HASH } from './audit.ts';
import { ConflictError, ForbiddenError, ValidationError } from './errors.ts';
import type { UnitType } from './unit-types.ts';

export { isUnitId, UNIT_ID_MAX, unitIdMessage, type UnitType, unitTypeNames, unitTypes } from './unit-types.ts';

/** Fields a creation carries (already shaped by the schema). */
export interface UnitCreation {
  readonly unitId: string;
  readonly name: string;
  readonly shortName: string;
  readonly type: UnitType;
  readonly parentId?: string | undefined;
  readonly successorOf?: readonly string[] | undefined;
  readonly validFrom: string;
  readonly validTo?: string | undefined;
}

/** What an edit may change; `null` clears an optional field. `nameFrom` dates a rename (default: validFrom of the current name, i.e. a correction). */
export interface UnitEdit {
  readonly version: number;
  readonly name?: string | undefined;
  readonly shortName?: string | undefined;
  readonly nameFrom?: string | undefined;
  readonly type?: UnitType | undefined;
  readonly parentId?: string | null | undefined;
  readonly validFrom?: string | undefined;
  readonly validTo?: string | null | undefined;
}

export interface UnitChange {
  readonly unit: UnitRecord;
  readonly event: UnitAuditEventRecord;
}

const invalid = (field: string, vi: string, en: string) => new ValidationError({ field, messages: { vi, en } });

function checkDates(validFrom: string, validTo: string | undefined, field = 'validTo'): void {
  if (validTo !== undefined && validTo < validFrom) {
    throw invalid(field, 'Ngày hết hiệu lực phải sau hoặc trùng ngày bắt đầu hiệu lực', 'The end date must be on or after the start date');
  }
}

/** The parent exists, is not the unit itself, and does not have the unit among its own ancestors. */
export function checkParent(unitId: string, parentId: string | undefined, units: ReadonlyMap<string, Pick<UnitRecord, 'parentId'>>): void {
  if (parentId === undefined) return;
  if (parentId === unitId) throw invalid('parentId', 'Đơn vị không thể là đơn vị cấp trên của chính nó', 'A unit cannot be its own parent');
  if (!units.has(parentId)) throw invalid('parentId', `Không có đơn vị cấp trên ${parentId} trong danh mục`, `No parent unit ${parentId} in the directory`);
  const seen = new Set<string>([unitId]);
  for (let at: string | undefined = parentId; at !== undefined; at = units.get(at)?.parentId) {
    if (seen.has(at)) throw invalid('parentId', 'Đơn vị cấp trên này tạo thành vòng lặp trong cây đơn vị', 'This parent would make a cycle in the unit tree');
    seen.add(at);
  }
}

function snapshot(unit: UnitRecord): Record<string, unknown> {
  const { eventSeq: _s, lastHash: _h, ...rest } = unit;
  return rest;
}

function chain(unit: UnitRecord, prevHash: string, action: UnitAuditEventRecord['action'], actor: ActorRef, before: UnitRecord | undefined, reason?: string): UnitChange {
  const body = {
    unitId: unit.unitId,
    seq: unit.eventSeq,
    at: unit.updatedAt,
    actor,
    action,
    ...(before ? { before: snapshot(before) } : {}),
    after: snapshot(unit),
    ...(reason ? { reason } : {}),
    prevHash,
  };
  const event = { ...body, hash: chainHash(prevHash, body) };
  return { unit: { ...unit, lastHash: event.hash }, event };
}

export function planUnitCreation(input: UnitCreation, units: ReadonlyMap<string, UnitRecord>, actor: ActorRef, now: Date): UnitChange {
  if (units.has(input.unitId)) throw duplicate(input.unitId);
  checkDates(input.validFrom, input.validTo);
  checkParent(input.unitId, input.parentId, units);
  (input.successorOf ?? []).forEach((id, i) => {
    if (!units.has(id)) throw invalid(`successorOf.${i}`, `Không có đơn vị ${id} trong danh mục`, `No unit ${id} in the directory`);
    if (id === input.unitId) throw invalid(`successorOf.${i}`, 'Đơn vị không thể kế thừa chính nó', 'A unit cannot succeed itself');
  });
  const at = now.toISOString();
  const unit: UnitRecord = {
    unitId: input.unitId,
    name: input.name,
    shortName: input.shortName,
    names: [{ name: input.name, shortName: input.shortName, from: input.validFrom }],
    type: input.type,
    ...(input.parentId ? { parentId: input.parentId } : {}),
    ...(input.successorOf?.length ? { successorOf: [...input.successorOf] } : {}),
    validFrom: input.validFrom,
    ...(input.validTo ? { validTo: input.validTo } : {}),
    active: true,
    version: 1,
    eventSeq: 1,
    lastHash: GENESIS_HASH,
    createdAt: at,
    updatedAt: at,
    updatedBy: actor.userId,
  };
  return chain(unit, GENESIS_HASH, 'created', actor, undefined);
}

export function duplicate(unitId: string): ConflictError {
  return new ConflictError({ code: 'UNIT_EXISTS', field: 'unitId', messages: { vi: `Mã đơn vị ${unitId} đã có trong danh mục`, en: `The unit id ${unitId} is already in the directory` } });
}

export function staleVersion(): ConflictError {
  return new ConflictError({
    code: 'STALE_VERSION',
    field: 'version',
    messages: { vi: 'Đơn vị vừa được người khác sửa; vui lòng tải lại rồi sửa lại', en: 'Someone else changed this unit meanwhile; reload it and edit again' },
  });
}

function checkVersion(unit: UnitRecord, version: number): void {
  if (unit.version !== version) throw staleVersion();
}

/** An edit: checks the version, dates and parent; a changed name is added to the history from `nameFrom`. */
export function planUnitEdit(unit: UnitRecord, edit: UnitEdit, units: ReadonlyMap<string, UnitRecord>, actor: ActorRef, now: Date): UnitChange {
  checkVersion(unit, edit.version);
  if (!unit.active) throw new ConflictError({ code: 'UNIT_INACTIVE', field: 'unitId', messages: { vi: 'Đơn vị đã ngừng hoạt động, không sửa được nữa', en: 'The unit is closed and can no longer be edited' } });
  const validFrom = edit.validFrom ?? unit.validFrom;
  const validTo = edit.validTo === null ? undefined : (edit.validTo ?? unit.validTo);
  checkDates(validFrom, validTo, edit.validTo !== undefined ? 'validTo' : 'validFrom');
  const parentId = edit.parentId === null ? undefined : (edit.parentId ?? unit.parentId);
  if (edit.parentId !== undefined) checkParent(unit.unitId, parentId, units);
  const names = renamed(unit, edit, validFrom);
  const current = names[names.length - 1]!;
  const { parentId: _p, validTo: _t, ...kept } = unit;
  const after: UnitRecord = {
    ...kept,
    name: current.name,
    shortName: current.shortName,
    names,
    type: edit.type ?? unit.type,
    ...(parentId ? { parentId } : {}),
    validFrom,
    ...(validTo ? { validTo } : {}),
    version: unit.version + 1,
    eventSeq: unit.eventSeq + 1,
    updatedAt: now.toISOString(),
    updatedBy: actor.userId,
  };
  return chain(after, unit.lastHash, 'edited', actor, unit);
}

function renamed(unit: UnitRecord, edit: UnitEdit, validFrom: string): UnitName[] {
  const names = [...unit.names];
  const last = names[names.length - 1]!;
  const name = edit.name ?? last.name;
  const shortName = edit.shortName ?? last.shortName;
  if (name === last.name && shortName === last.shortName) {
    // The first name always starts with the unit.
    if (names.length === 1 && last.from !== validFrom) names[0] = { ...last, from: validFrom };
    return names;
  }
  const from = edit.nameFrom ?? last.from;
  if (from < last.from) {
    throw invalid('nameFrom', 'Ngày đổi tên phải sau ngày của tên hiện tại', 'A rename must take effect after the current name did');
  }
  // Same date: a correction of the current name; a later date: a rename that keeps the old name for earlier dates.
  if (from === last.from) names[names.length - 1] = { name, shortName, from: names.length === 1 ? validFrom : from };
  else names.push({ name, shortName, from });
  return names;
}

/** Closing a unit (merger, dissolution): never a delete, the unit keeps its names for old records. */
export function planUnitDeactivation(unit: UnitRecord, input: { version: number; validTo: string; reason?: string | undefined }, actor: ActorRef, now: Date): UnitChange {
  checkVersion(unit, input.version);
  if (!unit.active) throw new ConflictError({ code: 'UNIT_INACTIVE', field: 'unitId', messages: { vi: 'Đơn vị đã ngừng hoạt động', en: 'The unit is already closed' } });
  checkDates(unit.validFrom, input.validTo);
  const after: UnitRecord = { ...unit, active: false, validTo: input.validTo, version: unit.version + 1, eventSeq: unit.eventSeq + 1, updatedAt: now.toISOString(), updatedBy: actor.userId };
  return chain(after, unit.lastHash, 'deactivated', actor, unit, input.reason);
}

/** The name (and short name) in force on a date: the latest name taken on or before it, else the first. */
export function nameOn(unit: Pick<UnitRecord, 'names' | 'name' | 'shortName'>, date: string): UnitName {
  let found: UnitName | undefined;
  for (const n of unit.names) if (n.from <= date) found = n;
  return found ?? unit.names[0] ?? { name: unit.name, shortName: unit.shortName, from: date };
}

/** Units named in a year's record (cluster members) must be in the directory and in force at some time that year. */
export function assertUnitsOfYear(units: ReadonlyMap<string, Pick<UnitRecord, 'validFrom' | 'validTo'>>, unitIds: readonly string[], year: number, field: string): void {
  unitIds.forEach((id, i) => {
    const unit = units.get(id);
    if (!unit) throw invalid(`${field}.${i}`, `Không có đơn vị ${id} trong danh mục đơn vị`, `No unit ${id} in the unit directory`);
    if (unit.validFrom > `${year}-12-31` || (unit.validTo !== undefined && unit.validTo < `${year}-01-01`)) {
      throw invalid(`${field}.${i}`, `Đơn vị ${id} không có hiệu lực trong năm ${year}`, `Unit ${id} is not in force in ${year}`);
    }
  });
}

/** Each unit's name on a date (a year-end report names units as they were at the year's end). */
export function unitNamesOn(units: readonly Pick<UnitRecord, 'unitId' | 'names' | 'name' | 'shortName'>[], date: string): Record<string, string> {
  return Object.fromEntries(units.map((u) => [u.unitId, nameOn(u, date).name]));
}

/** Open on that date: active, started, not yet ended. */
export function isInForce(unit: Pick<UnitRecord, 'active' | 'validFrom' | 'validTo'>, date: string): boolean {
  return unit.active && unit.validFrom <= date && (unit.validTo === undefined || date <= unit.validTo);
}

/**
 * A unit files dossiers only while it is in the directory and in force: a unit closed by a merger files
 * through its successor. The unit comes from the caller's account, so this is a 403, not a bad input.
 */
export function assertUnitCanFile(unit: UnitRecord | undefined, unitId: string, date: string): UnitRecord {
  if (!unit) {
    throw new ForbiddenError({
      field: 'unitId',
      messages: { vi: `Đơn vị ${unitId} của tài khoản chưa có trong danh mục đơn vị; vui lòng liên hệ quản trị hệ thống`, en: `Your account's unit ${unitId} is not in the unit directory; please ask an administrator` },
    });
  }
  if (!isInForce(unit, date)) {
    const { name } = nameOn(unit, date);
    throw new ForbiddenError({
      field: 'unitId',
      messages: { vi: `${name} không còn hiệu lực trong danh mục đơn vị, không tạo được hồ sơ mới`, en: `${name} is no longer in force in the unit directory and cannot file new dossiers` },
    });
  }
  return unit;
}

/**
 * A person of a unit acts only while the unit is in force: once it is closed (a merger, a dissolution) its
 * officers' tokens, still valid for hours, open nothing. 403 `UNIT_CLOSED`.
 */
export function assertUnitOpenForAccess(unit: UnitRecord | undefined, unitId: string, date: string): void {
  if (unit && isInForce(unit, date)) return;
  const name = unit ? nameOn(unit, date).name : unitId;
  throw new ForbiddenError({
    code: 'UNIT_CLOSED',
    field: 'unitId',
    messages: {
      vi: `${name} không có hoặc không còn hiệu lực trong danh mục đơn vị; tài khoản của đơn vị không truy cập được. Vui lòng liên hệ quản trị hệ thống`,
      en: `${name} is not, or no longer, in force in the unit directory; its accounts have no access. Please ask an administrator`,
    },
  });
}

/** Lower case without Vietnamese diacritics, so "so giao duc" finds "Sở Giáo dục". */
export function foldText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

export interface UnitQuery {
  readonly q?: string | undefined;
  readonly type?: UnitType | undefined;
  readonly active?: boolean | undefined;
  /** Names as of this date, and `active` means in force on it. */
  readonly on: string;
}

/** Directory search: words of `q` in the id or any name the unit has carried; names shown as of `on`. */
export function searchUnits(units: readonly UnitRecord[], query: UnitQuery): UnitRecord[] {
  const words = foldText(query.q ?? '').split(/\s+/).filter(Boolean);
  return units
    .filter((u) => query.type === undefined || u.type === query.type)
    .filter((u) => query.active === undefined || isInForce(u, query.on) === query.active)
    .filter((u) => {
      const hay = foldText([u.unitId, ...u.names.flatMap((n) => [n.name, n.shortName])].join(' '));
      return words.every((w) => hay.includes(w));
    })
    .map((u) => ({ ...u, ...pick(nameOn(u, query.on)) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

const pick = (n: UnitName) => ({ name: n.name, shortName: n.shortName });
