/**
 * Bulk import of the directory (issue 23 item 3): the units or the people of a spreadsheet a secretariat keeps.
 * Pure: the reader gives cells, this maps the header, checks every row with the same rules the single-item
 * routes use (planUnitCreation/planUnitEdit, assertAccountShape, the zod schemas) and plans what would change.
 * Nothing here writes; the function commits the plan through the same adapters as the single-item routes.
 */
import * as z from 'zod/mini';
import type { ActorRef, UnitRecord } from '#schemas/records';
import { CreatePersonInput } from '#schemas/input/people';
import { CreateUnitInput } from '#schemas/input/units';
import { type Bilingual, DomainError } from './errors.ts';
import { assertAccountShape } from './people.ts';
import { type Role, roleNames, roles } from './roles.ts';
import { foldText, isInForce, isUnitId, planUnitCreation, planUnitEdit, type UnitChange, type UnitEdit, type UnitType, unitTypeNames, unitTypes } from './units.ts';

export const importKinds = ['units', 'people'] as const;
export type ImportKind = (typeof importKinds)[number];

/** The largest file accepted (the presigned POST enforces it too); 5,000 rows are about 0.3 MB as XLSX. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** More data rows than this are refused whole: the reader stops counting at the first row past it. */
export const MAX_IMPORT_ROWS = 100_000;
/** A title or notes may stand above the header: it is looked for in the first rows. */
export const HEADER_SEARCH_ROWS = 10;

export type Cell = string | number | boolean | null | undefined;
/** A sheet's rows as read: `number` is the row number the spreadsheet shows (1-based). */
export interface SheetRow {
  readonly number: number;
  readonly cells: readonly Cell[];
}

interface ColumnSpec {
  readonly key: string;
  readonly label: Bilingual;
  /** Headers accepted besides the key and the label's words, compared without case, diacritics or punctuation. */
  readonly aliases?: readonly string[];
  readonly required?: boolean;
}

export const importColumns: Record<ImportKind, readonly ColumnSpec[]> = {
  units: [
    { key: 'unitId', label: { vi: 'Mã đơn vị', en: 'Unit id' }, aliases: ['Mã'], required: true },
    { key: 'name', label: { vi: 'Tên đơn vị', en: 'Name' }, aliases: ['Tên'], required: true },
    { key: 'shortName', label: { vi: 'Tên viết tắt', en: 'Short name' } },
    { key: 'type', label: { vi: 'Loại', en: 'Type' }, aliases: ['Loại đơn vị'], required: true },
    { key: 'parentId', label: { vi: 'Đơn vị cấp trên', en: 'Parent unit' }, aliases: ['Mã đơn vị cấp trên', 'parent'] },
    { key: 'validFrom', label: { vi: 'Hiệu lực từ', en: 'Valid from' }, aliases: ['Từ ngày'] },
    { key: 'validTo', label: { vi: 'Hiệu lực đến', en: 'Valid to' }, aliases: ['Đến ngày'] },
  ],
  people: [
    { key: 'username', label: { vi: 'Tên đăng nhập', en: 'Username' }, required: true },
    { key: 'name', label: { vi: 'Họ và tên', en: 'Full name' }, aliases: ['Họ tên', 'Tên'], required: true },
    { key: 'email', label: { vi: 'Thư điện tử', en: 'E-mail' }, aliases: ['Email', 'Địa chỉ thư điện tử'], required: true },
    { key: 'roles', label: { vi: 'Vai trò', en: 'Roles' }, aliases: ['role'], required: true },
    { key: 'unitId', label: { vi: 'Mã đơn vị', en: 'Unit id' }, aliases: ['Đơn vị'] },
    { key: 'startDate', label: { vi: 'Ngày bắt đầu', en: 'Start date' }, aliases: ['Từ ngày'] },
  ],
};

/** Header comparison: no case, no diacritics, letters and digits only ("Mã đơn vị" = "ma don vi" = "MaDonVi"). */
const squash = (s: string) => foldText(s).replace(/[^a-z0-9]/g, '');

export interface ImportError {
  /** The row number as the spreadsheet shows it (0: the file as a whole). */
  readonly row: number;
  /** The column's key (unitId, email, …); `file` for the file as a whole. */
  readonly column: string;
  readonly code: string;
  readonly message: Bilingual;
}

export type ImportAction = 'create' | 'update' | 'unchanged';
export interface ImportRow {
  readonly row: number;
  readonly id: string;
  readonly action?: ImportAction;
  /** For an update: the columns whose value changes. */
  readonly changes?: readonly string[];
}

export interface ImportCounts {
  readonly rows: number;
  readonly create: number;
  readonly update: number;
  readonly unchanged: number;
  readonly errors: number;
}

/** A problem with the file as a whole (wrong sheet, empty, too many rows): nothing of it is read further. */
export class ImportFileError extends Error {
  constructor(
    readonly code: string,
    readonly messages: Bilingual,
  ) {
    super(messages.en);
  }
}

const fileError = (code: string, vi: string, en: string) => new ImportFileError(code, { vi, en });

export interface MappedSheet {
  readonly columns: ReadonlyMap<string, number>;
  readonly rows: readonly { readonly number: number; readonly values: Readonly<Record<string, Cell>> }[];
}

/**
 * Finds the header (in the first rows) and maps each later row to the columns' keys. Blank rows are skipped.
 * `more`: the reader stopped before the end of the file.
 */
export function mapSheet(kind: ImportKind, rows: readonly SheetRow[], more: boolean): MappedSheet {
  const specs = importColumns[kind];
  const names = new Map<string, string>();
  for (const spec of specs) for (const h of [spec.key, spec.label.vi, spec.label.en, ...(spec.aliases ?? [])]) if (!names.has(squash(h))) names.set(squash(h), spec.key);
  const nonBlank = rows.filter((r) => r.cells.some((c) => text(c) !== ''));
  if (nonBlank.length === 0) throw fileError('EMPTY_FILE', 'Tệp trống: không có dòng dữ liệu nào', 'The file is empty: it has no rows');
  let header: { at: number; columns: Map<string, number> } | undefined;
  for (const [at, row] of nonBlank.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const columns = new Map<string, number>();
    row.cells.forEach((c, i) => {
      const key = names.get(squash(text(c)));
      if (key && !columns.has(key)) columns.set(key, i);
    });
    if (specs.every((s) => !s.required || columns.has(s.key))) {
      header = { at, columns };
      break;
    }
  }
  if (!header) {
    const wanted = specs.filter((s) => s.required).map((s) => s.label);
    throw fileError(
      'WRONG_SHEET',
      `Trang tính đầu tiên không có dòng tiêu đề của danh sách ${kind === 'units' ? 'đơn vị' : 'người dùng'} (cần các cột: ${wanted.map((w) => w.vi).join(', ')})`,
      `The first sheet has no header row of a ${kind === 'units' ? 'unit' : 'people'} list (columns needed: ${wanted.map((w) => w.en).join(', ')})`,
    );
  }
  const data = nonBlank.slice(header.at + 1);
  if (more || data.length > MAX_IMPORT_ROWS) {
    throw fileError('TOO_MANY_ROWS', `Tệp có hơn ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng; vui lòng chia thành nhiều tệp`, `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows; split it into several files`);
  }
  if (data.length === 0) throw fileError('EMPTY_FILE', 'Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào', 'The file has a header and no data rows');
  const columns = header.columns;
  return { columns, rows: data.map((r) => ({ number: r.number, values: Object.fromEntries([...columns].map(([key, i]) => [key, r.cells[i]])) })) };
}

function text(c: Cell): string {
  if (c === null || c === undefined) return '';
  return String(c).trim();
}

/** dd/mm/yyyy (Vietnam's way), yyyy-mm-dd, or an Excel date serial → yyyy-mm-dd; undefined if none of these. */
export function importDate(c: Cell): string | undefined {
  if (typeof c === 'number') {
    // Excel counts days from 1899-12-30 (its phantom 29/02/1900 included).
    if (!Number.isFinite(c) || c < 1 || c > 2958465) return undefined;
    return new Date(Date.UTC(1899, 11, 30) + Math.floor(c) * 86_400_000).toISOString().slice(0, 10);
  }
  const s = text(c);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.000)?Z?)?$/.exec(s);
  const [y, m, d] = vn ? [vn[3], vn[2], vn[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d) return undefined;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : undefined;
}

const byName = <K extends string>(names: Record<K, Bilingual>) => {
  const map = new Map<string, K>();
  for (const [code, n] of Object.entries(names) as [K, Bilingual][]) for (const s of [code, n.vi, n.en]) map.set(squash(s), code);
  return (s: string) => map.get(squash(s));
};
/** A unit type by its code (department) or its name in either language ("Sở, ban, ngành"). */
export const unitTypeOf = byName(unitTypeNames) as (s: string) => UnitType | undefined;
/** A role by its code (unitOfficer) or its name in either language ("Cán bộ đơn vị trình"). */
export const roleOf = byName(roleNames) as (s: string) => Role | undefined;

/** What the file says a person is, shaped as the people routes take it. */
export interface PersonOp {
  readonly action: 'create' | 'update';
  readonly username: string;
  readonly input: { name: string; email: string; roles: Role[]; unitId?: string };
}

export interface ImportPlan<Op> {
  readonly rows: ImportRow[];
  readonly errors: ImportError[];
  /** In the order they must be written (a parent unit before its children). */
  readonly ops: Op[];
  readonly counts: ImportCounts;
}

const messages = {
  MISSING_ID: (c: Bilingual) => ({ vi: `Thiếu ${c.vi.toLowerCase()}`, en: `${c.en} is missing` }),
  INVALID_ID: (c: Bilingual, v: string) => ({
    vi: `${c.vi} "${v}" không hợp lệ: chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang${c.vi === 'Tên đăng nhập' ? ' hoặc dấu chấm' : ''}, ví dụ ${c.vi === 'Tên đăng nhập' ? 'lan.nt' : 'so-giao-duc'}`,
    en: `${c.en} "${v}" is not a slug: lower-case letters, digits and single hyphens${c.vi === 'Tên đăng nhập' ? ' or dots' : ''}, e.g. ${c.vi === 'Tên đăng nhập' ? 'lan.nt' : 'so-giao-duc'}`,
  }),
  DUPLICATE_ID: (v: string, first: number) => ({ vi: `"${v}" trùng với dòng ${first}`, en: `"${v}" repeats row ${first}` }),
  MISSING_NAME: () => ({ vi: 'Thiếu tên', en: 'The name is missing' }),
  UNKNOWN_TYPE: (v: string) => ({
    vi: `Loại đơn vị "${v}" không có; chọn một trong: ${unitTypes.map((t) => unitTypeNames[t].vi).join('; ')}`,
    en: `No unit type "${v}"; use one of: ${unitTypes.join(', ')}`,
  }),
  UNKNOWN_ROLE: (v: string) => ({
    vi: v ? `Vai trò "${v}" không có; chọn trong: ${roles.map((r) => roleNames[r].vi).join('; ')}` : 'Thiếu vai trò',
    en: v ? `No role "${v}"; use: ${roles.join(', ')}` : 'The role is missing',
  }),
  UNKNOWN_UNIT: (v: string) => ({ vi: `Không có đơn vị ${v} trong danh mục`, en: `No unit ${v} in the directory` }),
  BAD_DATE: (v: string) => ({ vi: `Ngày "${v}" không hợp lệ (cần dd/mm/yyyy)`, en: `"${v}" is not a date (dd/mm/yyyy expected)` }),
  BAD_EMAIL: (v: string) => ({ vi: v ? `Thư điện tử "${v}" không hợp lệ` : 'Thiếu thư điện tử', en: v ? `"${v}" is not an e-mail address` : 'The e-mail is missing' }),
  DUPLICATE_EMAIL: (v: string, first: number) => ({ vi: `Thư điện tử ${v} trùng với dòng ${first}`, en: `The e-mail ${v} repeats row ${first}` }),
  EMAIL_TAKEN: (v: string, owner: string) => ({ vi: `Thư điện tử ${v} đã thuộc tài khoản ${owner}`, en: `The e-mail ${v} already belongs to account ${owner}` }),
  UNIT_CLOSED: (v: string, to: string, start: string) => ({
    vi: `Đơn vị ${v} đã ngừng hoạt động từ ${vnDate(to)}, trước ngày bắt đầu ${vnDate(start)}`,
    en: `Unit ${v} closed on ${vnDate(to)}, before the start date ${vnDate(start)}`,
  }),
  UNIT_NOT_IN_FORCE: (v: string) => ({ vi: `Đơn vị ${v} không còn hiệu lực trong danh mục`, en: `Unit ${v} is not in force in the directory` }),
};
const vnDate = (iso: string) => iso.split('-').reverse().join('/');

/** Collects a row's errors; the first error of a column is the one shown. */
class RowErrors {
  readonly list: ImportError[] = [];
  constructor(private readonly row: number) {}
  add(column: string, code: string, message: Bilingual): void {
    if (!this.list.some((e) => e.column === column)) this.list.push({ row: this.row, column, code, message });
  }
  /** A domain rule broken (the single-item route would answer this error). */
  addDomain(error: unknown, columnOf: (field: string) => string): void {
    if (!(error instanceof DomainError)) throw error;
    this.add(columnOf(error.field ?? ''), error.code, error.messages);
  }
  /** A schema's issues (lengths, formats), each on its column, with the same words as the routes' 400s. */
  addSchema(schema: z.ZodMiniType, value: unknown, columnOf: (field: string) => string): unknown {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      const limit = 'maximum' in issue ? ` (≤ ${String(issue.maximum)})` : '';
      this.add(columnOf(field), 'INVALID', { vi: `Giá trị không hợp lệ${limit}`, en: `${issue.message}` });
    }
    return undefined;
  }
  get ok(): boolean {
    return this.list.length === 0;
  }
}

function count(rows: readonly ImportRow[], errors: readonly ImportError[]): ImportCounts {
  const n = (a: ImportAction) => rows.filter((r) => r.action === a).length;
  return { rows: rows.length, create: n('create'), update: n('update'), unchanged: n('unchanged'), errors: errors.length };
}

/** Checks the id column: present, a slug, not repeated in the file. Answers the id when usable. */
function checkId(values: Readonly<Record<string, Cell>>, spec: ColumnSpec, isId: (s: string) => boolean, seen: Map<string, number>, row: number, errors: RowErrors, fold = false): string {
  const id = fold ? text(values[spec.key]).toLowerCase() : text(values[spec.key]);
  if (!id) errors.add(spec.key, 'MISSING_ID', messages.MISSING_ID(spec.label));
  else if (!isId(id)) errors.add(spec.key, 'INVALID_ID', messages.INVALID_ID(spec.label, id));
  else if (seen.has(id)) errors.add(spec.key, 'DUPLICATE_ID', messages.DUPLICATE_ID(id, seen.get(id)!));
  else seen.set(id, row);
  return id;
}

function dateColumn(values: Readonly<Record<string, Cell>>, key: string, errors: RowErrors): string | undefined {
  const raw = values[key];
  if (text(raw) === '') return undefined;
  const date = importDate(raw);
  if (!date) errors.add(key, 'BAD_DATE', messages.BAD_DATE(text(raw)));
  return date;
}

const unitColumn = (field: string) => (field === 'nameFrom' ? 'name' : field.split('.')[0] || 'unitId');

/**
 * The units of a sheet against the directory: each row a creation, an edit (only the columns the file has,
 * and only if a value differs) or unchanged. Parents named in the file are planned before their children, so
 * a file may hold a whole tree in any order.
 */
export function planUnitImport(sheet: MappedSheet, directory: ReadonlyMap<string, UnitRecord>, actor: ActorRef, now: Date, today: string): ImportPlan<UnitChange> {
  const spec = importColumns.units;
  const seen = new Map<string, number>();
  const has = (key: string) => sheet.columns.has(key);
  const errors: ImportError[] = [];
  const rows = new Map<number, ImportRow>();
  type Parsed = { number: number; id: string; input: z.infer<typeof CreateUnitInput>; errors: RowErrors };
  const parsed: Parsed[] = [];
  for (const { number, values } of sheet.rows) {
    const e = new RowErrors(number);
    const id = checkId(values, spec[0]!, isUnitId, seen, number, e);
    const name = text(values.name);
    if (!name) e.add('name', 'MISSING_NAME', messages.MISSING_NAME());
    const typeText = text(values.type);
    const type = unitTypeOf(typeText);
    if (!type) e.add('type', 'UNKNOWN_TYPE', messages.UNKNOWN_TYPE(typeText));
    const parentId = text(values.parentId) || undefined;
    if (parentId && !isUnitId(parentId)) e.add('parentId', 'INVALID_ID', messages.INVALID_ID(spec[4]!.label, parentId));
    const validFrom = dateColumn(values, 'validFrom', e);
    const validTo = dateColumn(values, 'validTo', e);
    const shortName = text(values.shortName) || directory.get(id)?.shortName || name.slice(0, 100);
    const candidate = { unitId: id, name, shortName, type, ...(parentId ? { parentId } : {}), ...(validFrom ? { validFrom } : {}), ...(validTo ? { validTo } : {}) };
    const input = e.ok ? (e.addSchema(CreateUnitInput, candidate, unitColumn) as Parsed['input'] | undefined) : undefined;
    if (input) parsed.push({ number, id, input, errors: e });
    else errors.push(...e.list);
    rows.set(number, { row: number, id });
  }
  // Parents first: a unit is planned once the unit it names is in the directory or planned.
  const known = new Map(directory);
  const ops: UnitChange[] = [];
  let pending = parsed;
  for (let progress = true; pending.length > 0 && progress; ) {
    progress = false;
    const next: Parsed[] = [];
    for (const p of pending) {
      const parent = p.input.parentId;
      if (parent && !known.has(parent) && pending.some((q) => q.id === parent)) {
        next.push(p);
        continue;
      }
      progress = true;
      planUnitRow(p, directory.get(p.id), known, ops, rows, { has, actor, now, today });
      errors.push(...p.errors.list);
    }
    pending = next;
  }
  // What is left names a parent in a cycle within the file.
  for (const p of pending) {
    planUnitRow(p, directory.get(p.id), known, ops, rows, { has, actor, now, today });
    errors.push(...p.errors.list);
  }
  const list = [...rows.values()].sort((a, b) => a.row - b.row);
  errors.sort((a, b) => a.row - b.row);
  return { rows: list, errors, ops, counts: count(list, errors) };
}

function planUnitRow(
  p: { number: number; id: string; input: z.infer<typeof CreateUnitInput>; errors: RowErrors },
  existing: UnitRecord | undefined,
  known: Map<string, UnitRecord>,
  ops: UnitChange[],
  rows: Map<number, ImportRow>,
  at: { has: (key: string) => boolean; actor: ActorRef; now: Date; today: string },
): void {
  const { input, errors } = p;
  if (input.parentId && !known.has(input.parentId)) {
    errors.add('parentId', 'UNKNOWN_UNIT', messages.UNKNOWN_UNIT(input.parentId));
    return;
  }
  try {
    if (!existing) {
      const change = planUnitCreation({ ...input, validFrom: input.validFrom ?? at.today }, known, at.actor, at.now);
      known.set(change.unit.unitId, change.unit);
      ops.push(change);
      rows.set(p.number, { row: p.number, id: p.id, action: 'create' });
      return;
    }
    // Only the columns the file has are compared; an empty date or parent cell clears it.
    const edit: { -readonly [K in keyof UnitEdit]: UnitEdit[K] } = { version: existing.version };
    const changes: string[] = [];
    const set = <K extends 'name' | 'shortName' | 'type' | 'parentId' | 'validFrom' | 'validTo'>(key: K, value: UnitEdit[K], current: unknown) => {
      if (!at.has(key) || (value ?? undefined) === current || (value === undefined && key === 'validFrom')) return;
      edit[key] = value;
      changes.push(key);
    };
    set('name', input.name, existing.name);
    set('shortName', input.shortName, existing.shortName);
    set('type', input.type, existing.type);
    set('parentId', input.parentId ?? null, existing.parentId);
    set('validFrom', input.validFrom, existing.validFrom);
    set('validTo', input.validTo ?? null, existing.validTo);
    if (changes.length === 0) {
      rows.set(p.number, { row: p.number, id: p.id, action: 'unchanged' });
      return;
    }
    const change = planUnitEdit(existing, edit, known, at.actor, at.now);
    known.set(change.unit.unitId, change.unit);
    ops.push(change);
    rows.set(p.number, { row: p.number, id: p.id, action: 'update', changes });
  } catch (error) {
    errors.addDomain(error, unitColumn);
  }
}

/** A person of the directory as the import compares them. */
export interface PersonState {
  readonly username: string;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly unitId?: string | undefined;
}

const isUsername = (s: string) => /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(s) && s.length <= 64;
const EmailCheck = z.string().check(z.email(), z.maxLength(254));

/**
 * The people of a sheet against the directory: each row an account to create, to update (name, e-mail, roles,
 * unit) or unchanged. The rules are the people routes': the account's shape, a unit in the directory and in
 * force (on the person's start date, and today), an e-mail no other account has.
 */
export function planPeopleImport(sheet: MappedSheet, people: readonly PersonState[], units: ReadonlyMap<string, UnitRecord>, today: string): ImportPlan<PersonOp> {
  const spec = importColumns.people;
  const seen = new Map<string, number>();
  const emails = new Map<string, number>();
  const byUsername = new Map(people.map((p) => [p.username, p]));
  const emailOwner = new Map(people.map((p) => [p.email.toLowerCase(), p.username]));
  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  const ops: PersonOp[] = [];
  for (const { number, values } of sheet.rows) {
    const e = new RowErrors(number);
    // Sign-in names are case-insensitive, as the people routes take them (lower-cased before the check).
    const username = checkId(values, spec[0]!, isUsername, seen, number, e, true);
    const name = text(values.name);
    if (!name) e.add('name', 'MISSING_NAME', messages.MISSING_NAME());
    const email = text(values.email).toLowerCase();
    if (!email || !EmailCheck.safeParse(email).success) e.add('email', 'BAD_EMAIL', messages.BAD_EMAIL(text(values.email)));
    else if (emails.has(email)) e.add('email', 'DUPLICATE_EMAIL', messages.DUPLICATE_EMAIL(email, emails.get(email)!));
    else {
      emails.set(email, number);
      const owner = emailOwner.get(email);
      if (owner && owner !== username) e.add('email', 'EMAIL_TAKEN', messages.EMAIL_TAKEN(email, owner));
    }
    const roleTexts = text(values.roles).split(/[,;\n]+/).map((s) => s.trim()).filter(Boolean);
    const found = roleTexts.map((r) => [r, roleOf(r)] as const);
    const unknown = roleTexts.length === 0 ? '' : found.find(([, r]) => !r)?.[0];
    if (unknown !== undefined) e.add('roles', 'UNKNOWN_ROLE', messages.UNKNOWN_ROLE(unknown));
    const personRoles = [...new Set(found.map(([, r]) => r).filter((r): r is Role => r !== undefined))];
    const unitId = text(values.unitId) || undefined;
    const start = dateColumn(values, 'startDate', e) ?? today;
    if (unitId) {
      const unit = units.get(unitId);
      if (!isUnitId(unitId)) e.add('unitId', 'INVALID_ID', messages.INVALID_ID(importColumns.units[0]!.label, unitId));
      else if (!unit) e.add('unitId', 'UNKNOWN_UNIT', messages.UNKNOWN_UNIT(unitId));
      else if (unit.validTo !== undefined && unit.validTo < start) e.add('unitId', 'UNIT_CLOSED', messages.UNIT_CLOSED(unitId, unit.validTo, start));
      else if (!isInForce(unit, start > today ? start : today)) e.add('unitId', 'UNIT_NOT_IN_FORCE', messages.UNIT_NOT_IN_FORCE(unitId));
    }
    const input = { name, email, roles: personRoles, ...(unitId ? { unitId } : {}) };
    if (e.ok) {
      try {
        assertAccountShape(input);
      } catch (error) {
        e.addDomain(error, (f) => (f === 'unitId' ? 'unitId' : 'roles'));
      }
    }
    if (e.ok) e.addSchema(CreatePersonInput, { username, ...input }, (f) => f.split('.')[0] || 'username');
    if (!e.ok) {
      errors.push(...e.list);
      rows.push({ row: number, id: username });
      continue;
    }
    const before = byUsername.get(username);
    if (!before) {
      ops.push({ action: 'create', username, input });
      rows.push({ row: number, id: username, action: 'create' });
      continue;
    }
    const changes = [
      before.name !== name && 'name',
      before.email.toLowerCase() !== email && 'email',
      [...before.roles].sort().join() !== [...personRoles].sort().join() && 'roles',
      (before.unitId ?? undefined) !== unitId && 'unitId',
    ].filter((c): c is string => typeof c === 'string');
    if (changes.length === 0) rows.push({ row: number, id: username, action: 'unchanged' });
    else {
      ops.push({ action: 'update', username, input });
      rows.push({ row: number, id: username, action: 'update', changes });
    }
  }
  return { rows, errors, ops, counts: count(rows, errors) };
}
