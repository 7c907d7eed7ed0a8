/**
 * The throughput benchmark's load generator, in a worker thread of its own: the people (unit, officer, chair)
 * and the floor's raw client, kept off the runtime's main thread as browsers and other clients would be.
 * Driven by bench/throughput.ts with messages; answers each with its timings.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ApiClient } from '#local/api-client';
import { samplePdf } from '#local/sample-pdf';
import { instantiate, type RecordedDossiers, type ReplayRequest } from './replay.ts';

export interface LoadSetup {
  readonly baseUrl: string;
  readonly tokens: Record<'unit' | 'officer' | 'chair', string>;
  readonly pollMs: number;
  readonly dynamodbEndpoint: string;
  readonly sfnEndpoint: string;
  readonly tableName: string;
  readonly s3Endpoint: string;
  readonly sesEndpoint: string;
  readonly bucket: string;
}
export type LoadCommand =
  | { readonly run: 'dossiers'; readonly first: number; readonly count: number; readonly concurrency: number }
  | { readonly run: 'floor'; readonly round: string; readonly dossiers: number; readonly writesPerDossier: number; readonly concurrency: number }
  | { readonly run: 'replay'; readonly round: string; readonly dossiers: number; readonly recorded: RecordedDossiers; readonly concurrency: number };
export type LoadAnswer =
  | { readonly seconds: number; readonly steps: Record<string, number[]> }
  | { readonly writesSeconds: number; readonly sfnSeconds: number }
  | { readonly replaySeconds: number; readonly sfnSeconds: number; readonly sent: number; readonly refused: Record<string, number> }
  | { readonly error: string };

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

const setup = workerData as LoadSetup;
const unit = new ApiClient(setup.baseUrl, setup.tokens.unit);
const officer = new ApiClient(setup.baseUrl, setup.tokens.officer);
const chair = new ApiClient(setup.baseUrl, setup.tokens.chair);
// People look again after a while, not ten times a second: the officer and the chair read their inboxes,
// the unit looks at its dossier once the decision is taken.
unit.pollMs = setup.pollMs;
const appraisals = new Desk(officer, 'appraisal', setup.pollMs);
const decisions = new Desk(chair, 'chairDecision', setup.pollMs);
let steps: Record<string, number[]> = {};
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

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const ddb = new DynamoDBClient({ endpoint: setup.dynamodbEndpoint, region: 'ap-southeast-1', credentials });
const sfn = new SFNClient({ endpoint: setup.sfnEndpoint, region: 'ap-southeast-1', credentials });
let trivialMachine: Promise<string | undefined> | undefined;

/** The floor: raw DynamoDB writes, then executions of a one-state machine, at the same concurrency. */
async function floor(round: string, dossiers: number, writesPerDossier: number, concurrency: number) {
  trivialMachine ??= sfn
    .send(new CreateStateMachineCommand({ name: 'bench-trivial', roleArn: 'arn:aws:iam::000000000000:role/x', definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }) }))
    .then((r) => r.stateMachineArn);
  const stateMachineArn = await trivialMachine;
  const writesStarted = performance.now();
  await pool(dossiers * writesPerDossier, concurrency, (i) =>
    ddb.send(new PutItemCommand({ TableName: setup.tableName, Item: { PK: { S: `BENCH#${round}#${i % dossiers}` }, SK: { S: `W#${i}` }, v: { N: String(i) } } })),
  );
  const writesSeconds = (performance.now() - writesStarted) / 1000;
  const sfnStarted = performance.now();
  await pool(dossiers, concurrency, async (i) => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `b-${round}-${i}`, input: '{}' }));
    for (;;) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status !== 'RUNNING') return d.status;
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  return { writesSeconds, sfnSeconds: (performance.now() - sfnStarted) / 1000 };
}

/**
 * The second floor: the requests the system made at the service boundaries during the warm-up (recorded by
 * the runtime's fault proxies, bench/replay.ts), sent again over plain HTTP straight to the emulators — each
 * replayed dossier a recorded one with fresh ids — plus as many trivial executions: the emulators' own cost of
 * exactly the system's requests, without our functions, the API, the workflow engine or the Lambda emulation.
 */
async function replay(round: string, dossiers: number, recorded: RecordedDossiers, concurrency: number) {
  const endpoints: Record<string, URL> = { dynamodb: new URL(setup.dynamodbEndpoint), s3: new URL(setup.s3Endpoint), ses: new URL(setup.sesEndpoint) };
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency * 2 });
  const templates = recorded.dossiers.length;
  if (templates === 0) throw new Error('No requests were recorded to replay');
  // Each recorded dossier's share of the shared requests (inbox reads), spread as they were in the warm-up.
  const sharedOf = recorded.dossiers.map((_, t) => recorded.shared.filter((__, k) => k % templates === t));
  const refused: Record<string, number> = {};
  let sent = 0;
  const send = (r: ReplayRequest) =>
    new Promise<void>((resolve, reject) => {
      const target = endpoints[r.service];
      if (!target) return reject(new Error(`No endpoint for ${r.service}`));
      const request = httpRequest({ host: target.hostname, port: target.port, method: r.method, path: r.path, headers: { ...r.headers, 'content-length': String(r.body.byteLength) }, agent }, (response) => {
        response.resume();
        response.on('end', () => {
          sent += 1;
          const what = `${r.service} ${r.operation} ${response.statusCode}`;
          if ((response.statusCode ?? 500) >= 400) refused[what] = (refused[what] ?? 0) + 1;
          resolve();
        });
      });
      request.on('error', reject);
      request.end(r.body);
    });
  const started = performance.now();
  await pool(dossiers, concurrency, async (j) => {
    const t = j % templates;
    const requests = [...instantiate(recorded.dossiers[t] ?? [], randomUUID), ...(sharedOf[t] ?? [])];
    for (const r of requests) await send(r);
  });
  const replaySeconds = (performance.now() - started) / 1000;
  agent.destroy();
  const { sfnSeconds } = await floor(`${round}-replay`, dossiers, 0, concurrency);
  return { replaySeconds, sfnSeconds, sent, refused };
}

parentPort?.on('message', (command: LoadCommand) => {
  const work = async (): Promise<LoadAnswer> => {
    if (command.run === 'floor') return floor(command.round, command.dossiers, command.writesPerDossier, command.concurrency);
    if (command.run === 'replay') return replay(command.round, command.dossiers, command.recorded, command.concurrency);
    steps = {};
    const started = performance.now();
    await pool(command.count, command.concurrency, (i) => lifecycle(command.first + i));
    return { seconds: (performance.now() - started) / 1000, steps };
  };
  work().then(
    (answer) => parentPort?.postMessage(answer),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
