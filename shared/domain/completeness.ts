import type { DocumentRecord } from '#schemas/records';
import type { AwardForm } from './catalogue.ts';

/** Required document kinds of the form that have no verified document yet (reception, DOMAIN §4). */
export function missingDocuments(form: AwardForm, documents: readonly Pick<DocumentRecord, 'kind' | 'state'>[]): string[] {
  const verified = new Set(documents.filter((d) => d.state === 'verified').map((d) => d.kind));
  return form.requiredDocuments.filter((kind) => !verified.has(kind));
}
