import type { Bilingual } from './i18n.ts';

export interface AppConfig {
  apiUrl: string;
  auth: 'local' | 'cognito';
  local?: boolean;
  cognito?: { region: string; userPoolId: string; clientId: string; domain?: string };
  /** The state machine definition (ASL JSON) the stack deployed: the dossier page draws it. */
  workflowDefinition?: string;
}
export interface ApiErrorBody { error: { code: string; field?: string; message: Bilingual; details?: unknown } }
export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(body.error?.message?.en ?? `HTTP ${status}`);
  }
}

let config: AppConfig | undefined;
export async function loadConfig(): Promise<AppConfig> {
  config ??= (await (await fetch('config.json', { cache: 'no-store' })).json()) as AppConfig;
  return config;
}
export const getConfig = (): AppConfig => config!;

export const session = {
  get token(): string | null { return sessionStorage.getItem('token'); },
  get user(): { userId: string; name?: string; roles: string[]; unitId?: string } | null {
    const raw = sessionStorage.getItem('user');
    return raw ? JSON.parse(raw) : null;
  },
  set(token: string, user: unknown): void { sessionStorage.setItem('token', token); sessionStorage.setItem('user', JSON.stringify(user)); },
  clear() { sessionStorage.removeItem('token'); sessionStorage.removeItem('user'); },
};

/** Calls the HTTP API with the signed-in user's token; errors carry the server's bilingual, field-named body. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${config!.apiUrl}${path}`, {
    method,
    headers: { ...(session.token ? { authorization: `Bearer ${session.token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : {};
  if (!res.ok) throw new ApiError(res.status, parsed as ApiErrorBody);
  return parsed as T;
}
