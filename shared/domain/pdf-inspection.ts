import { PDFArray, PDFContext, PDFDict, PDFHexString, PDFName, PDFNumber, type PDFObject, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';
import { decoded, type Found, is, PdfRefusedError, readerObjectHeader, STARTXREF, StrictParser, spellings, TRAILER, unparseable, whitespace, XREF, type XrefEntry, xrefStreamEntries } from './pdf-syntax.ts';

/**
 * Judges a PDF the way a reader opens it (docs/architecture.md §4 "PDFs"): names are compared after their #xx escapes are
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
 *  - The `startxref` read is the last text "startxref" in the file, the one readers search back from the end for.
 *  - No "N G obj" a reader's cross-reference rebuild would index (pdf.js XRef.indexObjects, poppler
 *    constructXRef) may appear in the raw bytes except where this read found that object: otherwise a file that
 *    makes the reader rebuild shows it objects hidden in stream data.
 *  - Each object of an object stream is read only up to the next one's offset, as readers read it.
 *  - At most 500 000 objects and 1 000 versions of one object number (the work stays linear).
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
  | {
      readonly ok: false;
      readonly code: 'PDF_UNPARSEABLE' | 'PDF_ENCRYPTED' | 'PDF_TRAILING_DATA' | 'PDF_ACTIVE_CONTENT';
      /** What was found, in English (technical: names and byte offsets). */
      readonly feature: string;
      /** The same in Vietnamese, where the reason is one a person can act on. */
      readonly featureVi?: string;
    };


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
/** Objects in all (top level and in object streams), and versions of one object number: enough for any real file. */
const maxObjects = 500_000;
const maxVersions = 1_000;

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
  let lastStartxrefAt = -1;
  let count = 0;
  const versionCount = new Map<number, number>();
  const counted = (num: number) => {
    count += 1;
    if (count > maxObjects) throw unparseable(`more than ${maxObjects} objects`, `tệp có hơn ${maxObjects.toLocaleString('vi-VN')} đối tượng`);
    const versions = (versionCount.get(num) ?? 0) + 1;
    if (versions > maxVersions) throw unparseable(`more than ${maxVersions} versions of object ${num}`, `đối tượng số ${num} có hơn ${maxVersions.toLocaleString('vi-VN')} phiên bản`);
    versionCount.set(num, versions);
  };
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
      lastStartxrefAt = at;
      lastStartxref = parser.int();
    } else if (parser.peekDigit()) {
      const found = parser.indirectObject();
      counted(found.num);
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
  // Readers search back from the end for the text "startxref" (pdf.js, poppler), comments included.
  if (text.lastIndexOf('startxref') !== lastStartxrefAt) {
    throw unparseable(
      `the last "startxref" text in the file (byte ${text.lastIndexOf('startxref')}) is not the one that ends it (byte ${lastStartxrefAt})`,
      'chữ "startxref" cuối cùng trong tệp không phải là chỗ kết thúc tệp',
    );
  }
  // A reader that rebuilds the cross-reference indexes every "N G obj" it sees, in stream data too.
  for (const match of text.matchAll(readerObjectHeader)) {
    if (!objectAt.has(match.index)) {
      throw unparseable(
        `"${match[0].replace(/\s+/g, ' ')}" at byte ${match.index} is not an object of the file (hidden in stream data or a comment)`,
        `có đối tượng ẩn trong dữ liệu tệp ("${match[0].replace(/\s+/g, ' ')}" tại byte ${match.index})`,
      );
    }
  }

  // 2. Encrypted strings and streams cannot be inspected: refuse before decoding anything.
  for (const { trailer } of sections.values()) {
    if (trailer.has(PDFName.of('Encrypt'))) throw new PdfRefusedError('PDF_ENCRYPTED', 'Encrypt');
  }

  // 3. The cross-reference chain a reader follows, from the last startxref, through /Prev and /XRefStm.
  for (const [at, section] of sections) {
    const found = objectAt.get(at);
    if (found?.object instanceof PDFRawStream) for (const entry of xrefStreamEntries(found.object, budget)) section.entries.push(entry);
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
    const n = N.asNumber();
    const first = First.asNumber();
    if (!Number.isInteger(n) || n < 0 || n > maxObjects - count || !Number.isInteger(first) || first < 0) {
      throw unparseable(`object stream ${found.num} has a bad /N or /First`);
    }
    const data = decoded(stream, budget);
    const inner = StrictParser.over(data, context);
    const header: [number, number][] = [];
    for (let i = 0; i < n; i += 1) header.push([inner.int(), inner.int()]);
    // Readers read each object only up to the next one's offset (pdf.js, poppler): read it so, and it must end there.
    const members = header.map(([num, offset], i) => {
      const start = first + offset;
      const end = i + 1 < header.length ? first + header[i + 1]![1] : data.length;
      if (!(start < end) || end > data.length) {
        throw unparseable(`object stream ${found.num}: the offsets of its objects are not increasing within its data`, `luồng đối tượng số ${found.num} có vị trí đối tượng chồng lấn hoặc vượt ra ngoài dữ liệu`);
      }
      const member = StrictParser.over(data.subarray(start, end), context);
      const object = member.parseObject();
      if (!member.done()) throw unparseable(`object ${num} in object stream ${found.num} does not end where the next one starts`, `đối tượng số ${num} trong luồng đối tượng số ${found.num} không kết thúc đúng chỗ đối tượng sau bắt đầu`);
      if (object instanceof PDFRawStream) throw unparseable(`object stream ${found.num} holds a stream`);
      counted(num);
      return { num, gen: 0, object };
    });
    objectStreams.set(found, members);
    for (const member of members) objects.push(member);
    return members;
  };
  const topLevel = new Map<number, Found[]>();
  for (const found of objects.slice()) {
    const list = topLevel.get(found.num);
    if (list) list.push(found);
    else topLevel.set(found.num, [found]);
    if (found.object instanceof PDFRawStream && is(found.object.dict.get(PDFName.of('Type')), 'ObjStm')) readObjectStream(found);
  }
  // "stream slot num" for every version of an object-stream number, made once per stream number
  const held = new Map<number, Set<string>>();
  const heldBy = (stream: number): Set<string> => {
    let slots = held.get(stream);
    if (!slots) {
      slots = new Set();
      for (const holder of topLevel.get(stream) ?? []) readObjectStream(holder).forEach((member, index) => slots!.add(`${index} ${member.num}`));
      held.set(stream, slots);
    }
    return slots;
  };

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
        if (!heldBy(entry.stream).has(`${entry.index} ${entry.num}`)) {
          throw unparseable(`the cross-reference entry of object ${entry.num} points into object stream ${entry.stream}, which does not hold it`);
        }
      }
    }
  }

  // 6. Every object found, every revision: look at each dictionary, array and name.
  const versions = new Map<number, PDFObject[]>();
  for (const { num, object } of objects) {
    const list = versions.get(num);
    if (list) list.push(object);
    else versions.set(num, [object]);
  }
  const resolve = (o: PDFObject | undefined): PDFObject[] => (o instanceof PDFRef ? (versions.get(o.objectNumber) ?? []) : o === undefined ? [] : [o]);
  // A reference is followed once per role: with up to 1 000 versions per number, following it from every object
  // that names it would make the work quadratic again.
  const followed = { action: new Set<number>(), events: new Set<number>() };
  const once = (role: keyof typeof followed) => (o: PDFObject | undefined): PDFObject[] => {
    if (o instanceof PDFRef) {
      if (followed[role].has(o.objectNumber)) return [];
      followed[role].add(o.objectNumber);
    }
    return resolve(o);
  };
  const rules = { actions: once('action'), events: once('events'), checked: new Set<PDFObject>() };
  for (const { object } of objects) walk(object, rules);
  for (const { trailer } of sections.values()) walk(trailer, rules);
}

interface Rules {
  /** Versions of an action (or array of actions) not yet checked as one that runs without a click. */
  readonly actions: (o: PDFObject | undefined) => PDFObject[];
  /** Versions of an /AA dictionary not yet checked. */
  readonly events: (o: PDFObject | undefined) => PDFObject[];
  /** Actions already checked as running without a click. */
  readonly checked: Set<PDFObject>;
}

function walk(root: PDFObject, rules: Rules): void {
  const stack: PDFObject[] = [root];
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (o instanceof PDFRawStream) stack.push(o.dict);
    else if (o instanceof PDFArray) for (const item of o.asArray()) stack.push(item);
    else if (o instanceof PDFName) {
      const hit = spellings(o).find((n) => activeNames.has(n));
      if (hit) throw new PdfRefusedError('PDF_ACTIVE_CONTENT', hit);
    } else if (o instanceof PDFDict) {
      for (const [key, value] of o.entries()) {
        stack.push(key, value);
        if (spellings(key).includes('OpenAction')) automatic(value, 'OpenAction', rules);
        if (spellings(key).includes('AA')) {
          for (const events of rules.events(value)) if (events instanceof PDFDict) for (const [, action] of events.entries()) automatic(action, 'AA', rules);
        }
      }
      // Readers resolve an action type given by reference (pdf.js does); no producer writes one, and every rule
      // below reads /S as a name: refused, whatever it points to (every /S, not only actions: a name is all /S is).
      if (o.get(PDFName.of('S')) instanceof PDFRef) throw new PdfRefusedError('PDF_ACTIVE_CONTENT', 'action type (/S) given by reference');
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
function automatic(value: PDFObject, trigger: string, rules: Rules): void {
  const queue = rules.actions(value);
  while (queue.length > 0) {
    const o = queue.pop()!;
    if (rules.checked.has(o)) continue;
    rules.checked.add(o);
    if (o instanceof PDFArray) {
      for (const item of o.asArray()) if (item instanceof PDFRef || item instanceof PDFDict) for (const action of rules.actions(item)) queue.push(action);
    } else if (o instanceof PDFDict && o.has(PDFName.of('S'))) {
      if (is(o.get(PDFName.of('S')), 'URI')) throw new PdfRefusedError('PDF_ACTIVE_CONTENT', `${trigger} URI`);
      for (const next of rules.actions(o.get(PDFName.of('Next')))) queue.push(next);
    }
  }
}

export function inspectPdf(bytes: Uint8Array): PdfInspection {
  try {
    inspect(bytes);
    return { ok: true };
  } catch (error) {
    if (error instanceof PdfRefusedError) return { ok: false, code: error.code, feature: error.feature, ...(error.featureVi ? { featureVi: error.featureVi } : {}) };
    // pdf-lib's parser errors (bad syntax, unbalanced strings, numbers...) and a stack overflow on absurd nesting
    const feature = error instanceof RangeError ? 'objects nested too deep' : error instanceof Error ? error.message.slice(0, 160) : 'parser error';
    return { ok: false, code: 'PDF_UNPARSEABLE', feature };
  }
}
