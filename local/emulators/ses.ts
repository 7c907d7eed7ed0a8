import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';
import { LOOPBACK } from './support.ts';

// The package is CommonJS with `exports.default`: Node's ESM loader hands us the exports object, bundlers
// and TypeScript hand us the function.
const startSesServer: typeof sesModule =
  typeof sesModule === 'function' ? sesModule : (sesModule as unknown as { default: typeof sesModule }).default;

export interface SesOptions {
  /** 0 or omitted: pick a free port. */
  readonly port?: number;
}

export interface SesEmulator {
  readonly endpoint: string;
  readonly port: number;
  readonly startedInMs: number;
  stop(): Promise<void>;
}

/** A message as the emulator captured it (SendEmail Simple/Raw/Template, v1 or v2). */
export interface CapturedEmail {
  readonly messageId: string;
  readonly from: string;
  readonly replyTo: string[];
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  readonly attachments: { filename?: string; contentType: string; size: number }[];
  /** When the emulator received it (second precision, as the emulator records it). */
  readonly at: Date;
  /** Same as `at` (kept for callers written against the first version of this module). */
  readonly date: Date;
}

/**
 * Starts aws-ses-v2-local (its library export, an Express app) on loopback. Captured emails live in that
 * module's memory: they are shared by every instance in this process and lost on restart.
 */
export async function startSes(options: SesOptions = {}): Promise<SesEmulator> {
  const started = performance.now();
  const server = await startSesServer({ host: LOOPBACK, port: options.port ?? 0 });
  // The library resolves even when listen failed (it ignores the callback's error), so check.
  if (!server.listening) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!server.listening) throw new Error(`SES emulator could not listen on ${LOOPBACK}:${options.port ?? 0}`);
  }
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    port,
    startedInMs: performance.now() - started,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from SDK clients would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

interface StoreEmail {
  messageId: string;
  from: string;
  replyTo?: string[];
  destination?: { to?: string[]; cc?: string[]; bcc?: string[] };
  subject: string;
  body?: { html?: string; text?: string };
  attachments?: { filename?: string; contentType: string; size: number }[];
  at: number;
}

/**
 * Messages captured so far, oldest first, read from the emulator's `GET /store`. `since` is applied by the
 * emulator at second precision (inclusive), so a message from the same second just before `since` is included.
 */
export async function listEmails(endpoint: string, options: { since?: Date } = {}): Promise<CapturedEmail[]> {
  const url = new URL('/store', endpoint);
  if (options.since) url.searchParams.set('since', String(Math.floor(options.since.getTime() / 1000)));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`SES emulator store: HTTP ${response.status}`);
  const { emails } = (await response.json()) as { emails: StoreEmail[] };
  return emails.map((e) => ({
    messageId: e.messageId,
    from: e.from,
    replyTo: e.replyTo ?? [],
    to: e.destination?.to ?? [],
    cc: e.destination?.cc ?? [],
    bcc: e.destination?.bcc ?? [],
    subject: e.subject,
    ...(e.body?.text !== undefined ? { text: e.body.text } : {}),
    ...(e.body?.html !== undefined ? { html: e.body.html } : {}),
    attachments: (e.attachments ?? []).map((a) => ({ ...(a.filename ? { filename: a.filename } : {}), contentType: a.contentType, size: a.size })),
    at: new Date(e.at * 1000),
    date: new Date(e.at * 1000),
  }));
}

/** Empties the captured emails (and the stored templates: the emulator clears both together). */
export async function clearEmails(endpoint: string): Promise<void> {
  const response = await fetch(new URL('/clear-store', endpoint), { method: 'POST' });
  if (!response.ok) throw new Error(`SES emulator clear-store: HTTP ${response.status}`);
}
