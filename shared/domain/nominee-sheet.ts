/**
 * The unit's nominee list as a spreadsheet (danh sách đề nghị khen thưởng): its columns, with the Vietnamese
 * headers units already use, and the rows read back into nominees for the API, every bad cell named by its row
 * and column. Pure and library-free: the browser reads the XLSX into rows (read-excel-file) and hands them here,
 * so the same rules could run on a server.
 */
import type { Bilingual } from './errors.ts';
import {
  BIRTH_YEAR_MIN, birthYearMax, categoriesFor, categoryNames, genderNames, genders, NAME_MAX, nomineeIssues, POSITION_MAX,
  recipientTypeNames, recipientTypes, WORKPLACE_MAX,
  type NomineeCategory,
} from './nominees.ts';
import type { NomineeInput } from '#schemas/input/create-dossier';
import type { AwardForm } from './catalogue.ts';

export type NomineeColumn = 'name' | 'recipientType' | 'category' | 'gender' | 'position' | 'birthYear' | 'workplace';

/** Header of each column, in the order of the template; `required` columns must be in the sheet. */
export const nomineeColumns: readonly { readonly key: NomineeColumn; readonly header: Bilingual; readonly required?: true }[] = [
  { key: 'name', header: { vi: 'Họ và tên', en: 'Full name' }, required: true },
  { key: 'recipientType', header: { vi: 'Loại', en: 'Type' }, required: true },
  { key: 'category', header: { vi: 'Đối tượng', en: 'Category' } },
  { key: 'gender', header: { vi: 'Giới tính', en: 'Gender' } },
  { key: 'position', header: { vi: 'Chức vụ', en: 'Position' } },
  { key: 'birthYear', header: { vi: 'Năm sinh', en: 'Year of birth' } },
  { key: 'workplace', header: { vi: 'Nơi công tác', en: 'Workplace' } },
];

/** A nominee read from a row, in the API's shape (its type is the API schema's). */
export type SheetNominee = NomineeInput;

export interface SheetError {
  /** The row as the spreadsheet numbers it (1 = first row). */
  readonly row: number;
  /** The column's Vietnamese header. */
  readonly column: string;
  readonly message: Bilingual;
}

/** A cell as a sheet reader gives it: text, number, boolean, Date or empty. */
export type Cell = unknown;

/** Lower case, no diacritics, single spaces: "Cá  nhân" and "ca nhan" are the same answer. */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Each accepted spelling of a code: its code, its Vietnamese and English names, and the Vietnamese without its parenthesis or "và tương đương". */
function spellings<C extends string>(codes: readonly C[], names: Readonly<Record<C, Bilingual>>): Map<string, C> {
  const map = new Map<string, C>();
  for (const code of codes) {
    const vi = names[code].vi;
    for (const s of [code, vi, names[code].en, vi.replace(/\s*\(.*\)$/, ''), vi.replace(/ và tương đương$/, ''), ...(aliases[code] ?? [])]) map.set(fold(s), code);
  }
  return map;
}
/** Lists write one word of form 0603's direct-worker column; each of them is that column. */
const aliases: Readonly<Record<string, readonly string[]>> = { directWorker: ['Công nhân', 'Nông dân', 'Người lao động trực tiếp'] };
const typeSpellings = spellings(recipientTypes, recipientTypeNames);
const genderSpellings = spellings(genders, genderNames);

const text = (cell: Cell): string => (cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell)).trim();

/**
 * Reads the sheet's rows: the header row is the first with a "Họ và tên" cell (a title may sit above it), blank
 * rows are skipped, and every problem is reported (none are fixed silently). With `form`, rows of a recipient type
 * the award form does not take are errors too.
 */
export function readNomineeSheet(rows: readonly (readonly Cell[])[], form?: Pick<AwardForm, 'recipientTypes'> & { readonly name?: Bilingual }): { nominees: SheetNominee[]; errors: SheetError[] } {
  const errors: SheetError[] = [];
  const headerAt = rows.findIndex((r) => r.some((c) => fold(text(c)) === fold(nomineeColumns[0]!.header.vi)));
  if (headerAt < 0) {
    return { nominees: [], errors: [{ row: 1, column: nomineeColumns[0]!.header.vi, message: { vi: `Không tìm thấy dòng tiêu đề có cột "${nomineeColumns[0]!.header.vi}"`, en: `No header row with a "${nomineeColumns[0]!.header.vi}" column` } }] };
  }
  const header = rows[headerAt]!.map((c) => fold(text(c)));
  const at = new Map<NomineeColumn, number>();
  for (const col of nomineeColumns) {
    const i = header.findIndex((h) => h === fold(col.header.vi) || h === fold(col.header.en));
    if (i >= 0) at.set(col.key, i);
    else if (col.required) errors.push({ row: headerAt + 1, column: col.header.vi, message: { vi: `Thiếu cột "${col.header.vi}"`, en: `The "${col.header.vi}" (${col.header.en}) column is missing` } });
  }
  if (errors.length) return { nominees: [], errors };

  const nominees: SheetNominee[] = [];
  rows.slice(headerAt + 1).forEach((cells, i) => {
    const row = headerAt + 2 + i;
    const get = (key: NomineeColumn): Cell => (at.has(key) ? cells[at.get(key)!] : undefined);
    if (nomineeColumns.every((c) => text(get(c.key)) === '')) return;
    const bad = (key: NomineeColumn, vi: string, en: string) => {
      errors.push({ row, column: nomineeColumns.find((c) => c.key === key)!.header.vi, message: { vi, en } });
    };
    const before = errors.length;

    const name = text(get('name'));
    if (!name) bad('name', 'Chưa ghi họ và tên (hoặc tên tập thể)', 'The name is empty');
    else if (name.length > NAME_MAX) bad('name', `Quá dài (tối đa ${NAME_MAX} ký tự)`, `Too long (at most ${NAME_MAX} characters)`);

    const typeText = text(get('recipientType'));
    const recipientType = typeSpellings.get(fold(typeText));
    if (!recipientType) {
      const choices = recipientTypes.map((t) => recipientTypeNames[t]);
      bad('recipientType', `${typeText ? `"${typeText}" không phải loại hợp lệ` : 'Chưa ghi loại'}; ghi một trong: ${choices.map((c) => c.vi).join(', ')}`, `${typeText ? `"${typeText}" is not a type` : 'The type is empty'}; write one of: ${choices.map((c) => `${c.vi} (${c.en})`).join(', ')}`);
    }

    let category: NomineeCategory | undefined;
    const categoryText = text(get('category'));
    if (recipientType) {
      const allowed = categoriesFor(recipientType);
      const found = spellings(allowed, categoryNames).get(fold(categoryText));
      if (categoryText && !found) {
        bad('category', allowed.length ? `"${categoryText}" không phải đối tượng của ${recipientTypeNames[recipientType].vi.toLowerCase()}; ghi một trong: ${allowed.map((c) => categoryNames[c].vi).join('; ')}` : 'Hộ gia đình không ghi đối tượng',
          allowed.length ? `"${categoryText}" is not a category of ${recipientTypeNames[recipientType].en.toLowerCase()}s; write one of: ${allowed.map((c) => categoryNames[c].vi).join('; ')}` : 'A household takes no category');
      } else if (!found && recipientType === 'individual') {
        // Form 0603 counts every person in one of its columns: an empty answer would land in "Khác" unseen.
        bad('category', `Chưa ghi đối tượng; ghi một trong: ${allowed.map((c) => categoryNames[c].vi).join('; ')}`, `The category is empty; write one of: ${allowed.map((c) => categoryNames[c].vi).join('; ')}`);
      } else category = found;
      if (form) for (const issue of nomineeIssues(form, { recipientType, category }, '')) bad(issue.field as NomineeColumn, issue.message.vi, issue.message.en);
    }

    const person = recipientType === 'individual';
    const genderText = text(get('gender'));
    const gender = genderSpellings.get(fold(genderText));
    if (genderText && !gender) bad('gender', `"${genderText}" không hợp lệ; ghi Nam, Nữ hoặc Khác`, `"${genderText}" is not valid; write Nam, Nữ or Khác (male, female, other)`);

    const position = text(get('position'));
    if (position.length > POSITION_MAX) bad('position', `Quá dài (tối đa ${POSITION_MAX} ký tự)`, `Too long (at most ${POSITION_MAX} characters)`);

    const yearCell = get('birthYear');
    const yearText = text(yearCell);
    let birthYear: number | undefined;
    if (yearText) {
      const year = yearCell instanceof Date ? yearCell.getUTCFullYear() : /^\d+(\.0+)?$/.test(yearText) ? Number(yearText) : NaN;
      const max = birthYearMax();
      if (!Number.isInteger(year)) bad('birthYear', `"${yearText}" không phải năm (ghi 4 chữ số, ví dụ 1978)`, `"${yearText}" is not a year (write 4 digits, e.g. 1978)`);
      else if (year < BIRTH_YEAR_MIN || year > max) bad('birthYear', `Năm sinh phải từ ${BIRTH_YEAR_MIN} đến ${max}`, `The year of birth must be from ${BIRTH_YEAR_MIN} to ${max}`);
      else birthYear = year;
    }

    const workplace = text(get('workplace'));
    if (workplace.length > WORKPLACE_MAX) bad('workplace', `Quá dài (tối đa ${WORKPLACE_MAX} ký tự)`, `Too long (at most ${WORKPLACE_MAX} characters)`);

    if (errors.length > before || !recipientType) return;
    nominees.push({
      name,
      recipientType,
      ...(category ? { category } : {}),
      // A person's fields only for a person: a collective has no gender or year of birth.
      ...(person && gender ? { gender } : {}),
      ...(person && position ? { position } : {}),
      ...(person && birthYear !== undefined ? { birthYear } : {}),
      ...(workplace ? { workplace } : {}),
    });
  });
  return { nominees, errors };
}
