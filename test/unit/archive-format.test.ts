import { strToU8, unzipSync, zipSync } from 'fflate';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, ArchiveError, jsonLines, type Manifest, openArchive, packArchive } from '../../scripts/archive/format.ts';
import { resumptionsOf } from '../../scripts/archive/import.ts';
import { writtenByImport } from '#adapters/restored-archive';

const records = [
  { PK: 'DOSSIER#a', SK: 'META', id: 'a', status: 'UnderAppraisal', awardCode: 'bangKhenChuTichTinh' },
  { PK: 'DOSSIER#a', SK: 'TASK#appraisal', state: 'PENDING' },
  { PK: 'DOSSIER#b', SK: 'META', id: 'b', status: 'Awarded', awardCode: 'bangKhenChuTichTinh' },
  { PK: 'DOSSIER#c', SK: 'META', id: 'c', status: 'Submitted', awardCode: 'bangKhenChuTichTinhDotXuat' },
  { PK: 'DOSSIER#d', SK: 'META', id: 'd', status: 'AwaitingCouncil', awardCode: 'coThiDuaTinh' },
  { PK: 'DOSSIER#d', SK: 'TASK#appraisal', state: 'DONE' },
  { PK: 'DOSSIER#d', SK: 'TASK#council', state: 'PENDING' },
  { PK: 'DOSSIER#e', SK: 'META', id: 'e', status: 'AwaitingDecision', awardCode: 'bangKhenChuTichTinhDotXuat' },
  { PK: 'DOSSIER#e', SK: 'TASK#chairDecision', state: 'PENDING' },
  { PK: 'DOSSIER#f', SK: 'META', id: 'f', status: 'Draft', awardCode: 'bangKhenChuTichTinh' },
].map((i) => marshall(i));

function sample(): { bytes: Uint8Array; manifest: Manifest } {
  const files = new Map<string, Uint8Array>([
    ['tables/StorageRecords0990588D.jsonl', jsonLines(records)],
    ['buckets/StorageDocumentsCD3FCE94.jsonl', jsonLines([{ key: 'x/1', size: 3, sha256: 'a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3' }])],
    ['buckets/StorageDocumentsCD3FCE94/x/1', strToU8('123')],
    ['users.jsonl', jsonLines([{ username: 'admin', attributes: { sub: 's-1' }, groups: ['admin'], enabled: true }])],
  ]);
  return packArchive(
    {
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      exportedAt: '2026-12-03T00:00:00.000Z',
      lastEventAt: '2026-12-02T00:00:00.000Z',
      source: { kind: 'local', name: 'test', region: 'ap-southeast-1' },
      tables: { StorageRecords0990588D: { name: 'r', items: records.length, file: 'tables/StorageRecords0990588D.jsonl' } },
      buckets: { StorageDocumentsCD3FCE94: { name: 'd', objects: 1, file: 'buckets/StorageDocumentsCD3FCE94.jsonl' } },
      users: { count: 1, file: 'users.jsonl' },
      undeliveredAnswers: [{ dossierId: 'e', step: 'appraisal' }],
    },
    files,
  );
}

/** The archive with one entry replaced (or added), zipped again. */
function altered(bytes: Uint8Array, name: string, content: Uint8Array): Uint8Array {
  const entries: Record<string, Uint8Array> = unzipSync(bytes);
  entries[name] = content;
  return zipSync(entries);
}

describe('the export archive', () => {
  it('opens what it packed, with the SHA-256 and size of every file in its manifest', () => {
    const { bytes, manifest } = sample();
    const opened = openArchive(bytes);
    expect(opened.manifest).toEqual(manifest);
    expect(Object.keys(manifest.files).sort()).toEqual([...opened.files.keys()].sort());
    expect(manifest.files['buckets/StorageDocumentsCD3FCE94/x/1']).toEqual({ size: 3, sha256: 'a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3' });
  });

  it('refuses a changed file, an unlisted file, a count that does not match, another format version, and a file that is no zip', () => {
    const { bytes, manifest } = sample();
    expect(() => openArchive(altered(bytes, 'buckets/StorageDocumentsCD3FCE94/x/1', strToU8('124')))).toThrow(/changed buckets\/StorageDocumentsCD3FCE94\/x\/1/);
    expect(() => openArchive(altered(bytes, 'tables/Extra.jsonl', strToU8('{}\n')))).toThrow(/unlisted tables\/Extra.jsonl/);
    const recount = { ...manifest, tables: { StorageRecords0990588D: { ...manifest.tables.StorageRecords0990588D!, items: 99 } } };
    expect(() => openArchive(altered(bytes, 'manifest.json', strToU8(JSON.stringify(recount))))).toThrow(/99/);
    expect(() => openArchive(altered(bytes, 'manifest.json', strToU8(JSON.stringify({ ...manifest, formatVersion: 2 }))))).toThrow(/format version 2 is not supported/);
    expect(() => openArchive(strToU8('not a zip'))).toThrow(ArchiveError);
  });

  it('resumes each dossier waiting at a person step at that step, one still in the completeness check from the start, and nothing else', () => {
    const { manifest } = sample();
    const resumed = resumptionsOf(records, manifest);
    expect(resumed.map((r) => [r.dossierId, r.input.resumeAt ?? 'start', r.input.needsCouncilVote]).sort()).toEqual([
      ['a', 'appraisal', true],
      ['c', 'start', false],
      ['d', 'council', true],
    ]);
    // e's answer never reached its old execution: restored, named in the manifest, not resumed
  });

  it('counts as restored (not mailed again) exactly the audit events the stream recorded until the import closed its window', () => {
    const at = (iso: string) => Date.parse(iso) / 1000;
    const writing = { exportedAt: '2026-12-01T00:00:00.000Z', importStartedAt: '2026-12-03T10:00:00.000Z', archiveSha256: 'x' };
    const done = { ...writing, importFinishedAt: '2026-12-03T10:05:00.500Z' };
    expect(writtenByImport(undefined, at('2026-12-03T10:01:00Z'))).toBe(false);
    expect(writtenByImport(writing, at('2026-12-03T11:00:00Z'))).toBe(true); // still writing: everything is the archive's
    expect(writtenByImport(done, at('2026-12-03T09:59:00Z'))).toBe(true); // rounded down to before the start (DynamoDB Local)
    expect(writtenByImport(done, at('2026-12-03T10:05:00Z'))).toBe(true);
    expect(writtenByImport(done, at('2026-12-03T10:06:00Z'))).toBe(false); // the import waited out the minute
    expect(writtenByImport(done, undefined)).toBe(false);
  });
});
