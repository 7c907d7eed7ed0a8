import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '#local/api-client';
import { samplePdf } from '#local/sample-pdf';
import { as, baseUrl, draftDossier, type DossierView } from './support.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Presigned {
  document: { documentId: string };
  upload: { url: string; fields: Record<string, string> };
}
interface StoredDocument {
  documentId: string;
  kind: string;
  state: string;
  sha256: string;
  verifiedObject?: { key: string; sha256: string; etag?: string; versionId?: string };
}
interface ErrorBody {
  error: { code: string; field?: string; message: { vi: string; en: string } };
}

/** The browser's POST to S3 with a presigned form: the fields as issued, then the file last. */
async function postToS3(upload: Presigned['upload'], bytes: Uint8Array): Promise<number> {
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'tep.pdf');
  return (await fetch(upload.url, { method: 'POST', body: form })).status;
}

/** Presigns and uploads, without verifying; answers the presigned form too (it stays usable for 5 minutes). */
async function uploadUnverified(unit: ApiClient, dossierId: string, kind: string, bytes: Uint8Array) {
  const { presigned, uploadStatus } = await unit.postDocument(dossierId, kind, `${kind}.pdf`, bytes);
  expect(presigned.status).toBe(201);
  expect(uploadStatus).toBe(204);
  return presigned.body as Presigned;
}

async function downloaded(client: ApiClient, dossierId: string, documentId: string): Promise<Uint8Array> {
  const res = await client.get<{ url: string }>(`/api/dossiers/${dossierId}/documents/${documentId}/download`);
  expect(res.status).toBe(200);
  const file = await fetch(res.body.url);
  expect(file.status).toBe(200);
  return new Uint8Array(await file.arrayBuffer());
}

const documentOf = (view: DossierView, documentId: string) => (view.documents as unknown as StoredDocument[]).find((d) => d.documentId === documentId);

afterEach(async () => {
  await fetch(`${baseUrl}/_local/faults`, { method: 'DELETE' });
});

describe('a verified document is exactly the file that was checked', () => {
  it('serves the verified bytes after a second POST with the same (still valid) presigned form, and a repeated verify changes nothing', async () => {
    // Prepare: a clean PDF, uploaded and verified
    const unit = await as('unit-a-officer');
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat', []);
    const original = samplePdf(`${id} to trinh goc`);
    const { document, upload } = await uploadUnverified(unit, id, 'proposalLetter', original);
    const verified = await unit.post<{ document: StoredDocument }>(`/api/dossiers/${id}/documents/${document.documentId}/verify`);
    expect(verified.status).toBe(200);
    // the checked bytes are kept apart from the upload key, under their checksum
    expect(verified.body.document.verifiedObject).toMatchObject({ key: `verified/${id}/${document.documentId}/${sha(original)}`, sha256: sha(original) });

    // Act: the same form, within its five minutes, carries another file to the same key; then verify again
    const replacement = samplePdf(`${id} tep thay the, khong duoc kiem tra`);
    expect(sha(replacement)).not.toBe(sha(original));
    expect(await postToS3(upload, replacement)).toBe(204);
    const again = await unit.post<ErrorBody>(`/api/dossiers/${id}/documents/${document.documentId}/verify`);

    // Assess: the replacement is neither served nor checked; the document keeps the verified checksum
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_VERIFIED');
    expect(sha(await downloaded(unit, id, document.documentId))).toBe(sha(original));
    const view = (await unit.get<DossierView>(`/api/dossiers/${id}`)).body;
    expect(documentOf(view, document.documentId)).toMatchObject({ state: 'verified', sha256: sha(original) });
    expect(view.events.filter((e) => e.action === 'documentVerified')).toHaveLength(1);
  });

  it('refuses to verify, once the dossier is submitted, a document presigned and uploaded while it was a draft; nothing changes', async () => {
    // Prepare: a complete draft, plus one more file uploaded but not verified
    const unit = await as('unit-b-officer');
    const { id } = await draftDossier('unit-b-officer', 'bangKhenChuTichTinhDotXuat');
    const late = await uploadUnverified(unit, id, 'proposalLetter', samplePdf(`${id} phu luc muon`));
    expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
    const before = await unit.waitForTask<DossierView>(id, 'appraisal', 'UnderAppraisal');

    // Act
    const refused = await unit.post<ErrorBody>(`/api/dossiers/${id}/documents/${late.document.documentId}/verify`);

    // Assess: 409 naming the dossier's status, in Vietnamese and English; the document is still pending
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'DOSSIER_LOCKED', field: 'status', message: { vi: expect.stringContaining('Đang thẩm định'), en: expect.stringContaining('UnderAppraisal') } });
    const after = (await unit.get<DossierView>(`/api/dossiers/${id}`)).body;
    expect(documentOf(after, late.document.documentId)?.state).toBe('pendingUpload');
    expect(after.dossier.version).toBe(before.dossier.version);
    expect(after.events).toHaveLength(before.events.length);
    const download = await unit.get<ErrorBody>(`/api/dossiers/${id}/documents/${late.document.documentId}/download`);
    expect(download.status).toBe(409);
  });

  it('during a supplement step takes only the kinds the step names: the requested kind is verified, another kind is refused', async () => {
    // Prepare: a draft with its proposal letter, and a second proposal letter uploaded but not verified;
    // the completeness check asks for the achievement summary only
    const unit = await as('unit-a-officer');
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat', ['proposalLetter']);
    const notRequested = await uploadUnverified(unit, id, 'proposalLetter', samplePdf(`${id} to trinh thu hai`));
    expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
    const waiting = await unit.waitForTask<DossierView>(id, 'supplement', 'SupplementRequested');
    expect(waiting.dossier.missingDocuments).toEqual(['achievementSummary']);

    // Act + Assess: the kind not requested is refused, both for verification and for a new upload
    const refused = await unit.post<ErrorBody>(`/api/dossiers/${id}/documents/${notRequested.document.documentId}/verify`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'KIND_NOT_REQUESTED', field: 'kind', message: { vi: expect.any(String), en: expect.stringContaining('proposalLetter') } });
    const newUpload = await unit.postDocument(id, 'proposalLetter', 'to-trinh-moi.pdf', samplePdf(`${id} to trinh moi`));
    expect(newUpload.presigned.status).toBe(409);
    expect((newUpload.presigned.body as unknown as ErrorBody).error).toMatchObject({ code: 'KIND_NOT_REQUESTED', field: 'kind' });
    const unchanged = (await unit.get<DossierView>(`/api/dossiers/${id}`)).body;
    expect(documentOf(unchanged, notRequested.document.documentId)?.state).toBe('pendingUpload');
    expect(unchanged.dossier.version).toBe(waiting.dossier.version);

    // the requested kind is taken
    const summary = samplePdf(`${id} tom tat thanh tich`);
    const requested = await unit.uploadDocument(id, 'achievementSummary', 'tom-tat.pdf', summary);
    expect(requested.verified?.status).toBe(200);
    expect(sha(await downloaded(unit, id, requested.presigned.body.document.documentId))).toBe(sha(summary));
  });

  it('stays pending and unserved when its checked copy cannot be stored (S3 fails), and is verified by the retry', async () => {
    const unit = await as('unit-b-officer');
    const { id } = await draftDossier('unit-b-officer', 'bangKhenChuTichTinhDotXuat', []);
    const bytes = samplePdf(`${id} luu that bai`);
    const { document } = await uploadUnverified(unit, id, 'proposalLetter', bytes);
    const verifyPath = `/api/dossiers/${id}/documents/${document.documentId}/verify`;
    // Every attempt the SDK makes (first try and its retries) fails
    const armed = await fetch(`${baseUrl}/_local/faults`, { method: 'POST', body: JSON.stringify({ service: 's3', operation: 'PutObject', count: 3, status: 503, errorType: 'SlowDown' }) });
    expect(armed.ok).toBe(true);

    const refused = await unit.post(verifyPath);
    const pending = (await unit.get<DossierView>(`/api/dossiers/${id}`)).body;
    const notServed = await unit.get(`/api/dossiers/${id}/documents/${document.documentId}/download`);
    const retried = await unit.post<{ document: StoredDocument }>(verifyPath);

    expect(refused.status).toBe(503);
    expect(documentOf(pending, document.documentId)?.state).toBe('pendingUpload');
    expect(pending.events.map((e) => e.action)).not.toContain('documentVerified');
    expect(notServed.status).toBe(409);
    expect(retried.status).toBe(200);
    expect(sha(await downloaded(unit, id, document.documentId))).toBe(sha(bytes));
  });
});
