import { crc32, deflateRawSync } from 'node:zlib';
import type { ReportTable } from '#domain/year-end';

/**
 * The report as an XLSX workbook: one sheet per table, the title and Vietnamese column headers in bold and
 * frozen, numbers as numbers. Written directly as SpreadsheetML in a zip (node:zlib), not with a workbook
 * library: the subset needed is small, and a library (write-excel-file + fflate, 77 KB minified) would be
 * most of the job function's bundle. Tests read every sheet back with an independent reader.
 */
export async function reportWorkbook(tables: readonly ReportTable[]): Promise<Uint8Array> {
  const names = sheetNames(tables.map((t) => t.id));
  const files: [string, string][] = [
    ['[Content_Types].xml', contentTypes(tables.length)],
    ['_rels/.rels', rels([['officeDocument', 'xl/workbook.xml']])],
    ['xl/workbook.xml', `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${names.map((n, i) => `<sheet name="${esc(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', rels([...tables.map((_, i) => ['worksheet', `worksheets/sheet${i + 1}.xml`] as [string, string]), ['styles', 'styles.xml']])],
    ['xl/styles.xml', STYLES],
    ...tables.map((t, i) => [`xl/worksheets/sheet${i + 1}.xml`, worksheet(t)] as [string, string]),
  ];
  return zip(files.map(([name, text]) => [name, Buffer.from(text, 'utf8')]));
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** Style indexes into cellXfs below. */
const BOLD = 1;
const BOLD_WRAPPED = 2;
/** The same styles with Excel's quote prefix: the cell is text and stays text when someone edits it. */
const QUOTED = 3;
const STYLES =
  `${XML}<styleSheet xmlns="${MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" quotePrefix="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1" quotePrefix="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

function contentTypes(sheets: number): string {
  return (
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
    Array.from({ length: sheets }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`).join('') +
    '</Types>'
  );
}

function rels(targets: [type: string, target: string][]): string {
  const items = targets.map(([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${REL}/${type}" Target="${target}"/>`).join('');
  return `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
}

function worksheet(t: ReportTable): string {
  const rows: (readonly (string | number)[])[] = [[t.title.vi], t.columns.map((c) => c.vi), ...t.rows];
  const styleOf = (r: number) => (r === 0 ? BOLD : r === 1 ? BOLD_WRAPPED : 0);
  const data = rows
    .map((row, r) => {
      const cells = row
        .map((v, c) => {
          if (v === '') return '';
          const ref = `${column(c)}${r + 1}`;
          // Inline strings are never evaluated, but a cell that looks like a formula gets the quote prefix too
          // (OWASP CSV injection): otherwise editing it in Excel would turn it into a live formula.
          const style = styleOf(r) + (typeof v === 'string' && looksLikeFormula(v) ? QUOTED : 0);
          const s = style ? ` s="${style}"` : '';
          return typeof v === 'number' ? `<c r="${ref}"${s}><v>${v}</v></c>` : `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  const cols = t.columns.map((_, i) => `<col min="${i + 1}" max="${i + 1}" width="${i === 0 ? 40 : 16}" customWidth="1"/>`).join('');
  return (
    `${XML}<worksheet xmlns="${MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<cols>${cols}</cols><sheetData>${data}</sheetData></worksheet>`
  );
}

/** A, B, … Z, AA, AB … */
function column(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\, unique. */
function sheetNames(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.map((id, i) => {
    let name = id.replace(/[[\]:*?/\\]/g, '-').slice(0, 31) || `Sheet${i + 1}`;
    if (seen.has(name)) name = `${name.slice(0, 27)}-${i + 1}`;
    seen.add(name);
    return name;
  });
}

/** What a spreadsheet may read as a formula: the characters OWASP lists, and their full-width forms. */
const looksLikeFormula = (s: string): boolean => /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(s);

function esc(s: string): string {
  // XML 1.0 forbids most control characters outright; drop them rather than write an unreadable file.
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' })[c] ?? c);
}

/**
 * A zip archive (deflate, UTF-8 names, a fixed 1980-01-01 timestamp so equal content gives equal bytes).
 * Local headers, then the central directory, then its end record (APPNOTE 4.3).
 */
function zip(entries: [name: string, data: Buffer][]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const [name, data] of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    // The central directory repeats the local header's fields (version needed … name length), 2 bytes further on.
    const describe = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
      header.writeUInt16LE(0x0800, at + 2); // names are UTF-8
      header.writeUInt16LE(8, at + 4); // deflate
      header.writeUInt16LE(0, at + 6); // time 00:00
      header.writeUInt16LE(DOS_DATE, at + 8);
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(packed.length, at + 14);
      header.writeUInt32LE(data.length, at + 18);
      header.writeUInt16LE(fileName.length, at + 22);
      return header;
    };
    const local = Buffer.alloc(30); // extra length 0
    local.writeUInt32LE(0x04034b50, 0);
    describe(local, 4);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by: 2.0
    describe(header, 6);
    // extra, comment, disk, internal and external attributes: 0
    header.writeUInt32LE(offset, 42);
    parts.push(local, fileName, packed);
    central.push(header, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, directory, end]));
}
