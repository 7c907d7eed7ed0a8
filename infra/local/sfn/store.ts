import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Readers never see a half-written file: write a sibling temp file, then rename over the target. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify(value));
  await rename(temp, file);
}

/** Every `*.json` document in `dir` (created if missing); temp files left by a crash are removed. */
export function readJsonDocuments(dir: string): unknown[] {
  mkdirSync(dir, { recursive: true });
  const documents: unknown[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry.endsWith('.tmp')) {
      rmSync(path, { force: true });
    } else if (entry.endsWith('.json')) {
      documents.push(JSON.parse(readFileSync(path, 'utf8')));
    }
  }
  return documents;
}

/** A readable, collision-free file name: the resource name plus a hash of the full ARN. */
export function documentFileName(label: string, arn: string): string {
  const safeLabel = label.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100);
  return `${safeLabel}-${createHash('sha256').update(arn).digest('hex').slice(0, 12)}.json`;
}

/**
 * Serialises writes of one document and coalesces bursts: a write requested while another is queued joins it,
 * and the snapshot is taken when the write starts, so the newest state always lands last.
 */
export class CoalescingWriter {
  private tail: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => unknown,
  ) {}

  write(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.tail.then(() => {
      this.queued = undefined;
      return writeJsonAtomic(this.file, this.snapshot());
    });
    this.queued = next;
    // Keeps the chain alive after a failed write and marks the rejection handled for fire-and-forget callers.
    this.tail = next.catch((error: unknown) => {
      console.error(`local-sfn: could not persist ${this.file}`, error);
    });
    return next;
  }

  /** Resolves once every write requested so far has finished. */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.tail) {
      seen = this.tail;
      await seen;
    }
  }
}
