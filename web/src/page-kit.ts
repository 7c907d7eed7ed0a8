/** What every page of the web app shares: the page's root for this navigation, the catalogue, who the user is, forms. */
import { api, ApiError, session } from './api.ts';
import { L, t, type Bilingual } from './i18n.ts';
import { formatDate } from './format.ts';
import { type Role, roleNames } from '#domain/roles';

/** Each navigation renders once; a slower page of an earlier navigation must not overwrite the current one. */
let generation = 0;
export class StaleRender extends Error {}
/** Starts a navigation: pages rendering for an earlier one give way. */
export const nextGeneration = () => ++generation;
export const isCurrent = (gen: number) => gen === generation;
export const main = (gen: number) => {
  if (gen !== generation) throw new StaleRender();
  return document.getElementById('main')!;
};

let router: () => Promise<void> = async () => {};
/** The shell registers its router here, so pages can render again without importing the shell. */
export const setRouter = (render: () => Promise<void>) => {
  router = render;
};
/** Renders the current page again (after an action changed what it shows). */
export const route = () => router();

export type Catalogue = { awardForms: { code: string; name: Bilingual; recipientTypes: string[]; kinds: string[]; requiredDocuments: string[]; council: { vote: string } }[]; documentKinds: Record<string, { name: Bilingual; contentTypes: string[]; maxBytes: number }> };
let catalogue: Catalogue | undefined;
export const getCatalogue = async () => (catalogue ??= await api<Catalogue>('GET', '/api/public/catalogue'));
export const has = (...roles: string[]) => (session.user?.roles ?? []).some((r) => roles.includes(r));
/** A person of a submitting unit and of no provincial body: the list shows their unit's dossiers (as the API's isUnitActor). */
export const isUnitUser = () => has('unitOfficer', 'unitHead') && !has('officer', 'secretariatHead', 'admin', 'councilMember', 'councilSecretary', 'chair');
export const roleLabel = (r: string) => L(roleNames[r as Role] ?? { vi: r, en: r });

/** The server's error in the chosen language, next to the field it names (or at the top of the form). */
export function showError(form: HTMLElement, error: unknown): void {
  form.querySelectorAll('.error').forEach((e) => e.remove());
  const body = error instanceof ApiError ? error.body.error : undefined;
  const text = body ? L(body.message) : t('Không kết nối được máy chủ, vui lòng thử lại', 'Could not reach the server, please try again');
  // The field itself (`nominees.2.category`), else the input holding it (`nominees`).
  const field = body?.field ? form.querySelector(`[name="${CSS.escape(body.field)}"]`) ?? form.querySelector(`[name="${CSS.escape(body.field.split('.')[0]!)}"]`) : null;
  const p = document.createElement('p');
  p.className = 'error';
  p.setAttribute('role', 'alert');
  p.dataset.field = body?.field ?? '';
  p.textContent = text;
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.insertAdjacentElement('afterend', p);
  } else form.prepend(p);
}

/** Runs a form action once: the button is disabled until it settles, so a double click cannot send twice. */
export function onSubmit(form: HTMLFormElement, action: (data: FormData) => Promise<void>): void {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    if (form.dataset.busy) return;
    form.dataset.busy = '1';
    form.querySelectorAll('button').forEach((b) => (b.disabled = true));
    try {
      const data = new FormData(form);
      if (button?.name) data.set(button.name, button.value);
      await action(data);
    } catch (error) {
      showError(form, error);
    } finally {
      delete form.dataset.busy;
      form.querySelectorAll('button').forEach((b) => (b.disabled = false));
    }
  });
}
export const requireField = (value: FormDataEntryValue | null, field: string, vi: string, en: string): string => {
  const s = String(value ?? '').trim();
  if (!s) throw new ApiError(400, { error: { code: 'VALIDATION', field, message: { vi, en } } });
  return s;
};
/** Empty form fields are left out, so the server applies its defaults. */
export const filled = (data: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, String(data.get(n) ?? '').trim()]).filter(([, v]) => v !== ''));

/** A share as the province writes it (0,9 → "90%", 2/3 → "66,7%"). */
export const percent = (share: number) => `${(Math.round(share * 1000) / 10).toString().replace('.', ',')}%`;
/** A legal text as cited: its title, number and date. */
export const citation = (l: { title: string; number: string; date?: string }) => `${l.title} số ${l.number}${l.date ? ` ngày ${formatDate(l.date)}` : ''}`;
