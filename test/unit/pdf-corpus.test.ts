import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '#domain/document-check';
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
    expect(hostile.length).toBeGreaterThanOrEqual(20);
    expect(clean.length).toBeGreaterThanOrEqual(10);
    const falsePasses: string[] = [];
    const wrongCodes: string[] = [];
    const falseRefusals: string[] = [];
    for (const file of hostile) {
      const result = await check(file.bytes);
      if (result.ok) falsePasses.push(file.name);
      else if (result.code !== file.code) wrongCodes.push(`${file.name}: ${result.code}, expected ${file.code}`);
    }
    for (const file of clean) {
      const result = await check(file.bytes);
      if (!result.ok) falseRefusals.push(`${file.name}: ${result.code} ${result.reason.en}`);
    }
    console.info(
      `PDF corpus: ${hostile.length} hostile, ${clean.length} clean; false passes ${falsePasses.length}, wrong codes ${wrongCodes.length}, false refusals ${falseRefusals.length}`,
    );
    expect({ falsePasses, wrongCodes, falseRefusals }).toEqual({ falsePasses: [], wrongCodes: [], falseRefusals: [] });
  });
});
