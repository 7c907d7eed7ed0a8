/**
 * Nominees (người, tập thể, hộ gia đình được đề nghị khen thưởng): the one list of recipient categories, which is
 * exactly form 0603's (Circular 02/2023/TT-BNV; LANGUAGE.md rule 9), and the rules a nominee must meet for the
 * award form it is proposed for (docs/domain.md §3). The nominee form, the XLSX import, the API and the year-end report
 * all read them from here, so a Giám đốc Sở chosen on the form is the same Giám đốc Sở counted in the report.
 * Pure: the browser bundles it too.
 */
import { type AwardForm, type AwardKind, awardKindNames, type RecipientType } from './catalogue.ts';
import { type Bilingual, type FieldIssue, ValidationError } from './errors.ts';

export type { RecipientType } from './catalogue.ts';
export const recipientTypes = ['individual', 'collective', 'household'] as const satisfies readonly RecipientType[];
export const recipientTypeNames: Readonly<Record<RecipientType, Bilingual>> = {
  individual: { vi: 'Cá nhân', en: 'Individual' },
  collective: { vi: 'Tập thể', en: 'Collective' },
  household: { vi: 'Hộ gia đình', en: 'Household' },
};

/** Form 0603's categories of individuals, in its column order; `other` is its last column ("Khác"). */
export const individualCategories = ['provincialLeader', 'departmentLeader', 'businessPerson', 'otherLeader', 'directWorker', 'other'] as const;
export type IndividualCategory = (typeof individualCategories)[number];
/** Form 0603 counts collectives and, among them, enterprises. */
export const collectiveCategories = ['collective', 'enterprise'] as const;
export type CollectiveCategory = (typeof collectiveCategories)[number];
export type NomineeCategory = IndividualCategory | CollectiveCategory;
/** Every code the API accepts in `category`; which of them a nominee may take depends on its recipient type. */
export const nomineeCategories = [...individualCategories, ...collectiveCategories] as const;

export const categoryNames: Readonly<Record<NomineeCategory, Bilingual>> = {
  provincialLeader: { vi: 'Lãnh đạo cấp tỉnh', en: 'Provincial leaders' },
  departmentLeader: { vi: 'Lãnh đạo sở, ban, ngành và tương đương', en: 'Leaders of departments, boards and sectors (and equivalent)' },
  businessPerson: { vi: 'Doanh nhân', en: 'Business people' },
  otherLeader: { vi: 'Lãnh đạo khác (từ phó trưởng phòng trở lên)', en: 'Other leaders (deputy head of division up)' },
  directWorker: { vi: 'Công nhân, nông dân, người lao động trực tiếp', en: 'Workers, farmers and other direct workers' },
  other: { vi: 'Khác', en: 'Others' },
  collective: { vi: 'Tập thể', en: 'Collective' },
  enterprise: { vi: 'Doanh nghiệp', en: 'Enterprise' },
};

/** The categories a nominee of this recipient type may be given (none for a household). */
export function categoriesFor(type: RecipientType): readonly NomineeCategory[] {
  return type === 'individual' ? individualCategories : type === 'collective' ? collectiveCategories : [];
}

export const genders = ['female', 'male', 'other'] as const;
export type Gender = (typeof genders)[number];
export const genderNames: Readonly<Record<Gender, Bilingual>> = {
  female: { vi: 'Nữ', en: 'Female' },
  male: { vi: 'Nam', en: 'Male' },
  other: { vi: 'Khác', en: 'Other' },
};

/** Bounds of the nominee's fields, shared by the API schema and the XLSX import. */
export const NAME_MAX = 200;
export const POSITION_MAX = 200;
export const WORKPLACE_MAX = 300;
export const BIRTH_YEAR_MIN = 1900;
/** Nobody is born after the year we are in (Vietnam's calendar year). */
export const birthYearMax = (now = new Date()): number => Number(now.toLocaleString('en-US', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }));
export const MAX_NOMINEES = 200;

/** What the form's rules look at in a nominee (its full shape is the API schema's, schemas/input/create-dossier.ts). */
export interface NomineeType {
  readonly recipientType: RecipientType;
  readonly category?: NomineeCategory | undefined;
}

/** What a stored nominee is counted as in form 0603: one of its individual categories, `collective`, `enterprise` or `household`. */
export type ReportCategory = IndividualCategory | CollectiveCategory | 'household';

/**
 * The one place that reads a stored category, including those written before categories were checked against
 * the recipient type (until 12/2026 the API took any of the eight codes for any type, and the nominee form
 * offered a shorter list). No code was ever renamed; the old values that need reading are:
 *   - an individual without a category, or with `collective` / `enterprise` (the old form sent `other` for a
 *     person entered under "Tập thể"): form 0603's "Khác" (`other`);
 *   - a collective with a person's category (e.g. the test helper's `directWorker`): a collective, not an enterprise;
 *   - a household with any category: a household.
 */
export function reportCategory(recipientType: string, category: string | undefined): ReportCategory {
  if (recipientType === 'individual') return (individualCategories as readonly string[]).includes(category ?? '') ? (category as IndividualCategory) : 'other';
  if (recipientType === 'household') return 'household';
  return category === 'enterprise' ? 'enterprise' : 'collective';
}

const issue = (field: string, vi: string, en: string): FieldIssue => ({ field, message: { vi, en } });
const formVi = (form: { readonly name?: Bilingual }) => (form.name ? ` "${form.name.vi}"` : '');
const formEn = (form: { readonly name?: Bilingual }) => (form.name ? ` "${form.name.en}"` : '');
const plural: Readonly<Record<RecipientType, string>> = { individual: 'individuals', collective: 'collectives', household: 'households' };
const names = (list: readonly string[], of: Readonly<Record<string, Bilingual>>, lang: keyof Bilingual) => list.map((x) => of[x]?.[lang] ?? x).join(', ');

/** The form's rules on one nominee: a recipient type the form is for, and a category of that type. */
export function nomineeIssues(form: Pick<AwardForm, 'recipientTypes'> & { readonly name?: Bilingual }, n: NomineeType, prefix: string): FieldIssue[] {
  if (!form.recipientTypes.includes(n.recipientType)) {
    return [issue(`${prefix}recipientType`,
      `Hình thức khen thưởng${formVi(form)} không dành cho ${recipientTypeNames[n.recipientType].vi.toLowerCase()}; chỉ xét: ${names(form.recipientTypes, recipientTypeNames, 'vi').toLowerCase()}`,
      `The award form${formEn(form)} is not given to ${plural[n.recipientType]}; it takes: ${form.recipientTypes.map((t) => plural[t]).join(', ')}`)];
  }
  const allowed = categoriesFor(n.recipientType);
  if (n.category !== undefined && !allowed.includes(n.category)) {
    return [issue(`${prefix}category`,
      allowed.length ? `Đối tượng không hợp với ${recipientTypeNames[n.recipientType].vi.toLowerCase()}; chọn một trong: ${names(allowed, categoryNames, 'vi')}` : 'Hộ gia đình không ghi đối tượng',
      allowed.length ? `The category does not fit ${plural[n.recipientType]}; choose one of: ${names(allowed, categoryNames, 'en')}` : 'A household takes no category')];
  }
  return [];
}

/** Every rule of the award form a new dossier breaks: its kind and each nominee (fields named as the API input names them). */
export function dossierIssues(form: Pick<AwardForm, 'recipientTypes' | 'kinds'> & { readonly name?: Bilingual }, input: { readonly kind: AwardKind; readonly nominees: readonly NomineeType[] }): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (!form.kinds.includes(input.kind)) {
    out.push(issue('kind',
      `Hình thức khen thưởng${formVi(form)} không xét theo loại hình "${awardKindNames[input.kind].vi}"; chỉ xét: ${names(form.kinds, awardKindNames, 'vi').toLowerCase()}`,
      `The award form${formEn(form)} is not given for the kind "${awardKindNames[input.kind].en}"; it takes: ${names(form.kinds, awardKindNames, 'en').toLowerCase()}`));
  }
  input.nominees.forEach((n, i) => out.push(...nomineeIssues(form, n, `nominees.${i}.`)));
  return out;
}

/** Refuses (400, naming the first bad field, every issue in `details`) a dossier its award form does not take; nothing is stored. */
export function assertFitsForm(form: Pick<AwardForm, 'recipientTypes' | 'kinds'> & { readonly name?: Bilingual }, input: Parameters<typeof dossierIssues>[1]): void {
  const details = dossierIssues(form, input);
  const first = details[0];
  if (!first) return;
  throw new ValidationError({ field: first.field, messages: { vi: `${first.field}: ${first.message.vi}`, en: `${first.field}: ${first.message.en}` }, details });
}
