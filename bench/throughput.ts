/**
 * `npm run bench -- throughput`: N dossiers (BENCH_DOSSIERS, default 200; BENCH_CONCURRENCY, default 20) driven
 * through the whole lifecycle over HTTP on the local runtime — create, two presigned uploads with verification,
 * submit, completeness, appraisal, chair decision, decision recorded — side by side with the emulators' own floor
 * in the same run: the same number of raw DynamoDB writes and of executions of a trivial state machine.
 * Ad-hoc Bằng khen (no council vote) keeps every dossier on the same path. BENCH_CONCURRENCY dossiers are in
 * flight at once; the officer and the chair learn of their tasks from their inboxes (BENCH_POLL_MS, default 500).
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
/** DynamoDB calls that write (a transaction counts once, as one request). */
const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

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

/**
 * A person who works from their inbox: while anyone waits for a task of `step`, GET /api/tasks is read every
 * `pollMs` and each waiting dossier is released once its task is listed — one request per look for everybody,
 * as the web app's inbox page does, instead of one per dossier.
 */
class Desk {
  private readonly waiters = new Map<string, { resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private looking = false;

  constructor(
    private readonly client: ApiClient,
    private readonly step: string,
    private readonly pollMs: number,
  ) {}

  task(dossierId: string, timeoutMs = 120_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(dossierId);
        reject(new Error(`no ${this.step} task for ${dossierId} in the inbox within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(dossierId, { resolve, reject, timer });
      if (!this.looking) void this.look();
    });
  }

  private async look(): Promise<void> {
    this.looking = true;
    try {
      while (this.waiters.size > 0) {
        const res = await this.client.get<{ tasks: { dossierId: string; step: string }[] }>('/api/tasks');
        if (res.status !== 200) throw new Error(`inbox: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        for (const t of res.body.tasks) {
          const waiter = t.step === this.step ? this.waiters.get(t.dossierId) : undefined;
          if (!waiter) continue;
          this.waiters.delete(t.dossierId);
          clearTimeout(waiter.timer);
          waiter.resolve();
        }
        if (this.waiters.size > 0) await new Promise((r) => setTimeout(r, this.pollMs));
      }
    } catch (error) {
      for (const [id, w] of this.waiters) {
        this.waiters.delete(id);
        clearTimeout(w.timer);
        w.reject(error as Error);
      }
    } finally {
      this.looking = false;
    }
  }
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};

export async function benchThroughput(): Promise<void> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'bench-throughput-'));
  // The floor makes as many raw writes as the system's functions really made, counted at the DynamoDB boundary.
  let countWrites = false;
  let writes = 0;
  const operations = new Map<string, number>();
  const runtime = await startLocalRuntime({
    port: await freePort(),
    stateDir,
    quietFunctions: true,
    countOperations: (service, operation) => {
      if (!countWrites) return;
      if (service === 'dynamodb' && WRITE_OPERATIONS.has(operation)) writes += 1;
      operations.set(`${service} ${operation}`, (operations.get(`${service} ${operation}`) ?? 0) + 1);
    },
  });
  try {
    const [unit, officer, chair] = await Promise.all(['unit-a-officer', 'officer', 'chair'].map((u) => ApiClient.signIn(runtime.baseUrl, u)));
    if (!unit || !officer || !chair) throw new Error('sign-in failed');
    // People look again after a while, not ten times a second: the officer and the chair read their inboxes,
    // the unit looks at its dossier once the decision is taken.
    const pollMs = Number(process.env.BENCH_POLL_MS ?? 500);
    unit.pollMs = pollMs;
    const appraisals = new Desk(officer, 'appraisal', pollMs);
    const decisions = new Desk(chair, 'chairDecision', pollMs);
    const steps: Record<string, number[]> = {};
    const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const value = await work();
      (steps[step] ??= []).push(performance.now() - t);
      return value;
    };
    const pdf = samplePdf('benchmark');
    /** A refused call is a failure of the run, not a fast step: its status and body are reported. */
    const ok = <T extends { status: number; body: unknown }>(step: string, expected: number[], res: T): T => {
      if (!expected.includes(res.status)) throw new Error(`${step}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
      return res;
    };
    const lifecycle = async (i: number) => {
      const created = ok('create', [201], await timed('create', () =>
        unit.post<{ dossier: { id: string } }>('/api/dossiers', {
          awardCode: 'bangKhenChuTichTinhDotXuat', kind: 'adHoc', year: 2026, title: `Benchmark ${i}`,
          nominees: [{ name: `Người ${i}`, recipientType: 'individual', category: 'directWorker' }],
        }),
      ));
      const id = created.body.dossier.id;
      for (const kind of ['proposalLetter', 'achievementSummary']) {
        const { presigned, uploadStatus, verified } = await timed('upload+verify', () => unit.uploadDocument(id, kind, `${kind}.pdf`, pdf));
        ok(`presign ${kind}`, [201], presigned);
        if (uploadStatus !== 204 && uploadStatus !== 201) throw new Error(`upload ${kind}: HTTP ${uploadStatus}`);
        if (verified) ok(`verify ${kind}`, [200], verified);
      }
      ok('submit', [202], await timed('submit', () => unit.post(`/api/dossiers/${id}/submit`)));
      await timed('→ appraisal task', () => appraisals.task(id));
      ok('appraise', [200], await timed('appraise', () => officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' })));
      await timed('→ chair task', () => decisions.task(id));
      ok('decide', [200], await timed('decide', () => chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: `${i + 1}/QĐ-UBND`, decisionDate: '2026-12-15' })));
      await timed('→ decision recorded', () => unit.waitForDossier<{ dossier: { status: string }; events: { action: string }[] }>(id, (v) => v.events.some((e) => e.action === 'decisionRecorded'), 'decisionRecorded', 120_000));
    };
    // Warm-up, outside the measurement: one round of C dossiers, so every function's worker has started and its
    // JIT has seen the path (the emulators get a discarded round of their own below).
    countWrites = true;
    await pool(C, C, (i) => lifecycle(N + i));
    // Stream-driven work (notifications) follows the last step: let it finish before counting stops.
    await new Promise((r) => setTimeout(r, 2000));
    countWrites = false;
    for (const k of Object.keys(steps)) delete steps[k];

    // The floor: the emulators alone, same concurrency — measured before and after the system (their mean is
    // the yardstick), so neither side gets the colder or the warmer emulators.
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const ddb = new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'ap-southeast-1', credentials });
    const sfn = new SFNClient({ endpoint: runtime.endpoints.sfn, region: 'ap-southeast-1', credentials });
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'bench-trivial', roleArn: 'arn:aws:iam::000000000000:role/x', definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }) }),
    );
    // The floor's write count: the warm-up dossiers' mean, on the same path (the run's own mean is printed beside it).
    const writesPerDossier = Math.round(writes / C);
    writes = 0;
    const floor = async (round: string) => {
      const writesStarted = performance.now();
      await pool(N * writesPerDossier, C, (i) =>
        ddb.send(new PutItemCommand({ TableName: runtime.tableName, Item: { PK: { S: `BENCH#${round}#${i % N}` }, SK: { S: `W#${i}` }, v: { N: String(i) } } })),
      );
      const writesSeconds = (performance.now() - writesStarted) / 1000;
      const sfnStarted = performance.now();
      await pool(N, C, async (i) => {
        const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `b-${round}-${i}`, input: '{}' }));
        for (;;) {
          const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
          if (d.status !== 'RUNNING') return d.status;
          await new Promise((r) => setTimeout(r, 10));
        }
      });
      const sfnSeconds = (performance.now() - sfnStarted) / 1000;
      return { writesSeconds, sfnSeconds, seconds: writesSeconds + sfnSeconds };
    };
    // DynamoDB Local is a JVM: its first thousands of requests run several times slower until the JIT has
    // compiled them. A discarded round warms it for everyone; then floor, system, floor.
    await floor('warm-up');
    operations.clear();
    const before = await floor('before');
    // The table's stream also carries the floor's writes (the notify filter drops them): let the poller pass them first.
    await new Promise((r) => setTimeout(r, 3000));
    countWrites = true;
    const started = performance.now();
    await pool(N, C, lifecycle);
    const systemSeconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    countWrites = false;
    const measuredPerDossier = writes / N;
    const after = await floor('after');
    const floorSeconds = (before.seconds + after.seconds) / 2;

    console.log(`throughput: ${N} dossiers, ${C} at a time, full lifecycle over HTTP (ad-hoc Bằng khen, no council)`);
    console.log(`  system : ${(N / systemSeconds).toFixed(2)} dossiers/s (${systemSeconds.toFixed(1)} s)`);
    for (const [when, f] of [['before', before], ['after', after]] as const) {
      console.log(`  floor ${when.padEnd(6)}: ${(N / f.seconds).toFixed(2)} dossiers/s — ${N * writesPerDossier} raw DynamoDB writes in ${f.writesSeconds.toFixed(1)} s + ${N} trivial executions in ${f.sfnSeconds.toFixed(1)} s`);
    }
    console.log(`  writes : ${writesPerDossier} DynamoDB write requests per dossier (counted at the DynamoDB boundary during the warm-up; during the run: ${measuredPerDossier.toFixed(1)})`);
    console.log(`  ratio  : ${(floorSeconds / systemSeconds).toFixed(2)} of the floor (mean of before and after; goal ≥ 0.33)`);
    const perDossier = [...operations].sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${(n / N).toFixed(1)}`);
    console.log(`  requests per dossier at the service boundaries: ${perDossier.join(', ')}`);
    console.log('  step latency (ms)        p50      p95');
    for (const [step, xs] of Object.entries(steps)) console.log(`  ${step.padEnd(22)} ${q(xs, 0.5).toFixed(0).padStart(6)} ${q(xs, 0.95).toFixed(0).padStart(8)}`);
    ddb.destroy();
    sfn.destroy();
  } finally {
    await runtime.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
