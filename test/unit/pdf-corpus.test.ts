import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '#domain/document-check';
import { samplePdf } from '#local/sample-pdf';
import { type CorpusFile, type HostileFile, cleanCorpus, hostileCorpus } from '../support/pdf-corpus.ts';

const check = (bytes: Uint8Array) =>
  checkDocument(bytes, { contentType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }, 10 * 1024 * 1024);

describe('the PDF check judges a file as a reader does (corpus made here)', () => {
  let hostile: HostileFile[];
  let clean: CorpusFile[];
  beforeAll(async () => {
    hostile = await hostileCorpus();
    clean = await cleanCorpus();
  });

  it('refuses every hostile file with the expected code and passes every clean one: 0 false passes, 0 false refusals', async () => {
    // Prepare: the corpus is made in beforeAll
    expect(hostile.length).toBeGreaterThanOrEqual(20);
    expect(clean.length).toBeGreaterThanOrEqual(10);
    const falsePasses: string[] = [];
    const wrongCodes: string[] = [];
    const falseRefusals: string[] = [];
    // Act
    for (const file of hostile) {
      const result = await check(file.bytes);
      if (result.ok) falsePasses.push(file.name);
      else if (result.code !== file.code) wrongCodes.push(`${file.name}: ${result.code}, expected ${file.code}`);
    }
    for (const file of clean) {
      const result = await check(file.bytes);
      if (!result.ok) falseRefusals.push(`${file.name}: ${result.code} ${result.reason.en}`);
    }
    // Assess
    console.info(
      `PDF corpus: ${hostile.length} hostile, ${clean.length} clean; false passes ${falsePasses.length}, wrong codes ${wrongCodes.length}, false refusals ${falseRefusals.length}`,
    );
    expect({ falsePasses, wrongCodes, falseRefusals }).toEqual({ falsePasses: [], wrongCodes: [], falseRefusals: [] });
  });

  it('answers every damaged file with a verdict, never an exception, and a damaged clean file is never active content', () => {
    const clean = samplePdf('Bien ban hop');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(clean.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (flips) => {
        const bytes = clean.slice();
        for (const [at, value] of flips) bytes[at] = value;
        bytes.set([0x25, 0x50, 0x44, 0x46, 0x2d], 0); // keep the %PDF- signature so the PDF check itself runs
        const result = check(bytes);
        if (!result.ok) expect(['PDF_UNPARSEABLE', 'PDF_TRAILING_DATA']).toContain(result.code);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses anything but whitespace after the last %%EOF, and accepts whitespace there', () => {
    const clean = samplePdf('Quyet dinh');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (tail) => {
        const result = check(new Uint8Array([...clean, ...tail]));
        const blank = tail.every((b) => [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(b));
        expect(result.ok ? 'ok' : result.code).toBe(blank ? 'ok' : 'PDF_TRAILING_DATA');
      }),
      { numRuns: 300 },
    );
  });
});
