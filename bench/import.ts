/**
 * `npm run bench -- import`: 5,000 people imported from one XLSX through the API (declare, upload, preview,
 * apply until nothing remains), against writing the same 5,000 items with BatchWriteItem alone into the same
 * DynamoDB Local, in one run. The import's floor is that raw write; the ratio is the claim (this machine is
 * shared and noisy). A second apply of the same file is timed too: it must change nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { reportWorkbook } from '#adapters/report-workbook';
import { ApiClient } from '#local/api-client';
import { freePort } from '#local/emulators/support';
import { startLocalRuntime } from '#local/runtime';
import { seedDemoDirectory } from '#local/seed';

const PEOPLE = Number(process.env.BENCH_IMPORT_PEOPLE ?? 5000);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function benchImport(): Promise<void> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'bench-import-'));
  const runtime = await startLocalRuntime({ port: await freePort(), stateDir, quietFunctions: true });
  try {
    await seedDemoDirectory(runtime.baseUrl);
    const admin = await ApiClient.signIn(runtime.baseUrl, 'admin');
    const units = ['so-giao-duc', 'so-y-te'];
    const rows = Array.from({ length: PEOPLE }, (_, i) => [`bench.nv${i}`, `Nguyễn Văn ${i}`, `bench.nv${i}@tinh.example.gov.vn`, i % 3 ? 'Cán bộ đơn vị trình' : 'unitHead', units[i % 2]!, '02/03/2026']);
    const headers = ['Tên đăng nhập', 'Họ và tên', 'Thư điện tử', 'Vai trò', 'Mã đơn vị', 'Ngày bắt đầu'];
    const file = await reportWorkbook([{ id: 'Sheet1', title: { vi: 'Danh sách', en: 'List' }, columns: headers.map((h) => ({ vi: h, en: h })), rows }]);

    const importOnce = async () => {
      const t0 = performance.now();
      const started = await admin.post<{ import: { importId: string }; upload: { url: string; fields: Record<string, string> } }>('/api/directory-imports', { kind: 'people', fileName: 'nguoi-dung.xlsx', size: file.length });
      const form = new FormData();
      for (const [k, v] of Object.entries(started.body.upload.fields)) form.append(k, v);
      form.append('file', new Blob([file]), 'nguoi-dung.xlsx');
      const uploaded = await fetch(started.body.upload.url, { method: 'POST', body: form });
      if (!uploaded.ok) throw new Error(`upload ${uploaded.status}`);
      const t1 = performance.now();
      const id = started.body.import.importId;
      const preview = await admin.post<{ counts: Record<string, number> }>(`/api/directory-imports/${id}/preview`);
      if (preview.status !== 200) throw new Error(`preview ${preview.status} ${JSON.stringify(preview.body)}`);
      const t2 = performance.now();
      let created = 0;
      let updated = 0;
      let calls = 0;
      for (;;) {
        calls += 1;
        const res = await admin.post<{ created: number; updated: number; remaining: number }>(`/api/directory-imports/${id}/apply`);
        if (res.status !== 200) throw new Error(`apply ${res.status} ${JSON.stringify(res.body)}`);
        created += res.body.created;
        updated += res.body.updated;
        if (res.body.remaining === 0) break;
      }
      const t3 = performance.now();
      return { upload: t1 - t0, preview: t2 - t1, apply: t3 - t2, total: t3 - t0, created, updated, calls, counts: preview.body.counts };
    };

    const first = await importOnce();
    const second = await importOnce();

    // The floor: the same number of items (an account entry each, as the import mirrors) written with
    // BatchWriteItem, 25 an item batch, as many batches in flight as the import has accounts in flight.
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'ap-southeast-1', credentials }));
    const items = rows.map((r, i) => ({ PK: `BENCH#${i}`, SK: 'META', userId: `bench-${i}`, username: r[0], name: r[1], email: r[2], roles: ['unitOfficer'], unitId: r[4], enabled: true, updatedAt: new Date().toISOString() }));
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
    const f0 = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < batches.length) {
        let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = { [runtime.tableName]: batches[next++]!.map((Item) => ({ PutRequest: { Item } })) };
        while (request && Object.keys(request).length > 0) {
          const out = await client.send(new BatchWriteCommand({ RequestItems: request }));
          request = out.UnprocessedItems as typeof request;
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, lane));
    const floor = performance.now() - f0;

    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`\nimport — ${PEOPLE} people from one XLSX (${(file.length / 1024).toFixed(0)} KB), ${new Date().toISOString().slice(0, 10)}`);
    console.log(`  first import:  ${s(first.total)} (upload ${s(first.upload)}, preview ${s(first.preview)}, apply ${s(first.apply)} in ${first.calls} calls); created ${first.created}, updated ${first.updated}`);
    console.log(`  same file again: ${s(second.total)} (preview ${s(second.preview)}, apply ${s(second.apply)} in ${second.calls} calls); created ${second.created}, updated ${second.updated}; preview ${JSON.stringify(second.counts)}`);
    console.log(`  BatchWriteItem alone, ${PEOPLE} items: ${s(floor)}`);
    console.log(`  ratio import / BatchWriteItem: ${(first.total / floor).toFixed(1)}× (per person ${(first.total / PEOPLE).toFixed(2)} ms against ${(floor / PEOPLE).toFixed(3)} ms)`);
  } finally {
    await runtime.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
