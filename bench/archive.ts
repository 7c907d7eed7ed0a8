/**
 * `npm run bench -- archive`: export and import of 20,000 dossiers with their documents (scripts/archive),
 * against their floor in the same run, on the same emulators: a plain parallel Scan of the same items, and a
 * plain BatchWriteItem of them into an empty copy of the table; for the documents, plain GetObject and
 * PutObject of the same objects. The dossiers are written straight into the tables (the shape the repository
 * writes: the dossier, two documents, four audit events, a closed task; one in fifty still waiting at the
 * appraisal), not through the API: the API's own speed is the throughput benchmark's business.
 * `BENCH_ARCHIVE_DOSSIERS` changes the count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AttributeValue, BatchWriteItemCommand, CreateTableCommand, DescribeTableCommand, paginateScan, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { freePort } from '#local/emulators/support';
import { startLocalRuntime } from '#local/runtime';
import { samplePdf } from '#local/sample-pdf';
import { eachLimited, exportArchive } from '../scripts/archive/export.ts';
import { importArchive } from '../scripts/archive/import.ts';
import { closeTarget, localTarget, type Target } from '../scripts/archive/target.ts';

const DOSSIERS = Number(process.env.BENCH_ARCHIVE_DOSSIERS ?? 20_000);
type Item = Record<string, AttributeValue>;

function dossierItems(i: number): { items: Item[]; documents: { key: string; bytes: Uint8Array }[] } {
  const id = `d-bench-${String(i).padStart(6, '0')}`;
  const waiting = i % 50 === 0;
  const at = new Date(Date.UTC(2061, 0, 1) + i * 60_000).toISOString();
  const unitId = ['so-giao-duc', 'so-y-te', 'xa-an-binh', 'xa-tan-lap'][i % 4]!;
  const status = waiting ? 'UnderAppraisal' : 'Awarded';
  const docs = ['proposalLetter', 'achievementReport'].map((kind, k) => ({ documentId: `doc-${i}-${k}`, kind, key: `dossiers/${id}/doc-${i}-${k}` }));
  const items: Record<string, unknown>[] = [
    {
      PK: `DOSSIER#${id}`, SK: 'META', id, unitId, year: 2061, awardCode: 'bangKhenChuTichTinhDotXuat', kind: 'adHoc', title: `Hồ sơ đo ${i}`, status, version: 4, eventSeq: 4, lastHash: `h${i}-4`,
      nominees: [{ name: `Nguyễn Văn Đo ${i}`, recipientType: 'individual', category: 'directWorker', gender: 'male' }], createdAt: at, updatedAt: at,
      GSI1PK: `UNIT#${unitId}`, GSI1SK: `2061#${at}#${id}`, GSI2PK: `STATUS#${status}`, GSI2SK: `${at}#${id}`,
    },
    ...docs.map((d) => ({ PK: `DOSSIER#${id}`, SK: `DOC#${d.documentId}`, dossierId: id, documentId: d.documentId, kind: d.kind, fileName: `${d.kind}.pdf`, contentType: 'application/pdf', state: 'verified', s3Key: d.key, sha256: 'x'.repeat(64), size: 900, uploadedAt: at })),
    ...Array.from({ length: 4 }, (_, e) => ({ PK: `DOSSIER#${id}`, SK: `EVENT#${String(e + 1).padStart(8, '0')}`, dossierId: id, seq: e + 1, action: ['create', 'submit', 'passCompleteness', 'appraiseEligibleWithoutVote'][e], actor: { userId: 'bench' }, at, prevHash: `h${i}-${e}`, hash: `h${i}-${e + 1}`, GSI1PK: `CHANGES#dossier`, GSI1SK: `${at}#${id}#${e}` })),
    { PK: `DOSSIER#${id}`, SK: 'TASK#appraisal', dossierId: id, step: 'appraisal', state: waiting ? 'PENDING' : 'DONE', token: `old-token-${i}`, assigneeRole: 'officer', dueAt: '2061-12-31T16:59:59.999Z', createdAt: at, ...(waiting ? { GSI3PK: 'OPEN#officer', GSI3SK: `2061-12-31T16:59:59.999Z#${id}` } : {}) },
  ];
  return { items: items.map((x) => marshall(x, { removeUndefinedValues: true })), documents: docs.map((d) => ({ key: d.key, bytes: samplePdf(`${id} ${d.kind}`) })) };
}

async function batchWrite(target: Target, table: string, items: Item[]): Promise<void> {
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await eachLimited(batches, 8, async (batch) => {
    let pending: WriteRequest[] = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await target.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
      pending = out.UnprocessedItems?.[table] ?? [];
    }
  });
}

async function scanAll(target: Target, table: string): Promise<Item[]> {
  const parts = await Promise.all(Array.from({ length: 4 }, async (_, segment) => {
    const items: Item[] = [];
    for await (const page of paginateScan({ client: target.dynamodb }, { TableName: table, Segment: segment, TotalSegments: 4 })) items.push(...((page.Items ?? []) as Item[]));
    return items;
  }));
  return parts.flat();
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function benchArchive(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'bench-archive-'));
  const sourceDir = path.join(root, 'source');
  const targetDir = path.join(root, 'target');
  try {
    // Prepare: the source system with DOSSIERS dossiers and two documents each
    let runtime = await startLocalRuntime({ port: await freePort(), stateDir: sourceDir, quietFunctions: true });
    let target = localTarget(sourceDir);
    const generated = Array.from({ length: DOSSIERS }, (_, i) => dossierItems(i));
    const items = generated.flatMap((g) => g.items);
    const documents = generated.flatMap((g) => g.documents);
    const docsBucket = Object.entries(target.buckets).find(([id]) => id.startsWith('StorageDocuments'))![1];
    const t0 = performance.now();
    await batchWrite(target, target.tables[target.recordsTable]!, items);
    await eachLimited(documents, 16, async (d) => {
      await target.s3.send(new PutObjectCommand({ Bucket: docsBucket, Key: d.key, Body: d.bytes, ContentType: 'application/pdf' }));
    });
    console.log(`archive: ${DOSSIERS} dossiers, ${items.length} items, ${documents.length} documents written in ${seconds(performance.now() - t0)}`);

    // Floor, reading: a plain parallel Scan of the same table, and GetObject of every document
    const s0 = performance.now();
    const scanned = await scanAll(target, target.tables[target.recordsTable]!);
    const s1 = performance.now();
    await eachLimited(documents, 16, async (d) => {
      const out = await target.s3.send(new GetObjectCommand({ Bucket: docsBucket, Key: d.key }));
      await out.Body!.transformToByteArray();
    });
    const s2 = performance.now();
    // Act: export
    const e0 = performance.now();
    const { bytes, manifest } = await exportArchive(target);
    const e1 = performance.now();
    closeTarget(target);
    await runtime.stop();

    // The target: a fresh, empty system
    runtime = await startLocalRuntime({ port: await freePort(), stateDir: targetDir, quietFunctions: true });
    target = localTarget(targetDir);
    // Act: import (checks the archive whole, the target empty, writes everything, resumes the waiting ones)
    const i0 = performance.now();
    const result = await importArchive(target, bytes, { noWait: true });
    const i1 = performance.now();
    // Floor, writing: the same items by plain BatchWriteItem into an empty copy of the table, the documents by PutObject into an empty bucket
    const described = await target.dynamodb.send(new DescribeTableCommand({ TableName: target.tables[target.recordsTable] }));
    const t = described.Table!;
    await target.dynamodb.send(new CreateTableCommand({
      TableName: 'BenchFloorCopy',
      KeySchema: t.KeySchema,
      AttributeDefinitions: t.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: t.GlobalSecondaryIndexes?.map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection })),
    }));
    await target.s3.send(new CreateBucketCommand({ Bucket: 'bench-floor-copy' }));
    const w0 = performance.now();
    await batchWrite(target, 'BenchFloorCopy', scanned);
    const w1 = performance.now();
    await eachLimited(documents, 16, async (d) => {
      await target.s3.send(new PutObjectCommand({ Bucket: 'bench-floor-copy', Key: d.key, Body: d.bytes, ContentType: 'application/pdf' }));
    });
    const w2 = performance.now();
    closeTarget(target);
    await runtime.stop();

    const scanMs = s1 - s0;
    const getMs = s2 - s1;
    const writeMs = w1 - w0;
    const putMs = w2 - w1;
    const exportMs = e1 - e0;
    const importMs = i1 - i0;
    console.log(`archive: ${(bytes.length / 1e6).toFixed(1)} MB, ${Object.values(manifest.tables).reduce((n, x) => n + x.items, 0)} items, ${result.objects} objects, ${result.resumed} waiting dossiers resumed`);
    console.log('| | archive | floor: items only | ×items | floor: items + documents | ×items+documents |');
    console.log('|---|---|---|---|---|---|');
    console.log(`| export | ${seconds(exportMs)} | Scan ${seconds(scanMs)} | ${(exportMs / scanMs).toFixed(1)}× | + GetObject ${seconds(scanMs + getMs)} | ${(exportMs / (scanMs + getMs)).toFixed(2)}× |`);
    console.log(`| import | ${seconds(importMs)} | BatchWriteItem ${seconds(writeMs)} | ${(importMs / writeMs).toFixed(1)}× | + PutObject ${seconds(writeMs + putMs)} | ${(importMs / (writeMs + putMs)).toFixed(2)}× |`);
    console.log(`| both | ${seconds(exportMs + importMs)} | ${seconds(scanMs + writeMs)} | ${((exportMs + importMs) / (scanMs + writeMs)).toFixed(1)}× | ${seconds(scanMs + getMs + writeMs + putMs)} | ${((exportMs + importMs) / (scanMs + getMs + writeMs + putMs)).toFixed(2)}× |`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
