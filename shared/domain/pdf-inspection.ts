import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFObjectParser,
  PDFRawStream,
  PDFRef,
  PDFString,
  decodePDFRawStream,
} from 'pdf-lib';

/**
 * Judges a PDF the way a reader opens it (ARCHITECTURE §6 "PDFs"): names are compared after their #xx escapes are
 * decoded, and objects are read wherever they are stored, compressed object streams included. pdf-lib's object
 * parser reads each object; the file structure around the objects is checked here, strictly, because pdf-lib's own
 * document parser repairs broken files silently, and what it repairs differently from a reader is a hiding place.
 *
 *  - The file is read front to back: only objects, cross-reference sections, trailers, `startxref`, comments and
 *    whitespace may appear; any other byte makes the file unparseable.
 *  - Every in-use cross-reference entry, in every section, must point at an object this read found: byte offsets
 *    at the start of an object with that number, compressed entries into an `/ObjStm` that lists that object.
 *    So every object a reader can reach through the cross-reference data was inspected here.
 *  - Every object found is inspected, old revisions of incremental updates included.
 *  - Nothing may follow the last `%%EOF` but whitespace.
 *
 * Active content: JavaScript, Launch, SubmitForm, ImportData, GoToR/GoToE/GoToDp, embedded files (EmbeddedFiles,
 * EmbeddedFile, EF, FileAttachment), RichMedia, XFA, Rendition/Sound/Movie, 3D. A URI action is accepted only as
 * something the user clicks (a link or outline item) to an http(s) or mailto address; a URI opened by /OpenAction
 * or /AA (on opening, on a page or field event), with no click, is refused, as is any other scheme (file:, smb
 * paths leak Windows credentials; javascript:). A Thread action into another file (/F) is refused like GoToR. Other
 * actions (GoTo, Named, ResetForm, Hide, SetOCGState, Thread within the file...) are accepted.
 */
export type PdfInspection =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'PDF_UNPARSEABLE' | 'PDF_ENCRYPTED' | 'PDF_TRAILING_DATA' | 'PDF_ACTIVE_CONTENT'; readonly feature: string };

/** Thrown inside the inspection only; inspectPdf turns it into its answer. */
class PdfRefusedError extends Error {
  override readonly name = 'PdfRefusedError';
  constructor(
    readonly code: 'PDF_UNPARSEABLE' | 'PDF_ENCRYPTED' | 'PDF_TRAILING_DATA' | 'PDF_ACTIVE_CONTENT',
    readonly feature: string,
  ) {
    super(`${code}: ${feature}`);
  }
}
const unparseable = (why: string) => new PdfRefusedError('PDF_UNPARSEABLE', why);

/** Names that run code, open other files or carry files, as keys or values. */
const activeNames = new Set([
  'JavaScript', 'JS', 'Launch', 'SubmitForm', 'ImportData', 'GoToR', 'GoToE', 'GoToDp',
  'EmbeddedFiles', 'EmbeddedFile', 'EF', 'FileAttachment',
  'RichMedia', 'RichMediaContent', 'RichMediaSettings', 'RichMediaExecute',
  'XFA', 'Rendition', 'Sound', 'Movie', '3D', 'GoTo3DView',
]);
const clickableSchemes = new Set(['http', 'https', 'mailto']);

/** Decoded objects of object streams and cross-reference streams, at most this much in all (decompression bombs). */
const decodedBudget = 64 * 1024 * 1024;
const whitespace = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const keyword = (s: string) => [...s].map((c) => c.charCodeAt(0));
const OBJ = keyword('obj');
const ENDOBJ = keyword('endobj');
const XREF = keyword('xref');
const TRAILER = keyword('trailer');
const STARTXREF = keyword('startxref');
const ENDSTREAM = keyword('endstream');

type XrefEntry = { readonly num: number; readonly gen: number } & ({ readonly type: 1; readonly offset: number } | { readonly type: 2; readonly stream: number; readonly index: number });
interface Found {
  readonly num: number;
  readonly gen: number;
  readonly object: PDFObject;
}

/** pdf-lib's object parser, plus the file-structure reading it leaves to its lenient document parser. */
class StrictParser extends PDFObjectParser {
  static over(bytes: Uint8Array, context: PDFContext): StrictParser {
    // pdf-lib does not export its ByteStream; its own factory makes one
    const byteStream = (PDFObjectParser.forBytes(bytes, context) as unknown as { bytes: ConstructorParameters<typeof PDFObjectParser>[0] }).bytes;
    return new StrictParser(byteStream, context);
  }

  get offset(): number {
    return this.bytes.offset();
  }
  moveTo(offset: number): void {
    this.bytes.moveTo(offset);
  }
  done(): boolean {
    this.skipWhitespaceAndComments();
    return this.bytes.done();
  }
  peekDigit(): boolean {
    const b = this.bytes.peek();
    return b >= 0x30 && b <= 0x39;
  }
  match(word: number[]): boolean {
    if (!this.matchKeyword(word)) return false;
    const next = this.bytes.peek();
    return next === undefined || !/[A-Za-z0-9]/.test(String.fromCharCode(next));
  }
  int(): number {
    this.skipWhitespaceAndComments();
    return this.parseRawInt();
  }
  next(): number {
    return this.bytes.next();
  }

  /** `N G obj <object> endobj` */
  indirectObject(): Found {
    const num = this.int();
    const gen = this.int();
    this.skipWhitespaceAndComments();
    if (!this.match(OBJ)) throw unparseable(`no "obj" keyword at byte ${this.offset}`);
    const object = this.parseObject();
    this.skipWhitespaceAndComments();
    if (!this.match(ENDOBJ)) throw unparseable(`object ${num} ${gen} does not end with "endobj"`);
    return { num, gen, object };
  }

  /**
   * A stream without a usable direct /Length (older writers give it by reference) ends at the first "endstream",
   * as readers search; pdf-lib counts every "stream" word inside as a nested stream, so text that says
   * "mainstream" ran it past the end.
   */
  protected override findEndOfStreamFallback(): number {
    while (!this.bytes.done()) {
      const at = this.bytes.offset();
      if (this.matchKeyword(ENDSTREAM)) {
        const before = (n: number) => this.bytes.peekAt(at - n);
        return before(2) === 0x0d && before(1) === 0x0a ? at - 2 : before(1) === 0x0a || before(1) === 0x0d ? at - 1 : at;
      }
      this.bytes.next();
    }
    throw unparseable('a stream has no "endstream"');
  }

  /** pdf-lib keeps the last of two equal keys, some readers the first: a dictionary that says both is refused. */
  protected override parseDict(): PDFDict {
    this.bytes.assertNext(0x3c);
    this.bytes.assertNext(0x3c);
    this.skipWhitespaceAndComments();
    const dict = new Map<PDFName, PDFObject>();
    while (!this.bytes.done() && this.bytes.peek() !== 0x3e) {
      const key = this.parseName();
      if (dict.has(key)) throw unparseable(`dictionary key ${key.asString()} given twice`);
      dict.set(key, this.parseObject());
      this.skipWhitespaceAndComments();
    }
    this.bytes.assertNext(0x3e);
    this.bytes.assertNext(0x3e);
    return PDFDict.fromMapWithContext(dict, this.context);
  }
}

/** A name as pdf-lib decoded it and as a reader decodes it: pdf-lib leaves lower-case hex escapes (#4a) as they are. */
function spellings(name: PDFName): string[] {
  const decoded = name.decodeText();
  const fully = decoded.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return fully === decoded ? [decoded] : [decoded, fully];
}
const is = (object: PDFObject | undefined, name: string) => object instanceof PDFName && spellings(object).includes(name);

function decoded(stream: PDFRawStream, budget: { left: number }): Uint8Array {
  // Read in slices: asking pdf-lib for everything at once would inflate a bomb in full before any limit applies.
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    const source = decodePDFRawStream(stream);
    for (let part = source.getBytes(1 << 16); part.length > 0; part = source.getBytes(1 << 16)) {
      total += part.length;
      if (total > budget.left) break;
      parts.push(Uint8Array.from(part));
    }
  } catch {
    throw unparseable('a compressed stream cannot be decoded');
  }
  if (total > budget.left) throw unparseable('compressed streams expand beyond the limit');
  budget.left -= total;
  return new Uint8Array(Buffer.concat(parts));
}

/** Entries of a cross-reference stream (PDF 1.5+), read with bounds a hostile /Size or /W cannot escape. */
function xrefStreamEntries(stream: PDFRawStream, budget: { left: number }): XrefEntry[] {
  const data = decoded(stream, budget);
  const dict = stream.dict;
  const W = dict.get(PDFName.of('W'));
  const widths = W instanceof PDFArray ? W.asArray().map((w) => (w instanceof PDFNumber ? w.asNumber() : -1)) : [];
  const [wType = -1, wField2 = -1, wField3 = -1] = widths;
  if (widths.length !== 3 || widths.some((w) => !Number.isInteger(w) || w < 0 || w > 8)) throw unparseable('bad /W in a cross-reference stream');
  const Size = dict.get(PDFName.of('Size'));
  const Index = dict.get(PDFName.of('Index'));
  const numbers = Index instanceof PDFArray ? Index.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : -1)) : [0, Size instanceof PDFNumber ? Size.asNumber() : -1];
  if (numbers.length % 2 !== 0 || numbers.some((n) => !Number.isInteger(n) || n < 0)) throw unparseable('bad /Index or /Size in a cross-reference stream');
  const ranges: [first: number, count: number][] = [];
  for (let i = 0; i < numbers.length; i += 2) ranges.push([numbers[i] ?? 0, numbers[i + 1] ?? 0]);
  const rowWidth = wType + wField2 + wField3;
  const rows = ranges.reduce((sum, [, count]) => sum + count, 0);
  if (rowWidth === 0 || rows * rowWidth > data.length) throw unparseable('a cross-reference stream is shorter than its entries');
  const entries: XrefEntry[] = [];
  let at = 0;
  const field = (width: number, absent: number) => {
    if (width === 0) return absent;
    let value = 0;
    for (let i = 0; i < width; i += 1) value = value * 256 + (data[at++] ?? 0);
    return value;
  };
  for (const [first, count] of ranges) {
    for (let i = 0; i < count; i += 1) {
      const num = first + i;
      const type = field(wType, 1);
      const f2 = field(wField2, 0);
      const f3 = field(wField3, 0);
      if (type === 1) entries.push({ num, gen: f3, type: 1, offset: f2 });
      else if (type === 2) entries.push({ num, gen: 0, type: 2, stream: f2, index: f3 });
      // type 0 is a free entry; other types are to be ignored by readers (PDF 32000 §7.5.8.3)
    }
  }
  return entries;
}

/** Reads the whole file; throws PdfRefusedError with the first reason to refuse it. */
function inspect(bytes: Uint8Array): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const eof = text.lastIndexOf('%%EOF');
  if (eof < 0) throw unparseable('no %%EOF marker');
  for (let i = eof + 5; i < bytes.length; i += 1) {
    if (!whitespace.has(bytes[i] ?? 0)) throw new PdfRefusedError('PDF_TRAILING_DATA', `${bytes.length - eof - 5} bytes after the last %%EOF`);
  }

  // 1. Front to back: every object, cross-reference section and trailer, at the offset where it starts.
  const context = PDFContext.create();
  const parser = StrictParser.over(bytes, context);
  const objects: Found[] = [];
  const objectAt = new Map<number, Found>();
  const sections = new Map<number, { entries: XrefEntry[]; trailer: PDFDict }>();
  const budget = { left: decodedBudget };
  let lastStartxref: number | undefined;
  parser.moveTo(0);
  while (!parser.done()) {
    const at = parser.offset;
    lastStartxref = undefined;
    if (parser.match(XREF)) {
      const entries: XrefEntry[] = [];
      while (!parser.done() && parser.peekDigit()) {
        const first = parser.int();
        const count = parser.int();
        for (let i = 0; i < count; i += 1) {
          const offset = parser.int();
          const gen = parser.int();
          parser.done();
          const kind = String.fromCharCode(parser.next());
          if (kind === 'n') entries.push({ num: first + i, gen, type: 1, offset });
          else if (kind !== 'f') throw unparseable(`bad cross-reference entry near byte ${parser.offset}`);
        }
      }
      parser.done();
      if (!parser.match(TRAILER)) throw unparseable('a cross-reference table without its trailer');
      const trailer = parser.parseObject();
      if (!(trailer instanceof PDFDict)) throw unparseable('the trailer is not a dictionary');
      sections.set(at, { entries, trailer });
    } else if (parser.match(STARTXREF)) {
      lastStartxref = parser.int();
    } else if (parser.peekDigit()) {
      const found = parser.indirectObject();
      objects.push(found);
      objectAt.set(at, found);
      if (found.object instanceof PDFRawStream && is(found.object.dict.get(PDFName.of('Type')), 'XRef')) {
        sections.set(at, { entries: [], trailer: found.object.dict });
      }
    } else {
      throw unparseable(`unexpected data at byte ${at}`);
    }
  }
  if (lastStartxref === undefined) throw unparseable('the file does not end with startxref and %%EOF');

  // 2. Encrypted strings and streams cannot be inspected: refuse before decoding anything.
  for (const { trailer } of sections.values()) {
    if (trailer.has(PDFName.of('Encrypt'))) throw new PdfRefusedError('PDF_ENCRYPTED', 'Encrypt');
  }

  // 3. The cross-reference chain a reader follows, from the last startxref, through /Prev and /XRefStm.
  for (const [at, section] of sections) {
    const found = objectAt.get(at);
    if (found?.object instanceof PDFRawStream) section.entries.push(...xrefStreamEntries(found.object, budget));
  }
  const chain = [lastStartxref];
  for (const section of sections.values()) {
    for (const key of ['Prev', 'XRefStm']) {
      const value = section.trailer.get(PDFName.of(key));
      if (value !== undefined) chain.push(value instanceof PDFNumber ? value.asNumber() : -1);
    }
  }
  for (const offset of chain) {
    if (!sections.has(offset)) throw unparseable(`startxref, /Prev or /XRefStm points to byte ${offset}, where no cross-reference section starts`);
  }
  const last = sections.get(lastStartxref)!.trailer;
  if (!(last.get(PDFName.of('Root')) instanceof PDFRef)) throw unparseable('the trailer names no /Root');

  // 4. Objects stored in object streams: every stream a cross-reference entry names, and every other /ObjStm.
  // Keyed by the object found, not its number: an update may reuse an object stream's number for new contents.
  const objectStreams = new Map<Found, Found[]>();
  const readObjectStream = (found: Found): Found[] => {
    const known = objectStreams.get(found);
    if (known) return known;
    const stream = found.object;
    if (!(stream instanceof PDFRawStream) || !is(stream.dict.get(PDFName.of('Type')), 'ObjStm')) {
      throw unparseable(`object ${found.num} holds compressed objects but is not an /ObjStm`);
    }
    const N = stream.dict.get(PDFName.of('N'));
    const First = stream.dict.get(PDFName.of('First'));
    if (!(N instanceof PDFNumber) || !(First instanceof PDFNumber)) throw unparseable(`object stream ${found.num} lacks /N or /First`);
    const data = decoded(stream, budget);
    const inner = StrictParser.over(data, context);
    const header: [number, number][] = [];
    for (let i = 0; i < N.asNumber(); i += 1) header.push([inner.int(), inner.int()]);
    const members = header.map(([num, offset]) => {
      inner.moveTo(First.asNumber() + offset);
      const object = inner.parseObject();
      if (object instanceof PDFRawStream) throw unparseable(`object stream ${found.num} holds a stream`);
      return { num, gen: 0, object };
    });
    objectStreams.set(found, members);
    objects.push(...members);
    return members;
  };
  const topLevel = new Map<number, Found[]>();
  for (const found of [...objects]) {
    topLevel.set(found.num, [...(topLevel.get(found.num) ?? []), found]);
    if (found.object instanceof PDFRawStream && is(found.object.dict.get(PDFName.of('Type')), 'ObjStm')) readObjectStream(found);
  }

  // 5. Every entry a reader can follow leads to an object read above.
  for (const section of sections.values()) {
    for (const entry of section.entries) {
      if (entry.num === 0) continue;
      if (entry.type === 1) {
        const found = objectAt.get(entry.offset);
        if (!found || found.num !== entry.num || found.gen !== entry.gen) {
          throw unparseable(`the cross-reference entry of object ${entry.num} ${entry.gen} points to byte ${entry.offset}, where that object does not start`);
        }
      } else {
        // Every version of that stream number must be an object stream (a reader takes whichever its xref
        // names, and some parse any stream as one), and one of them must hold this object in this slot.
        const holders = (topLevel.get(entry.stream) ?? []).map(readObjectStream);
        if (!holders.some((members) => members[entry.index]?.num === entry.num)) {
          throw unparseable(`the cross-reference entry of object ${entry.num} points into object stream ${entry.stream}, which does not hold it`);
        }
      }
    }
  }

  // 6. Every object found, every revision: look at each dictionary, array and name.
  const versions = new Map<number, PDFObject[]>();
  for (const { num, object } of objects) versions.set(num, [...(versions.get(num) ?? []), object]);
  const resolve = (o: PDFObject | undefined): PDFObject[] => (o instanceof PDFRef ? (versions.get(o.objectNumber) ?? []) : o === undefined ? [] : [o]);
  for (const { object } of objects) walk(object, resolve);
  for (const { trailer } of sections.values()) walk(trailer, resolve);
}

function walk(root: PDFObject, resolve: (o: PDFObject | undefined) => PDFObject[]): void {
  const stack: PDFObject[] = [root];
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (o instanceof PDFRawStream) stack.push(o.dict);
    else if (o instanceof PDFArray) stack.push(...o.asArray());
    else if (o instanceof PDFName) {
      const hit = spellings(o).find((n) => activeNames.has(n));
      if (hit) throw new PdfRefusedError('PDF_ACTIVE_CONTENT', hit);
    } else if (o instanceof PDFDict) {
      for (const [key, value] of o.entries()) {
        stack.push(key, value);
        if (spellings(key).includes('OpenAction')) automatic(value, 'OpenAction', resolve);
        if (spellings(key).includes('AA')) {
          for (const events of resolve(value)) if (events instanceof PDFDict) for (const [, action] of events.entries()) automatic(action, 'AA', resolve);
        }
      }
      // an article thread in another file opens that file, as GoToR does
      if (is(o.get(PDFName.of('S')), 'Thread') && o.has(PDFName.of('F'))) throw new PdfRefusedError('PDF_ACTIVE_CONTENT', 'Thread in another file');
      if (is(o.get(PDFName.of('S')), 'URI')) {
        const uri = o.get(PDFName.of('URI'));
        const target = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText().trim() : '';
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1]?.toLowerCase();
        if (!scheme || !clickableSchemes.has(scheme)) throw new PdfRefusedError('PDF_ACTIVE_CONTENT', `URI ${scheme ? `${scheme}:` : '(no scheme)'}`);
      }
    }
  }
}

/** Actions that run without a click (/OpenAction, /AA events) and those they chain to by /Next may not open a URI. */
function automatic(value: PDFObject, trigger: string, resolve: (o: PDFObject | undefined) => PDFObject[]): void {
  const seen = new Set<PDFObject>();
  const queue = [...resolve(value)];
  while (queue.length > 0) {
    const o = queue.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    if (o instanceof PDFArray) {
      for (const item of o.asArray()) if (item instanceof PDFRef || item instanceof PDFDict) queue.push(...resolve(item));
    } else if (o instanceof PDFDict && o.has(PDFName.of('S'))) {
      if (is(o.get(PDFName.of('S')), 'URI')) throw new PdfRefusedError('PDF_ACTIVE_CONTENT', `${trigger} URI`);
      queue.push(...resolve(o.get(PDFName.of('Next'))));
    }
  }
}

export function inspectPdf(bytes: Uint8Array): PdfInspection {
  try {
    inspect(bytes);
    return { ok: true };
  } catch (error) {
    if (error instanceof PdfRefusedError) return { ok: false, code: error.code, feature: error.feature };
    // pdf-lib's parser errors (bad syntax, unbalanced strings, numbers...) and a stack overflow on absurd nesting
    const feature = error instanceof RangeError ? 'objects nested too deep' : error instanceof Error ? error.message.slice(0, 160) : 'parser error';
    return { ok: false, code: 'PDF_UNPARSEABLE', feature };
  }
}
