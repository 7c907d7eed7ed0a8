import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { appendFile, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Readers never see a half-written file: write a sibling temp file, then rename over the target. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeTextAtomic(file, JSON.stringify(value));
}

async function writeTextAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** The files of `dir` (created if missing), less the temp files a crash left, which are removed. */
function storedFiles(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry.endsWith('.tmp')) rmSync(join(dir, entry), { force: true });
    else files.push(join(dir, entry));
  }
  return files;
}

/** Every `*.json` document in `dir` (created if missing); temp files left by a crash are removed. */
export function readJsonDocuments(dir: string): unknown[] {
  return storedFiles(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')));
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
    /** Saves the current state; takes its snapshot before its first await. */
    private readonly save: () => Promise<void>,
  ) {}

  /** A writer that saves `snapshot()` as the whole JSON document. */
  static json(file: string, snapshot: () => unknown): CoalescingWriter {
    return new CoalescingWriter(file, () => writeJsonAtomic(file, snapshot()));
  }

  write(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.tail.then(() => {
      this.queued = undefined;
      return this.save();
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

/**
 * A record with a growing history, kept as two files so a change costs the size of the change: `<name>.json`
 * holds the record without its events plus how many events belong to it (rewritten whole, atomically), and
 * `<name>.events.jsonl` holds the events, one per line, appended. Rewriting the whole history on every change
 * cost each dossier's execution 14 rewrites of up to 99 KB (bench/README.md).
 *
 * The events are appended before the record that counts them is renamed into place, so after a crash the
 * record never counts more events than the journal holds after a killed process; lines past its count (an
 * append cut short, or made just before the crash) are cut off when the journal is read or next written. The
 * files are not fsynced (neither was the whole-record store): after an OS crash a journal may hold fewer
 * events than counted, and the record is then read with those.
 */
export interface Journaled {
  events: unknown[];
}
interface JournalPosition {
  /** Events of the record that are in the journal. */
  count: number;
  /** The journal's length in bytes up to and including them. */
  bytes: number;
}

export function journalFile(file: string): string {
  if (!file.endsWith('.json')) throw new Error(`A journaled record is a .json file: ${file}`);
  return `${file.slice(0, -'.json'.length)}.events.jsonl`;
}

/** Saves a journaled record (see {@link Journaled}); `from` is where its journal stands (nothing: a new record). */
export function journaledSave(file: string, record: () => Journaled, from?: JournalPosition): () => Promise<void> {
  const journal = journalFile(file);
  const at: JournalPosition = { ...(from ?? { count: 0, bytes: 0 }) };
  // Whatever lies past the known end (a new record's stale journal, a failed append) is cut off first.
  let checkEnd = true;
  return async () => {
    const current = record();
    const count = current.events.length;
    const head = JSON.stringify({ ...current, events: undefined, eventCount: count });
    const lines = current.events.slice(at.count, count).map((event) => `${JSON.stringify(event)}\n`).join('');
    if (checkEnd) {
      await truncate(journal, at.bytes).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      checkEnd = false;
    }
    if (lines) {
      try {
        await appendFile(journal, lines);
      } catch (error) {
        checkEnd = true;
        throw error;
      }
      at.count = count;
      at.bytes += Buffer.byteLength(lines);
    }
    await writeTextAtomic(file, head);
  };
}

/**
 * Every journaled record in `dir` with its events restored, and where each journal stands. Records written
 * whole by earlier versions (events inside the JSON) are read as they are; their first save starts a journal.
 * Temp files and journals without a record (a crash before the record's first save) are removed.
 */
export function readJournaledDocuments(dir: string): { record: Journaled; file: string; position: JournalPosition }[] {
  const documents: { record: Journaled; file: string; position: JournalPosition }[] = [];
  for (const file of storedFiles(dir)) {
    if (file.endsWith('.events.jsonl')) {
      if (!existsSync(file.replace(/\.events\.jsonl$/, '.json'))) rmSync(file, { force: true });
      continue;
    }
    if (!file.endsWith('.json')) continue;
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<Journaled> & { eventCount?: number };
    if (Array.isArray(raw.events)) {
      documents.push({ record: raw as Journaled, file, position: { count: 0, bytes: 0 } });
      continue;
    }
    const count = raw.eventCount ?? 0;
    delete raw.eventCount;
    const journal = journalFile(file);
    const text = existsSync(journal) ? readFileSync(journal) : Buffer.alloc(0);
    const events: unknown[] = [];
    let bytes = 0;
    while (events.length < count) {
      const end = text.indexOf(10, bytes);
      if (end < 0) break;
      events.push(JSON.parse(text.subarray(bytes, end).toString('utf8')));
      bytes = end + 1;
    }
    // Only an OS crash or power loss can leave fewer (the appends are not fsynced; a killed process cannot):
    // the record still says where the execution stands, so it resumes with the history that was saved.
    if (events.length < count) console.warn(`local-sfn: ${journal} holds ${events.length} of the ${count} history events its record counts; going on with those`);
    if (text.length > bytes) truncateSync(journal, bytes);
    documents.push({ record: { ...raw, events } as Journaled, file, position: { count: events.length, bytes } });
  }
  return documents;
}
