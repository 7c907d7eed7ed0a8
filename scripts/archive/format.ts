import { createHash } from 'node:crypto';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import * as z from 'zod';

/**
 * The export archive: one zip a person can keep. `manifest.json` says what it holds and the SHA-256 of every
 * other file; the import checks all of them before it writes anything.
 *
 *   manifest.json
 *   tables/<logicalId>.jsonl        one item per line, in DynamoDB's marshalled form ({"PK":{"S":…},…})
 *   buckets/<logicalId>.jsonl       one object per line: key, contentType, metadata, size, sha256
 *   buckets/<logicalId>/<key>       the object's bytes
 *   users.jsonl                     the user pool's accounts: username, attributes (sub included), groups, enabled
 *
 * Tables and buckets are named by the template's logical ids, which every deployment of the stack shares;
 * the physical names of the source are kept for the record only.
 */
export const ARCHIVE_FORMAT = 'thi-dua-khen-thuong/export';
export const ARCHIVE_FORMAT_VERSION = 1;

export const Manifest = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  formatVersion: z.number().int(),
  exportedAt: z.string(),
  /** The latest `at` among the dossiers' audit events: for the reader (how recent the records are). */
  lastEventAt: z.string(),
  source: z.object({ kind: z.enum(['local', 'aws']), name: z.string(), region: z.string() }),
  tables: z.record(z.string(), z.object({ name: z.string(), items: z.number().int(), file: z.string() })),
  buckets: z.record(z.string(), z.object({ name: z.string(), objects: z.number().int(), file: z.string() })),
  users: z.object({ count: z.number().int(), file: z.string() }),
  /** Dossiers whose answer was committed but never reached the old execution: restored, not resumed. */
  undeliveredAnswers: z.array(z.object({ dossierId: z.string(), step: z.string() })),
  files: z.record(z.string(), z.object({ sha256: z.string(), size: z.number().int() })),
});
export type Manifest = z.infer<typeof Manifest>;

export const ObjectEntry = z.object({ key: z.string(), contentType: z.optional(z.string()), metadata: z.optional(z.record(z.string(), z.string())), size: z.number().int(), sha256: z.string() });
export type ObjectEntry = z.infer<typeof ObjectEntry>;

export const UserEntry = z.object({
  username: z.string(),
  attributes: z.record(z.string(), z.string()),
  groups: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.optional(z.string()),
});
export type UserEntry = z.infer<typeof UserEntry>;

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Thrown for an archive that is not one, is damaged, or is of a format this code does not read. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

export const jsonLines = (rows: readonly unknown[]): Uint8Array => Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
export const parseJsonLines = (bytes: Uint8Array): unknown[] =>
  Buffer.from(bytes)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);

export const objectPath = (bucketId: string, key: string) => `buckets/${bucketId}/${key}`;

/** Packs the files with their manifest: JSON lines compressed, documents (already compressed PDFs, DOCX, XLSX) stored. */
export function packArchive(manifest: Omit<Manifest, 'files'>, files: Map<string, Uint8Array>): { bytes: Uint8Array; manifest: Manifest } {
  const listed: Manifest['files'] = {};
  for (const [name, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) listed[name] = { sha256: sha256(bytes), size: bytes.length };
  const full: Manifest = { ...manifest, files: listed };
  // The same moment for every entry, so two exports of the same data differ only in the manifest's times.
  const mtime = new Date(manifest.exportedAt);
  const zippable: Zippable = { 'manifest.json': [Buffer.from(JSON.stringify(full, null, 2), 'utf8'), { level: 6, mtime }] };
  for (const [name, bytes] of files) zippable[name] = [bytes, { level: name.endsWith('.jsonl') ? 6 : 0, mtime }];
  return { bytes: zipSync(zippable), manifest: full };
}

/**
 * Opens an archive and checks it whole: a manifest of a format version this code reads, every listed file
 * present with its size and SHA-256, no file the manifest does not list, and the item, object and account
 * counts the manifest states. Nothing is written anywhere before this has passed.
 */
export function openArchive(bytes: Uint8Array): { manifest: Manifest; files: Map<string, Uint8Array> } {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (cause) {
    throw new ArchiveError('Tệp không phải là tệp lưu trữ (zip) hợp lệ / the file is not a valid (zip) archive', { cause });
  }
  const raw = entries['manifest.json'];
  if (!raw) throw new ArchiveError('Tệp lưu trữ thiếu manifest.json / the archive has no manifest.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch (cause) {
    throw new ArchiveError('manifest.json không đọc được / manifest.json is not JSON', { cause });
  }
  const head = z.object({ format: z.string(), formatVersion: z.number() }).safeParse(parsed);
  if (!head.success || head.data.format !== ARCHIVE_FORMAT) throw new ArchiveError(`Không phải tệp xuất của hệ thống này / not an export of this system (format ${ARCHIVE_FORMAT})`);
  if (head.data.formatVersion !== ARCHIVE_FORMAT_VERSION) {
    throw new ArchiveError(`Phiên bản định dạng ${head.data.formatVersion} không được hỗ trợ (cần ${ARCHIVE_FORMAT_VERSION}) / format version ${head.data.formatVersion} is not supported (this code reads ${ARCHIVE_FORMAT_VERSION})`);
  }
  const manifest = Manifest.parse(parsed);
  const files = new Map<string, Uint8Array>();
  const problems: string[] = [];
  for (const [name, expected] of Object.entries(manifest.files)) {
    const data = entries[name];
    if (!data) problems.push(`missing ${name}`);
    else if (data.length !== expected.size || sha256(data) !== expected.sha256) problems.push(`changed ${name}`);
    else files.set(name, data);
  }
  for (const name of Object.keys(entries)) if (name !== 'manifest.json' && !(name in manifest.files) && !name.endsWith('/')) problems.push(`unlisted ${name}`);
  if (problems.length === 0) {
    const count = (file: string) => parseJsonLines(files.get(file) ?? new Uint8Array()).length;
    for (const [id, t] of Object.entries(manifest.tables)) if (count(t.file) !== t.items) problems.push(`table ${id}: ${count(t.file)} items, manifest says ${t.items}`);
    for (const [id, b] of Object.entries(manifest.buckets)) if (count(b.file) !== b.objects) problems.push(`bucket ${id}: ${count(b.file)} objects, manifest says ${b.objects}`);
    if (count(manifest.users.file) !== manifest.users.count) problems.push(`users: manifest says ${manifest.users.count}`);
  }
  if (problems.length > 0) {
    throw new ArchiveError(`Tệp lưu trữ bị hỏng hoặc đã bị sửa, không ghi gì cả / the archive is damaged or was altered, nothing was written: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (+${problems.length - 10} more)` : ''}`);
  }
  return { manifest, files };
}
