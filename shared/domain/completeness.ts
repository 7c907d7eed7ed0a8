import type { DocumentRecord } from '#schemas/records';

/** Required document kinds (the dossier's rules) that have no verified document yet (reception, docs/domain.md §4). */
export function missingDocuments(form: { readonly requiredDocuments: readonly string[] }, documents: readonly Pick<DocumentRecord, 'kind' | 'state'>[]): string[] {
  const verified = new Set(documents.filter((d) => d.state === 'verified').map((d) => d.kind));
  return form.requiredDocuments.filter((kind) => !verified.has(kind));
}
