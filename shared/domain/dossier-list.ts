/**
 * The dossier list of the secretariat, the chair, the council and a unit (issue 26): who sees which dossiers,
 * which filters a listed dossier passes, in which order, and the export's table. Pure: the adapter
 * (dossier-list.ts in adapters) reads the indexes and asks these functions.
 */
import type { DossierRecord } from '#schemas/records';
import { formatDateVi } from './calendar.ts';
import { awardNames } from './catalogue-texts.ts';
import { ForbiddenError, ValidationError } from './errors.ts';
import { activeStatuses, dossierStatuses, type DossierStatus, statusNames } from './lifecycle.ts';
import { type Actor, hasRole, isUnitActor } from './roles.ts';
import { foldText } from './units.ts';
import type { ReportTable } from './year-end.ts';

export type ListSort = 'updated' | 'deadline';
export type ListOrder = 'desc' | 'asc';

export interface ListFilters {
  /** Set for a unit's own list, and when the secretariat picks a unit. */
  readonly unitId?: string | undefined;
  readonly awardCode?: string | undefined;
  readonly statuses: readonly DossierStatus[];
  readonly year?: number | undefined;
  readonly overdue: boolean;
  /** Folded (see {@link foldText}) words, all of which must appear in the title or in one nominee's name. */
  readonly words: readonly string[];
}

export interface ListRequest {
  readonly filters: ListFilters;
  readonly sort: ListSort;
  readonly order: ListOrder;
}

/** One row of the list: what the pages and the export show, never the whole record. */
export interface DossierListItem {
  readonly id: string;
  readonly title: string;
  readonly unitId: string;
  readonly awardCode: string;
  readonly year: number;
  readonly status: string;
  readonly nominees: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submittedAt?: string;
  /** The waiting step and its due date, when the row was found by its deadline. */
  readonly step?: string;
  readonly dueAt?: string;
  readonly overdue?: boolean;
}

/**
 * Role visibility, as for a single dossier (assertCanViewDossier): a unit's people list only their unit's
 * dossiers — asking for another unit is refused, not silently answered with theirs; the secretariat, the chair
 * and the council list every unit's.
 */
export function listUnitScope(actor: Actor, requestedUnit: string | undefined): string | undefined {
  if (!isUnitActor(actor)) {
    if (hasRole(actor, 'officer', 'secretariatHead', 'admin', 'chair', 'councilMember', 'councilSecretary')) return requestedUnit;
    throw new ForbiddenError({ messages: { vi: 'Bạn không có quyền xem danh sách hồ sơ', en: 'You may not list dossiers' } });
  }
  if (requestedUnit && requestedUnit !== actor.unitId) {
    throw new ForbiddenError({ field: 'unit', messages: { vi: 'Đơn vị chỉ xem được hồ sơ của chính mình', en: "A unit may list only its own dossiers" } });
  }
  return actor.unitId ?? '-';
}

/**
 * The statuses a list covers: the one asked for, a group, or by default what the reader works on — a unit
 * all of its own (drafts too), the province those being worked on. Drafts are the unit's alone.
 */
export function listStatuses(requested: string | undefined, isUnit: boolean): DossierStatus[] {
  const all = isUnit ? [...dossierStatuses] : dossierStatuses.filter((s) => s !== 'Draft');
  if (requested === 'all') return all;
  if (requested === 'active') return [...activeStatuses];
  if (requested) return all.includes(requested as DossierStatus) ? [requested as DossierStatus] : [];
  return isUnit ? all : [...activeStatuses];
}

/** The order a list is read in: by last change, newest first, unless asked; by deadline, earliest first. */
export function listOrder(sort: ListSort | undefined, order: ListOrder | undefined, overdue: boolean): { sort: ListSort; order: ListOrder } {
  if (overdue && sort === 'updated') {
    throw new ValidationError({
      field: 'sort',
      messages: { vi: 'Danh sách hồ sơ quá hạn chỉ sắp xếp được theo hạn xử lý', en: 'The overdue list is sorted by deadline only' },
    });
  }
  const chosen: ListSort = overdue ? 'deadline' : (sort ?? 'updated');
  return { sort: chosen, order: order ?? (chosen === 'deadline' ? 'asc' : 'desc') };
}

export const searchWords = (q: string | undefined): string[] => (q ? foldText(q).split(/\s+/).filter(Boolean) : []);

/** Every word in the title or every word in one nominee's name (so "an binh" does not match "An" + "Bình" of two people). */
export function matchesText(d: Pick<DossierRecord, 'title' | 'nominees'>, words: readonly string[]): boolean {
  if (!words.length) return true;
  const has = (text: string) => {
    const folded = foldText(text);
    return words.every((w) => folded.includes(w));
  };
  return has(d.title) || d.nominees.some((n) => has(n.name));
}

/** Whether a dossier read from an index passes the filters its key did not already apply. */
export function matchesFilters(d: DossierRecord, f: ListFilters): boolean {
  return (
    (f.unitId === undefined || d.unitId === f.unitId) &&
    (f.awardCode === undefined || d.awardCode === f.awardCode) &&
    (f.year === undefined || d.year === f.year) &&
    f.statuses.includes(d.status as DossierStatus) &&
    matchesText(d, f.words)
  );
}

export function listItem(d: DossierRecord, task?: { step: string; dueAt: string }, now?: Date): DossierListItem {
  return {
    id: d.id,
    title: d.title,
    unitId: d.unitId,
    awardCode: d.awardCode,
    year: d.year,
    status: d.status,
    nominees: d.nominees.map((n) => n.name),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    ...(d.submittedAt ? { submittedAt: d.submittedAt } : {}),
    ...(task ? { step: task.step, dueAt: task.dueAt, overdue: now !== undefined && Date.parse(task.dueAt) < now.getTime() } : {}),
  };
}

/** The position in a list: the sort key of the last row read (`<instant>#<dossier id>`, as the indexes sort). */
export const positionPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z#[A-Za-z0-9_-]{1,100}$/;

/** The export's table: Vietnamese headers, dates dd/mm/yyyy in Vietnam, statuses and forms by name. */
export function exportTable(items: readonly DossierListItem[], unitNames: Readonly<Record<string, string>>): ReportTable {
  const formName = (code: string) => (awardNames as Readonly<Record<string, { vi: string }>>)[code]?.vi ?? code;
  const date = (v: string | undefined) => (v ? formatDateVi(v) : '');
  return {
    id: 'ho-so',
    title: { vi: 'Danh sách hồ sơ đề nghị khen thưởng', en: 'Award dossiers' },
    columns: [
      { vi: 'STT', en: 'No.' },
      { vi: 'Tên hồ sơ', en: 'Title' },
      { vi: 'Đơn vị trình', en: 'Submitting unit' },
      { vi: 'Danh hiệu thi đua, hình thức khen thưởng', en: 'Award form' },
      { vi: 'Năm thi đua', en: 'Year' },
      { vi: 'Trạng thái', en: 'Status' },
      { vi: 'Người, tập thể được đề nghị', en: 'Nominees' },
      { vi: 'Ngày nộp', en: 'Submitted' },
      { vi: 'Ngày cập nhật', en: 'Updated' },
      { vi: 'Hạn xử lý', en: 'Deadline' },
    ],
    rows: items.map((d, i) => [
      i + 1,
      d.title,
      unitNames[d.unitId] ?? d.unitId,
      formName(d.awardCode),
      d.year,
      statusNames[d.status as DossierStatus]?.vi ?? d.status,
      d.nominees.join('; '),
      date(d.submittedAt),
      date(d.updatedAt),
      date(d.dueAt),
    ]),
  };
}

/** At most this many rows in one export: a larger list is narrowed by its filters first. */
export const EXPORT_MAX_ROWS = 5000;
export const tooManyToExport = () =>
  new ValidationError({
    field: 'format',
    messages: {
      vi: `Danh sách có hơn ${EXPORT_MAX_ROWS.toLocaleString('vi-VN')} hồ sơ, quá lớn để xuất một lần; vui lòng lọc theo năm, đơn vị hoặc trạng thái`,
      en: `The list has more than ${EXPORT_MAX_ROWS} dossiers, too many for one export; narrow it by year, unit or status`,
    },
  });
