import { inflateRawSync } from 'node:zlib';
import { type Cell, ImportFileError, type SheetRow } from '#domain/directory-import';

/**
 * Reads the first sheet of an XLSX workbook, or a CSV file, as rows of cells — stopping after `limit` rows.
 * Written on node:zlib, not with a library: read-excel-file and its unzipper (85 KB minified) with csv-parse
 * (31 KB) would put the import function's bundle far past the +50 KB the bundles benchmark allows, and the
 * subset needed (a zip's central directory, shared strings, one sheet's cells; RFC 4180 CSV) is small. Tests
 * read the same workbooks with read-excel-file and compare.
 */
export interface ReadSheet {
  readonly rows: SheetRow[];
  /** The file has rows past `limit` (not read). */
  readonly more: boolean;
}

/** An unpacked part larger than this is refused (a zip bomb must not take the function's memory). */
const MAX_UNPACKED = 160 * 1024 * 1024;

const unreadable = (vi: string, en: string) => new ImportFileError('UNREADABLE_FILE', { vi, en });

export function readSheet(bytes: Uint8Array, limit: number): ReadSheet {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) throw new ImportFileError('EMPTY_FILE', { vi: 'Tệp trống', en: 'The file is empty' });
  if (buf.readUInt32LE(0) === 0x04034b50) return readXlsx(buf, limit);
  // Old binary .xls (an OLE2 compound file) is not read: it asks to be saved as .xlsx.
  if (buf.length >= 8 && buf.readUInt32LE(0) === 0xe011cfd0) throw unreadable('Tệp .xls (Excel 97–2003) không đọc được; vui lòng lưu lại dạng .xlsx hoặc CSV UTF-8', 'An .xls (Excel 97–2003) file cannot be read; save it as .xlsx or CSV UTF-8');
  let textContent: string;
  try {
    textContent = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw unreadable('Tệp không phải XLSX hay CSV UTF-8; vui lòng lưu lại dạng .xlsx hoặc CSV UTF-8', 'The file is neither XLSX nor UTF-8 CSV; save it as .xlsx or CSV UTF-8');
  }
  return readCsv(textContent, limit);
}

// ---- CSV (RFC 4180; the delimiter is the first line's most common of , ; and tab) ----

export function readCsv(input: string, limit: number): ReadSheet {
  const s = input.replace(/^\uFEFF/, '');
  const firstLine = s.slice(0, s.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const rows: SheetRow[] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  const endRow = () => {
    row.push(cell);
    cell = '';
    rows.push({ number: rows.length + 1, cells: row });
    row = [];
  };
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') (cell += '"'), (i += 1);
        else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i += 1;
      endRow();
      if (rows.length > limit) return { rows: rows.slice(0, limit), more: true };
    } else cell += c;
    i += 1;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows.length > limit ? { rows: rows.slice(0, limit), more: true } : { rows, more: false };
}

// ---- XLSX: a zip (APPNOTE 4.3) of SpreadsheetML parts ----

function unzip(buf: Buffer): Map<string, () => Buffer> {
  // The end-of-central-directory record is in the last 22 + 65,535 bytes (it may carry a comment).
  let end = -1;
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - 65_535); at -= 1) {
    if (buf.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw unreadable('Tệp XLSX bị hỏng (không đọc được nội dung nén)', 'The XLSX file is damaged (its zip directory is missing)');
  const entries = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map<string, () => Buffer>();
  for (let n = 0; n < entries; n += 1) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw unreadable('Tệp XLSX bị hỏng', 'The XLSX file is damaged');
    const method = buf.readUInt16LE(at + 10);
    const packed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    files.set(name, () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + packed);
      if (method === 0) return data;
      if (method !== 8) throw unreadable('Tệp XLSX dùng kiểu nén không hỗ trợ', 'The XLSX file uses an unsupported compression');
      try {
        return inflateRawSync(data, { maxOutputLength: MAX_UNPACKED });
      } catch (error) {
        if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ImportFileError('FILE_TOO_LARGE', { vi: 'Trang tính quá lớn khi giải nén; vui lòng chia thành nhiều tệp', en: 'The sheet is too large once unpacked; split it into several files' });
        }
        throw unreadable('Tệp XLSX bị hỏng', 'The XLSX file is damaged');
      }
    });
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] ?? ''),
  );
}

/** The text runs of a shared or inline string (phonetic guides left out). */
const runs = (xml: string) => [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1]!)).join('');

const attr = (attrs: string, name: string) => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

function readXlsx(buf: Buffer, limit: number): ReadSheet {
  const files = unzip(buf);
  const part = (name: string) => files.get(name)?.().toString('utf8');
  const workbook = part('xl/workbook.xml');
  if (!workbook) throw unreadable('Tệp nén này không phải sổ tính XLSX', 'This zip file is not an XLSX workbook');
  // The first sheet in the workbook's order, through its relationship.
  const firstSheet = /<sheet\b([^>]*)\/?>/.exec(workbook)?.[1] ?? '';
  const rid = /\br:id="([^"]*)"|\bid="([^"]*)"/.exec(firstSheet);
  const relId = rid?.[1] ?? rid?.[2];
  const rels = part('xl/_rels/workbook.xml.rels') ?? '';
  const rel = [...rels.matchAll(/<Relationship\b([^>]*)\/?>/g)].map((m) => m[1]!).find((a) => attr(a, 'Id') === relId);
  const target = rel ? attr(rel, 'Target') : undefined;
  const path = target ? (target.startsWith('/') ? target.slice(1) : `xl/${target}`) : 'xl/worksheets/sheet1.xml';
  const sheet = part(path);
  if (sheet === undefined) throw unreadable('Sổ tính không có trang tính nào', 'The workbook has no sheet');
  const shared = [...(part('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => runs(m[1]!));
  const rows: SheetRow[] = [];
  let previous = 0;
  for (const m of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const number = Number(attr(m[1]!, 'r') ?? previous + 1);
    previous = number;
    const cells: Cell[] = [];
    let next = 0;
    for (const c of (m[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1]!;
      const ref = attr(attrs, 'r');
      const index = ref ? columnIndex(ref) : next;
      next = index + 1;
      const body = c[2] ?? '';
      const type = attr(attrs, 't');
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      cells[index] =
        type === 'inlineStr' ? runs(body)
        : v === undefined ? null
        : type === 's' ? (shared[Number(v)] ?? '')
        : type === 'b' ? v === '1'
        : type === 'str' || type === 'e' || type === 'd' ? unescapeXml(v)
        : Number(v);
    }
    rows.push({ number, cells });
    if (rows.length > limit) return { rows: rows.slice(0, limit), more: true };
  }
  return { rows, more: false };
}
