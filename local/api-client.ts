import { createHash } from 'node:crypto';

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/**
 * A small HTTP client over the public API, used by the seed, the workflow tests and the benchmarks — the
 * same calls a browser or curl makes (presigned POST straight to S3 included).
 */
export class ApiClient {
  /** How often the wait helpers re-read a dossier: each read is a real API call (and Lambda invocation). */
  pollMs = 100;

  constructor(
    readonly baseUrl: string,
    readonly token?: string,
    /** The signed-in person's id (the token's `sub`): what records name them by, not their username. */
    readonly userId?: string,
  ) {}

  /** Signs in by username on the local user pool. */
  static async signIn(baseUrl: string, username: string): Promise<ApiClient> {
    const res = await fetch(`${baseUrl}/_local/token`, { method: 'POST', body: JSON.stringify({ userId: username }) });
    if (!res.ok) throw new Error(`sign-in failed for ${username}: ${res.status}`);
    const { token, user } = (await res.json()) as { token: string; user: { userId: string } };
    return new ApiClient(baseUrl, token, user.userId);
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }

  /** presign → POST the bytes to S3 with the returned fields (not yet verified). */
  async postDocument(dossierId: string, kind: string, fileName: string, bytes: Uint8Array, contentType = 'application/pdf') {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const presigned = await this.post<{ document: { documentId: string }; upload: { url: string; fields: Record<string, string> } }>(
      `/api/dossiers/${dossierId}/documents`,
      { kind, fileName, contentType, size: bytes.length, sha256 },
    );
    if (presigned.status !== 201) return { presigned, uploadStatus: 0 };
    const form = new FormData();
    for (const [k, v] of Object.entries(presigned.body.upload.fields)) form.append(k, v);
    form.append('file', new Blob([bytes], { type: contentType }), fileName);
    const upload = await fetch(presigned.body.upload.url, { method: 'POST', body: form });
    return { presigned, uploadStatus: upload.status };
  }

  /** presign → POST the bytes to S3 → server-side verify. */
  async uploadDocument(dossierId: string, kind: string, fileName: string, bytes: Uint8Array, contentType = 'application/pdf') {
    const { presigned, uploadStatus } = await this.postDocument(dossierId, kind, fileName, bytes, contentType);
    if (uploadStatus === 0) return { presigned, uploadStatus, verified: undefined };
    const verified = await this.post<{ document: { state: string; reason?: unknown } }>(
      `/api/dossiers/${dossierId}/documents/${presigned.body.document.documentId}/verify`,
    );
    return { presigned, uploadStatus, verified };
  }

  /** Polls the dossier until `ready` holds (the workflow runs asynchronously after each call). */
  async waitForDossier<T extends { dossier: { status: string }; tasks?: { step: string; state: string }[] }>(
    dossierId: string,
    ready: (view: T) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: ApiResponse<T> | undefined;
    while (Date.now() < deadline) {
      last = await this.get<T>(`/api/dossiers/${dossierId}`);
      if (last.status === 200 && ready(last.body)) return last.body;
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
    throw new Error(`dossier ${dossierId} did not reach ${what} within ${timeoutMs} ms; last: ${JSON.stringify(last?.body)?.slice(0, 500)}`);
  }

  /** Waits until the dossier is in `status` with its human step `step` open (registered by the workflow). */
  waitForTask<T extends { dossier: { status: string }; tasks?: { step: string; state: string }[] } = { dossier: { status: string }; tasks?: { step: string; state: string }[] }>(
    dossierId: string,
    step: string,
    status: string,
    timeoutMs?: number,
  ) {
    return this.waitForDossier<T>(
      dossierId,
      (v) => v.dossier.status === status && (v.tasks ?? []).some((t) => t.step === step && t.state === 'PENDING'),
      `${status} with an open ${step} task`,
      timeoutMs,
    );
  }

  waitForStatus<T extends { dossier: { status: string }; tasks?: { step: string; state: string }[] } = { dossier: { status: string } }>(
    dossierId: string,
    status: string,
    timeoutMs?: number,
  ) {
    return this.waitForDossier<T>(dossierId, (v) => v.dossier.status === status, status, timeoutMs);
  }
}
