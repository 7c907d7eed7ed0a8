/**
 * The nominee table of the new-dossier page: rows added and removed by hand or imported from the unit's XLSX
 * list. The categories, recipient types and the award form's rules are the domain's (nominees.ts), the same the
 * API applies; the XLSX reader is loaded only when a file is chosen, so the page itself stays small.
 */
import { ApiError } from './api.ts';
import { h } from './format.ts';
import { L, t, type Bilingual } from './i18n.ts';
import { nomineeColumns, readNomineeSheet, type SheetError, type SheetNominee } from '#domain/nominee-sheet';
import {
  BIRTH_YEAR_MIN, birthYearMax, categoriesFor, categoryNames, dossierIssues, genderNames, genders, MAX_NOMINEES, NAME_MAX, POSITION_MAX,
  recipientTypeNames, type RecipientType,
} from '#domain/nominees';
import type { AwardKind } from '#domain/catalogue';

export interface FormRules { code: string; name: Bilingual; recipientTypes: string[]; kinds: string[] }
type Draft = { name: string; recipientType: RecipientType; category: string; gender: string; position: string; birthYear: string; workplace: string };
const fields = ['name', 'recipientType', 'category', 'gender', 'position', 'birthYear'] as const;

const blank = (type: RecipientType): Draft => ({ name: '', recipientType: type, category: type === 'collective' ? 'collective' : '', gender: '', position: '', birthYear: '', workplace: '' });
const isBlank = (d: Draft) => !d.name.trim() && !d.position.trim() && !d.birthYear.trim();
const refuse = (field: string, message: Bilingual): never => {
  throw new ApiError(400, { error: { code: 'VALIDATION', field, message } });
};

/** The fieldset's markup; `mount` wires it once it is in the page. */
export function nomineeFieldset(): string {
  const columns = nomineeColumns.map((c) => `“${c.header.vi}”`).join(', ');
  return `<fieldset id="nominees"><legend>${h(t('Danh sách đề nghị khen thưởng', 'Nominees'))}</legend>
    <table id="nominee-table"><thead><tr><th>#</th>${fields.map((f) => `<th>${h(L(nomineeColumns.find((c) => c.key === f)!.header))}</th>`).join('')}<th></th></tr></thead><tbody></tbody></table>
    <button type="button" class="secondary" id="add-nominee">${h(t('+ Thêm dòng', '+ Add a row'))}</button>
    <label for="nominee-file">${h(t('Nhập từ tệp Excel', 'Import from an Excel file'))}</label>
    <input type="file" id="nominee-file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
    <p class="muted">${h(t(`Tệp .xlsx có dòng tiêu đề với các cột ${columns} (cột "Loại": Cá nhân, Tập thể hoặc Hộ gia đình). Tệp có dòng lỗi thì không nhập dòng nào.`, `An .xlsx file with a header row of the columns ${columns} ("Loại": Cá nhân, Tập thể or Hộ gia đình). A file with a bad row imports nothing.`))}</p>
    <div id="import-result" aria-live="polite"></div></fieldset>`;
}

export function mountNomineeTable(catalogueForm: () => FormRules): { nominees: () => SheetNominee[]; formChanged: () => void } {
  // The catalogue as the public API sends it, typed as the domain's rules take it.
  const formOf = () => {
    const f = catalogueForm();
    return { ...f, recipientTypes: f.recipientTypes as RecipientType[], kinds: f.kinds as AwardKind[] };
  };
  const body = document.querySelector('#nominee-table tbody') as HTMLTableSectionElement;
  let rows: Draft[] = [blank(formOf().recipientTypes[0]!)];

  const select = (id: string, name: string, label: string, options: [string, string][], value: string) =>
    `<select id="${id}" name="${name}" aria-label="${h(label)}">${options.map(([v, text]) => `<option value="${h(v)}"${v === value ? ' selected' : ''}>${h(text)}</option>`).join('')}</select>`;
  const render = () => {
    const allowed = formOf().recipientTypes;
    body.innerHTML = rows.map((r, i) => {
      const n = i + 1;
      const id = (f: string) => `nominee-${i}-${f}`;
      const name = (f: string) => `nominees.${i}.${f}`;
      const label = (f: (typeof fields)[number]) => `${L(nomineeColumns.find((c) => c.key === f)!.header)}, ${t('dòng', 'row')} ${n}`;
      const person = r.recipientType === 'individual';
      // A type the form does not take stays visible (and is refused, naming it) rather than silently changed.
      const types = [...new Set([...allowed, r.recipientType])];
      const categories = categoriesFor(r.recipientType);
      return `<tr data-row="${i}"><td>${n}</td>
        <td><input id="${id('name')}" name="${name('name')}" aria-label="${h(label('name'))}" maxlength="${NAME_MAX}" value="${h(r.name)}"></td>
        <td>${select(id('recipientType'), name('recipientType'), label('recipientType'), types.map((x) => [x, L(recipientTypeNames[x])]), r.recipientType)}</td>
        <td>${categories.length ? select(id('category'), name('category'), label('category'), [...(person ? [['', t('— Chọn —', '— Choose —')] as [string, string]] : []), ...categories.map((c) => [c, L(categoryNames[c])] as [string, string])], r.category) : '—'}</td>
        <td>${person ? select(id('gender'), name('gender'), label('gender'), [['', '—'], ...genders.map((g) => [g, L(genderNames[g])] as [string, string])], r.gender) : '—'}</td>
        <td>${person ? `<input id="${id('position')}" name="${name('position')}" aria-label="${h(label('position'))}" maxlength="${POSITION_MAX}" value="${h(r.position)}">` : '—'}</td>
        <td>${person ? `<input id="${id('birthYear')}" name="${name('birthYear')}" aria-label="${h(label('birthYear'))}" type="number" min="${BIRTH_YEAR_MIN}" max="${birthYearMax()}" value="${h(r.birthYear)}">` : '—'}</td>
        <td><button type="button" class="secondary" data-remove="${i}" aria-label="${h(t(`Xóa dòng ${n}`, `Remove row ${n}`))}">${h(t('Xóa', 'Remove'))}</button></td></tr>`;
    }).join('');
  };
  /** The page's values back into the rows (before any re-render, so nothing typed is lost). */
  const sync = () => {
    rows = rows.map((r, i) => {
      const value = (f: string) => (document.getElementById(`nominee-${i}-${f}`) as HTMLInputElement | HTMLSelectElement | null)?.value;
      const type = (value('recipientType') ?? r.recipientType) as RecipientType;
      const next = { ...r, name: value('name') ?? r.name, recipientType: type, category: value('category') ?? r.category, gender: value('gender') ?? r.gender, position: value('position') ?? r.position, birthYear: value('birthYear') ?? r.birthYear };
      // A category of another type means nothing for this one.
      return type === r.recipientType ? next : { ...next, category: blank(type).category };
    });
  };

  body.addEventListener('change', (e) => {
    if ((e.target as HTMLElement).id.endsWith('-recipientType')) (sync(), render());
  });
  body.addEventListener('click', (e) => {
    const remove = (e.target as HTMLElement).closest('[data-remove]') as HTMLElement | null;
    if (!remove) return;
    sync();
    rows.splice(Number(remove.dataset.remove), 1);
    if (rows.length === 0) rows.push(blank(formOf().recipientTypes[0]!));
    render();
  });
  document.getElementById('add-nominee')!.addEventListener('click', () => {
    sync();
    rows.push(blank(formOf().recipientTypes[0]!));
    render();
    (document.getElementById(`nominee-${rows.length - 1}-name`) as HTMLInputElement).focus();
  });

  const result = document.getElementById('import-result')!;
  const file = document.getElementById('nominee-file') as HTMLInputElement;
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    result.innerHTML = `<p class="muted">${h(t('Đang đọc tệp…', 'Reading the file…'))}</p>`;
    let errors: SheetError[];
    let imported: SheetNominee[];
    try {
      const { readSheet } = await import('read-excel-file/browser');
      ({ nominees: imported, errors } = readNomineeSheet(await readSheet(chosen), formOf()));
    } catch {
      result.innerHTML = `<p class="error" role="alert">${h(t(`Không đọc được "${chosen.name}" như một tệp Excel (.xlsx)`, `"${chosen.name}" could not be read as an Excel (.xlsx) file`))}</p>`;
      return;
    } finally {
      file.value = '';
    }
    sync();
    const kept = rows.filter((r) => !isBlank(r));
    if (!errors.length && kept.length + imported.length > MAX_NOMINEES) {
      errors = [{ row: 1, column: nomineeColumns[0]!.header.vi, message: { vi: `Một hồ sơ có tối đa ${MAX_NOMINEES} người, tập thể`, en: `A dossier takes at most ${MAX_NOMINEES} nominees` } }];
    }
    if (errors.length) {
      // Nothing is imported from a file with a bad row: the unit fixes its file and imports it again.
      result.innerHTML = `<div id="import-errors" role="alert"><p class="error">${h(t(`Tệp "${chosen.name}" có ${errors.length} lỗi; chưa nhập dòng nào. Sửa tệp rồi nhập lại.`, `"${chosen.name}" has ${errors.length} error(s); nothing was imported. Fix the file and import it again.`))}</p>
        <table><thead><tr><th>${h(t('Dòng', 'Row'))}</th><th>${h(t('Cột', 'Column'))}</th><th>${h(t('Lỗi', 'Problem'))}</th></tr></thead>
        <tbody>${errors.map((e) => `<tr data-row="${e.row}"><td>${e.row}</td><td>${h(e.column)}</td><td>${h(L(e.message))}</td></tr>`).join('')}</tbody></table></div>`;
      return;
    }
    rows = [...kept, ...imported.map((n) => ({ ...blank(n.recipientType), ...n, category: n.category ?? blank(n.recipientType).category, gender: n.gender ?? '', position: n.position ?? '', birthYear: n.birthYear === undefined ? '' : String(n.birthYear), workplace: n.workplace ?? '' }))];
    if (rows.length === 0) rows.push(blank(formOf().recipientTypes[0]!));
    render();
    result.innerHTML = `<p class="notice" id="import-done">${h(t(`Đã nhập ${imported.length} dòng từ "${chosen.name}".`, `Imported ${imported.length} row(s) from "${chosen.name}".`))}</p>`;
  });

  render();
  return {
    formChanged: () => (sync(), render()),
    /** The rows as the API takes them; a row the form or its fields refuse throws a 400-like error naming its field. */
    nominees: () => {
      sync();
      const list = rows.map((r, i) => ({ r, i })).filter(({ r }) => !isBlank(r));
      if (list.length === 0) refuse('nominees.0.name', { vi: 'Vui lòng nhập ít nhất một cá nhân, tập thể được đề nghị', en: 'Please enter at least one nominee' });
      if (list.length > MAX_NOMINEES) refuse('nominees.0.name', { vi: `Tối đa ${MAX_NOMINEES} dòng`, en: `At most ${MAX_NOMINEES} rows` });
      const nominees = list.map(({ r, i }): SheetNominee => {
        const person = r.recipientType === 'individual';
        if (!r.name.trim()) refuse(`nominees.${i}.name`, { vi: 'Vui lòng nhập họ và tên (hoặc tên tập thể)', en: 'Please enter the name' });
        if (person && !r.category) refuse(`nominees.${i}.category`, { vi: 'Vui lòng chọn đối tượng (theo Biểu 0603)', en: 'Please choose the category (form 0603)' });
        const year = r.birthYear.trim() ? Number(r.birthYear) : undefined;
        if (year !== undefined && (!Number.isInteger(year) || year < BIRTH_YEAR_MIN || year > birthYearMax())) {
          refuse(`nominees.${i}.birthYear`, { vi: `Năm sinh phải từ ${BIRTH_YEAR_MIN} đến ${birthYearMax()}`, en: `The year of birth must be from ${BIRTH_YEAR_MIN} to ${birthYearMax()}` });
        }
        return {
          name: r.name.trim(),
          recipientType: r.recipientType,
          ...(r.category ? { category: r.category as SheetNominee['category'] } : {}),
          ...(person && r.gender ? { gender: r.gender as SheetNominee['gender'] } : {}),
          ...(person && r.position.trim() ? { position: r.position.trim() } : {}),
          ...(person && year !== undefined ? { birthYear: year } : {}),
          ...(r.workplace.trim() ? { workplace: r.workplace.trim() } : {}),
        };
      });
      // The API's own rules for the form; the row index in the field is the table's (blank rows are dropped).
      const issue = dossierIssues(formOf(), { kind: formOf().kinds[0]!, nominees })
        .find((x) => x.field.startsWith('nominees.'));
      if (issue) refuse(issue.field.replace(/^nominees\.(\d+)\./, (_, k: string) => `nominees.${list[Number(k)]!.i}.`), issue.message);
      return nominees;
    },
  };
}
