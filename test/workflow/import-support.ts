import type { ApiClient } from '#local/api-client';

export interface ImportAnswer {
  import: { importId: string; state: string; key: string; counts?: Record<string, number>; applied?: { created: number; updated: number } };
  counts: { rows: number; create: number; update: number; unchanged: number; errors: number };
  rows: { row: number; id: string; action?: string; changes?: string[] }[];
  errors: { row: number; column: string; code: string; message: { vi: string; en: string } }[];
  upload: { url: string; fields: Record<string, string> };
  created: number;
  updated: number;
  remaining: number;
  unchanged: number;
  error: { code: string; field?: string; message: { vi: string; en: string } };
}

/** Posts the bytes with a presigned form as a browser does; answers S3's status. */
export async function postForm(upload: { url: string; fields: Record<string, string> }, bytes: Uint8Array, fileName: string): Promise<number> {
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append('file', new Blob([bytes], { type: upload.fields['Content-Type'] }), fileName);
  return (await fetch(upload.url, { method: 'POST', body: form })).status;
}

/** Declares the file, uploads it with the presigned form, and answers the import's id and form. */
export async function uploadImport(admin: ApiClient, kind: 'units' | 'people', fileName: string, bytes: Uint8Array) {
  const started = await admin.post<ImportAnswer>('/api/directory-imports', { kind, fileName, size: bytes.length });
  if (started.status !== 201) throw new Error(`import start failed: ${started.status} ${JSON.stringify(started.body)}`);
  const status = await postForm(started.body.upload, bytes, fileName);
  if (status >= 300) throw new Error(`upload failed: ${status}`);
  return { importId: started.body.import.importId, upload: started.body.upload };
}

export const preview = (admin: ApiClient, importId: string) => admin.post<ImportAnswer>(`/api/directory-imports/${importId}/preview`);

/** Applies until nothing remains (each call works a bounded time); answers the totals and the number of calls. */
export async function applyAll(admin: ApiClient, importId: string) {
  let created = 0;
  let updated = 0;
  for (let calls = 1; ; calls += 1) {
    const res = await admin.post<ImportAnswer>(`/api/directory-imports/${importId}/apply`);
    if (res.status !== 200) return { status: res.status, body: res.body, created, updated, calls };
    created += res.body.created;
    updated += res.body.updated;
    if (res.body.remaining === 0) return { status: 200, body: res.body, created, updated, calls };
  }
}
