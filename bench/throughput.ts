/**
 * `npm run bench -- throughput`: N dossiers (BENCH_DOSSIERS, default 200; BENCH_CONCURRENCY, default 20) driven
 * through the whole lifecycle over HTTP on the local runtime — create, two presigned uploads with verification,
 * submit, completeness, appraisal, chair decision, decision recorded — side by side with the emulators' own floor
 * in the same run: the same number of raw DynamoDB writes and of executions of a trivial state machine.
 * Ad-hoc Bằng khen (no council vote) keeps every dossier on the same path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ApiClient } from '#local/api-client';
import { freePort } from '#local/emulators/support';
import { startLocalRuntime } from '#local/runtime';
import { samplePdf } from '#local/sample-pdf';

const N = Number(process.env.BENCH_DOSSIERS ?? 200);
const C = Number(process.env.BENCH_CONCURRENCY ?? 20);
/**
 * DynamoDB write calls one dossier makes on this path, counted from the handlers (a transaction counts once):
 * create 1, presign 2, verify 2, submit 1, completeness 1, register appraisal 1, appraise 1, register chair 1,
 * decide 1, record decision 1.
 */
const WRITES_PER_DOSSIER = 12;

async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};

export async function benchThroughput(): Promise<void> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'bench-throughput-'));
  const runtime = await startLocalRuntime({ port: await freePort(), stateDir, quietFunctions: true });
  try {
    const [unit, officer, chair] = await Promise.all(['unit-a-officer', 'officer', 'chair'].map((u) => ApiClient.signIn(runtime.baseUrl, u)));
    if (!unit || !officer || !chair) throw new Error('sign-in failed');
    // People look again after a while, not ten times a second: polling is the benchmark's load, not the system's.
    for (const client of [unit, officer, chair]) client.pollMs = Number(process.env.BENCH_POLL_MS ?? 500);
    const steps: Record<string, number[]> = {};
    const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const value = await work();
      (steps[step] ??= []).push(performance.now() - t);
      return value;
    };
    const pdf = samplePdf('benchmark');
    const lifecycle = async (i: number) => {
      const created = await timed('create', () =>
        unit.post<{ dossier: { id: string } }>('/api/dossiers', {
          awardCode: 'bangKhenChuTichTinhDotXuat', kind: 'adHoc', year: 2026, title: `Benchmark ${i}`,
          nominees: [{ name: `Người ${i}`, recipientType: 'individual', category: 'directWorker' }],
        }),
      );
      const id = created.body.dossier.id;
      for (const kind of ['proposalLetter', 'achievementSummary']) await timed('upload+verify', () => unit.uploadDocument(id, kind, `${kind}.pdf`, pdf));
      await timed('submit', () => unit.post(`/api/dossiers/${id}/submit`));
      await timed('→ appraisal task', () => officer.waitForTask(id, 'appraisal', 'UnderAppraisal', 120_000));
      await timed('appraise', () => officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' }));
      await timed('→ chair task', () => chair.waitForTask(id, 'chairDecision', 'AwaitingDecision', 120_000));
      await timed('decide', () => chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: `${i + 1}/QĐ-UBND`, decisionDate: '2026-12-15' }));
      await timed('→ decision recorded', () => unit.waitForDossier<{ dossier: { status: string }; events: { action: string }[] }>(id, (v) => v.events.some((e) => e.action === 'decisionRecorded'), 'decisionRecorded', 120_000));
    };
    await lifecycle(-1); // warm every function's worker once, outside the measurement
    for (const k of Object.keys(steps)) delete steps[k];

    const started = performance.now();
    await pool(N, C, lifecycle);
    const systemSeconds = (performance.now() - started) / 1000;

    // The floor: the emulators alone, same concurrency
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const ddb = new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'ap-southeast-1', credentials });
    const sfn = new SFNClient({ endpoint: runtime.endpoints.sfn, region: 'ap-southeast-1', credentials });
    const floorStarted = performance.now();
    await pool(N * WRITES_PER_DOSSIER, C, (i) =>
      ddb.send(new PutItemCommand({ TableName: runtime.tableName, Item: { PK: { S: `BENCH#${i % N}` }, SK: { S: `W#${i}` }, v: { N: String(i) } } })),
    );
    const writesSeconds = (performance.now() - floorStarted) / 1000;
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'bench-trivial', roleArn: 'arn:aws:iam::000000000000:role/x', definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }) }),
    );
    const sfnStarted = performance.now();
    await pool(N, C, async (i) => {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `b-${i}`, input: '{}' }));
      for (;;) {
        const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (d.status !== 'RUNNING') return d.status;
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    const sfnSeconds = (performance.now() - sfnStarted) / 1000;
    const floorSeconds = writesSeconds + sfnSeconds;

    console.log(`throughput: ${N} dossiers, ${C} at a time, full lifecycle over HTTP (ad-hoc Bằng khen, no council)`);
    console.log(`  system : ${(N / systemSeconds).toFixed(2)} dossiers/s (${systemSeconds.toFixed(1)} s)`);
    console.log(`  floor  : ${(N / floorSeconds).toFixed(2)} dossiers/s — ${N * WRITES_PER_DOSSIER} raw DynamoDB writes in ${writesSeconds.toFixed(1)} s + ${N} trivial executions in ${sfnSeconds.toFixed(1)} s`);
    console.log(`  ratio  : ${(floorSeconds / systemSeconds).toFixed(2)} of the floor (goal ≥ 0.33)`);
    console.log('  step latency (ms)        p50      p95');
    for (const [step, xs] of Object.entries(steps)) console.log(`  ${step.padEnd(22)} ${q(xs, 0.5).toFixed(0).padStart(6)} ${q(xs, 0.95).toFixed(0).padStart(8)}`);
    ddb.destroy();
    sfn.destroy();
  } finally {
    await runtime.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
