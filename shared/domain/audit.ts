import { createHash } from 'node:crypto';

/** Genesis value of every chain, so the first event's prevHash is well defined. */
export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON (sorted keys) so the same event always hashes to the same value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** hash_n = sha256(hash_{n-1} || canonical(event_n without its hash)). */
export function chainHash(prevHash: string, event: object): string {
  const { hash: _ignored, ...body } = event as { hash?: unknown };
  return createHash('sha256').update(prevHash).update(canonicalJson(body)).digest('hex');
}

/** Any record of a hash-chained log: its other fields are hashed too (chainHash reads them all). */
export interface ChainLink {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** Recomputes a chain; returns the seq of the first broken link, or null when intact. */
export function firstBrokenLink(events: readonly ChainLink[]): number | null {
  let prev = GENESIS_HASH;
  for (const event of events) {
    if (event.prevHash !== prev || chainHash(prev, event) !== event.hash) return event.seq;
    prev = event.hash;
  }
  return null;
}
