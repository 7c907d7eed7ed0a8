/**
 * The throughput benchmark's second floor replays the very requests the system made at the service
 * boundaries (recorded by the runtime's fault proxies during the warm-up), not a look-alike mix: the same
 * items with their index keys, the same condition and update expressions, the same emails and uploads. What
 * the emulators spend on them is the cost no code of ours could remove.
 */
import type { SeenRequest } from '#local/fault-proxy';

/** A recorded request, ready to send again (structured-clone safe, so it can go to the load worker). */
export interface ReplayRequest {
  readonly service: string;
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

export interface RecordedDossiers {
  /** Each dossier's requests, in the order they reached the boundary. */
  readonly dossiers: ReplayRequest[][];
  /** Requests that name no single dossier (an inbox read for everyone's tasks). */
  readonly shared: ReplayRequest[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const DOSSIER_ID = /\bd-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g;
/** Set again when sent: the emulator's address, and the length after ids are replaced. */
const DROPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/** Byte-preserving text view: ids are ASCII, and Vietnamese UTF-8 or PDF bytes pass through unchanged. */
const text = (body: Uint8Array) => Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');

/**
 * Groups requests by the one dossier (`d-<uuid>`) they name; the others are shared. `tables` sends DynamoDB
 * requests for one table to another (a copy without the system's stream consumers, so no function runs).
 */
export function groupByDossier(requests: readonly SeenRequest[], tables: Record<string, string> = {}): RecordedDossiers {
  const renamed = (body: Buffer) => {
    let s = text(body);
    for (const [from, to] of Object.entries(tables)) s = s.replaceAll(JSON.stringify(from), JSON.stringify(to));
    return new Uint8Array(Buffer.from(s, 'latin1'));
  };
  const byDossier = new Map<string, ReplayRequest[]>();
  const shared: ReplayRequest[] = [];
  for (const r of requests) {
    const request: ReplayRequest = {
      service: r.service,
      operation: r.operation,
      method: r.method,
      path: r.path,
      headers: Object.fromEntries(
        Object.entries(r.headers)
          .filter(([name, value]) => value !== undefined && !DROPPED_HEADERS.has(name))
          .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
      ),
      body: r.service === 'dynamodb' ? renamed(r.body) : new Uint8Array(r.body),
    };
    const named = new Set([...`${r.path} ${text(r.body)}`.matchAll(DOSSIER_ID)].map((m) => m[1]));
    const [only] = named;
    if (named.size !== 1 || only === undefined) shared.push(request);
    else {
      const list = byDossier.get(only) ?? [];
      list.push(request);
      byDossier.set(only, list);
    }
  }
  return { dossiers: [...byDossier.values()], shared };
}

/**
 * One new dossier from a recorded one: every id the recording holds (dossier, documents, tasks) becomes a
 * fresh one, the same throughout, so conditions that held for the original hold again. S3 requests are sent
 * as recorded: an upload's POST policy is signed over its key, so it is replayed onto the same key.
 */
export function instantiate(template: readonly ReplayRequest[], freshId: () => string): ReplayRequest[] {
  const ids = new Map<string, string>();
  const swap = (s: string) =>
    s.replace(UUID, (id) => {
      let fresh = ids.get(id);
      if (!fresh) ids.set(id, (fresh = freshId()));
      return fresh;
    });
  return template.map((r) => (r.service === 's3' ? r : { ...r, path: swap(r.path), body: new Uint8Array(Buffer.from(swap(text(r.body)), 'latin1')) }));
}
