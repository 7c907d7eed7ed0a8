import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import { awardedWithVote, ineligible, seedDossier } from './direct-store.ts';
import { as, eventually, runSchedule } from './support.ts';

const endpoints = runtime.endpoints;
const s3 = new S3Client({ endpoint: endpoints.s3, region: 'ap-southeast-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/**
 * A fault injected on purpose: an S3 endpoint that forwards requests to the local S3 but, after `passAfter`
 * report-file writes, stops answering — the process writing is then killed while it waits.
 */
function stallingS3(passAfter: number): Promise<{ server: Server; url: string; stalled: () => boolean }> {
  const target = new URL(endpoints.s3);
  let writes = 0;
  let stalled = false;
  const server = createServer((req, res) => {
    if (req.method === 'PUT' && /\/reports\/\d{4}\/v\d+-[0-9a-f]{12}\//.test(req.url ?? '')) {
      writes += 1;
      if (writes > passAfter) {
        stalled = true;
        return; // never answered
      }
    }
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ server, url: `http://127.0.0.1:${port}`, stalled: () => stalled });
  }));
}

const runScheduleFor = async (year: number) => (await runSchedule<{ version: number; created: boolean }>(/YearEnd/, { year })).result;

// Runs the year-end job in a process of its own and kills it: slow to start on a busy 2-core machine.
describe('a year-end run killed midway', { timeout: 300_000 }, () => {
  it('leaves the previous report intact, and the next run completes the new version', async () => {
    // Prepare: version 1 of 2023, then a late change.
    const year = 2023;
    const start = '2023-03-01T02:00:00Z';
    await seedDossier({ year, unitId: 'so-giao-duc', awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'A', recipientType: 'individual', category: 'directWorker' }], events: awardedWithVote, submittedAt: start, closedAt: '2023-03-20T02:00:00Z' });
    expect(await runScheduleFor(year)).toMatchObject({ version: 1, created: true });
    const officer = await as('officer');
    const v1 = (await officer.get<{ report: { version: number; files: { key: string }[] }; tables: unknown[] }>(`/api/reports/${year}`)).body;
    await seedDossier({ year, unitId: 'xa-an-binh', awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'B', recipientType: 'individual' }], events: ineligible, submittedAt: start, closedAt: '2023-03-10T02:00:00Z' });
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    const reportsBucket = Buckets!.map((b) => b.Name!).find((n) => /reports/i.test(n))!;
    const proxy = await stallingS3(3);

    // Act: the job in its own process, killed with SIGKILL once three of its files are written.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/run-year-end.ts', String(year)], {
      env: {
        ...process.env,
        TABLE_NAME: runtime.tableName,
        REPORTS_BUCKET: reportsBucket,
        AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
        AWS_ENDPOINT_URL_S3: proxy.url,
        AWS_REGION: 'ap-southeast-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    await eventually(async () => proxy.stalled() || (child.exitCode !== null && Promise.reject(new Error(`run ended before the fault: ${output}`))), 'the run to reach the stalled write', 30_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    proxy.server.close();

    // Assess: some version-2 files were written, yet the latest report is still version 1, unchanged.
    const partial = await s3.send(new ListObjectsV2Command({ Bucket: reportsBucket, Prefix: `reports/${year}/v2-` }));
    expect(partial.KeyCount).toBe(3);
    const after = (await officer.get<typeof v1>(`/api/reports/${year}`)).body;
    expect(after.report.version).toBe(1);
    expect(after.tables).toEqual(v1.tables);
    // The next run writes version 2 completely and registers it.
    expect(await runScheduleFor(year)).toMatchObject({ version: 2, created: true });
    const v2 = (await officer.get<typeof v1>(`/api/reports/${year}`)).body;
    expect(v2.report.version).toBe(2);
    expect(v2.report.files.length).toBe(v1.report.files.length);
    const complete = await s3.send(new ListObjectsV2Command({ Bucket: reportsBucket, Prefix: `reports/${year}/v2-` }));
    expect(complete.KeyCount).toBe(v1.report.files.length);
  });
});
