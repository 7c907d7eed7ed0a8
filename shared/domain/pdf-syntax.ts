import {
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFObjectParser,
  type PDFRawStream,
  decodePDFRawStream,
} from 'pdf-lib';

// The PDF syntax as a reader reads it (PDF 32000 §7): objects, cross-reference sections and streams, names with
// their #xx escapes, compressed streams within a budget. pdf-inspection.ts judges what this reads.

/** pdf-lib's byte cursor (not exported by pdf-lib): what its object parser reads from. */
type ByteStream = ConstructorParameters<typeof PDFObjectParser>[0];
const isByteStream = (value: unknown): value is ByteStream =>
  typeof value === 'object' && value !== null && ['offset', 'moveTo', 'peek', 'done'].every((method) => method in value);

/** Thrown inside the inspection only; inspectPdf turns it into its answer. */
export class PdfRefusedError extends Error {
  override readonly name = 'PdfRefusedError';
  constructor(
    readonly code: 'PDF_UNPARSEABLE' | 'PDF_ENCRYPTED' | 'PDF_TRAILING_DATA' | 'PDF_ACTIVE_CONTENT',
    readonly feature: string,
    readonly featureVi?: string,
  ) {
    super(`${code}: ${feature}`);
  }
}
export const unparseable = (why: string, whyVi?: string) => new PdfRefusedError('PDF_UNPARSEABLE', why, whyVi);

/**
 * "N G obj" where a reader rebuilding the cross-reference indexes an object: at the start of a line (poppler
 * constructXRef; pdf.js indexObjects also after "<" and after the "endobj" that ends the object before), or anywhere
 * after whitespace when "obj" is followed by whitespace or "<" (pdf.js, looking for the end of an object, takes that
 * as a new one). Text a content stream draws mid-line, "(Muc 12 0 obj)", is neither. `(?=\d)` first keeps the
 * variable-length look-behind to one pass over each run of whitespace.
 */
export const readerObjectHeader = /(?=\d)(?:(?<=(?:^|[\r\n<]|endobj[\s\x08])\s*)\d+\s+\d+\s+obj|(?<=\s)\d+\s+\d+\s+obj(?=[\s\x08<]|$))/g;
export const whitespace = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const keyword = (s: string) => [...s].map((c) => c.charCodeAt(0));
export const OBJ = keyword('obj');
export const ENDOBJ = keyword('endobj');
export const XREF = keyword('xref');
export const TRAILER = keyword('trailer');
export const STARTXREF = keyword('startxref');
export const ENDSTREAM = keyword('endstream');

export type XrefEntry = { readonly num: number; readonly gen: number } & ({ readonly type: 1; readonly offset: number } | { readonly type: 2; readonly stream: number; readonly index: number });
export interface Found {
  readonly num: number;
  readonly gen: number;
  readonly object: PDFObject;
}

/** pdf-lib's object parser, plus the file-structure reading it leaves to its lenient document parser. */
export class StrictParser extends PDFObjectParser {
  static over(bytes: Uint8Array, context: PDFContext): StrictParser {
    // pdf-lib does not export its ByteStream; its own factory makes one, kept in the parser's `bytes`
    const made: object = PDFObjectParser.forBytes(bytes, context);
    const byteStream = 'bytes' in made ? made.bytes : undefined;
    if (!isByteStream(byteStream)) throw new Error('pdf-lib no longer keeps its ByteStream in PDFObjectParser.bytes');
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
export function spellings(name: PDFName): string[] {
  // pdf-lib keeps one PDFName per name: decode each once (most of the time on a file of many small objects)
  let known = spelled.get(name);
  if (!known) {
    const decoded = name.decodeText();
    const fully = decoded.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    known = fully === decoded ? [decoded] : [decoded, fully];
    spelled.set(name, known);
  }
  return known;
}
const spelled = new WeakMap<PDFName, string[]>();
export const is = (object: PDFObject | undefined, name: string) => object instanceof PDFName && spellings(object).includes(name);

export function decoded(stream: PDFRawStream, budget: { left: number }): Uint8Array {
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
export function xrefStreamEntries(stream: PDFRawStream, budget: { left: number }): XrefEntry[] {
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
