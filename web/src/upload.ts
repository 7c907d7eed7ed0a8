import { api } from './api.ts';

/** Hex sha256 of the file, computed in the browser; the server recomputes it after the upload. */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * presign → POST straight to S3 with progress → server-side verification. Each step's failure is reported
 * so the page can offer a retry of this one file.
 */
export async function uploadDocument(dossierId: string, kind: string, file: File, onProgress: (fraction: number) => void) {
  const sha256 = await sha256Hex(file);
  const presigned = await api<{ document: { documentId: string }; upload: { url: string; fields: Record<string, string> } }>('POST', `/api/dossiers/${dossierId}/documents`, {
    kind, fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size, sha256,
  });
  const form = new FormData();
  for (const [k, v] of Object.entries(presigned.upload.fields)) form.append(k, v);
  form.append('file', file);
  await new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', presigned.upload.url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(`S3 ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(form);
  });
  onProgress(1);
  return api<{ document: { documentId: string; state: string; reason?: { vi: string; en: string } } }>('POST', `/api/dossiers/${dossierId}/documents/${presigned.document.documentId}/verify`);
}
