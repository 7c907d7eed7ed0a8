import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '#domain/document-check';
import { classicPdf, latin1, rawObjectStreamPdf, stream, text } from '../support/pdf-builder.ts';

/**
 * Review findings (branch review/22): files the PDF check passes although pdf.js (pdfjs-dist 4.10.38) reads active
 * content in them, and a file that makes the check run for minutes. Each test fails on the reviewed code.
 */
const check = (bytes: Uint8Array) =>
  checkDocument(bytes, { contentType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }, 20 * 1024 * 1024);
const page = (extra: string) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${extra} >>`;
const base = { 2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', 4: stream('', 'BT /F1 12 Tf 72 760 Td (Hello) Tj ET'), 5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' };

describe('the PDF check reads what readers read (review findings of branch review/22)', () => {
  it('refuses objects hidden in stream data that a reader finds when it rebuilds a cross-reference it cannot follow', () => {
    // A comment "%startxref 0" after the real startxref: readers search back from the end for the text
    // "startxref" (pdf.js, poppler), land on offset 0, give up the table and index every "N G obj" in the raw
    // bytes, stream data included; the later object 1 wins. pdf.js then lists attachment run.exe and
    // OpenAction JavaScript app.alert(1).
    const hidden =
      '\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 8 0 R /Names << /EmbeddedFiles << /Names [(run.exe) 9 0 R] >> >> >>\nendobj\n' +
      '8 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\n9 0 obj\n<< /Type /Filespec /F (run.exe) /UF (run.exe) /EF << /F 10 0 R >> >>\nendobj\n' +
      '10 0 obj\n<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream\nendobj\n';
    const file = classicPdf(
      { ...base, 1: '<< /Type /Catalog /Pages 2 0 R >>', 3: page(''), 6: stream('/Type /Metadata /Subtype /XML', hidden) },
      '/Root 1 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]',
    );
    const bytes = latin1(text(file).replace(/%%EOF\n$/, '%startxref 0\n%%EOF\n'));
    expect(check(bytes)).toMatchObject({ ok: false });
  });

  it('refuses a URI action whose /S is given by reference (pdf.js resolves it: a file: link, a URI on open)', () => {
    const bytes = classicPdf(
      {
        ...base,
        1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 7 0 R >>',
        3: page('/Annots [6 0 R]'),
        6: '<< /Type /Annot /Subtype /Link /Rect [72 700 200 720] /Border [0 0 0] /A << /S 8 0 R /URI (file://attacker.example/share/x) >> >>',
        7: '<< /S 8 0 R /URI (https://attacker.example/opened) >>',
        8: '/URI',
      },
      '/Root 1 0 R',
    );
    expect(check(bytes)).toMatchObject({ ok: false, code: 'PDF_ACTIVE_CONTENT' });
  });

  it('refuses an object stream whose objects overlap: readers read each only up to the next offset (/Launch1 read as /Launch)', () => {
    // Objects 21 at 0 and 22 at 7 of "/Launch1 ": the check reads /Launch1 and 1, pdf.js and poppler read /Launch
    // and 1; pdf.js then shows the link as a Launch of C:\Windows\System32\calc.exe.
    const header = '21 0 22 7 ';
    const direct: Record<number, string> = {
      ...base,
      1: '<< /Type /Catalog /Pages 2 0 R >>',
      3: page('/Annots [6 0 R]'),
      6: '<< /Type /Annot /Subtype /Link /Rect [72 700 200 720] /Border [0 0 0] /A << /S 21 0 R /F (C:\\\\Windows\\\\System32\\\\calc.exe) >> >>',
    };
    const bytes = rawObjectStreamPdf(direct, { header, data: '/Launch1 ', members: [21, 22] }, '/Root 1 0 R');
    expect(check(bytes)).toMatchObject({ ok: false });
  });

  it('refuses a file of 20 000 versions of one object by the per-number cap, and accepts 1 000 (the work stays linear: it took ~10 s)', () => {
    // Speed belongs in bench/; here the structural cap that keeps the work linear, with a timeout for a slow machine.
    const clean = text(classicPdf({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: '<< /Type /Pages /Kids [] /Count 0 >>' }, '/Root 1 0 R'));
    const versions = (n: number) => {
      const at = clean.indexOf('xref');
      const filler = '9 0 obj 0 endobj\n'.repeat(n);
      return latin1(clean.slice(0, at) + filler + clean.slice(at).replace(/startxref\n(\d+)/, (_, o: string) => `startxref\n${Number(o) + filler.length}`));
    };
    const started = performance.now();
    const refused = check(versions(20_000));
    console.info(`20 000 versions of one object judged in ${Math.round(performance.now() - started)} ms`);
    expect(refused).toMatchObject({ ok: false, code: 'PDF_UNPARSEABLE' });
    expect(refused.ok ? '' : refused.reason.en).toContain('more than 1000 versions of object 9');
    expect(check(versions(1_000))).toMatchObject({ ok: true });
  }, 60_000);
});
