/**
 * The throughput benchmark's load generator, in a worker thread of its own: the people (unit, officer, chair)
 * and the floor's raw client, kept off the runtime's main thread as browsers and other clients would be.
 * Driven by bench/throughput.ts with messages; answers each with its timings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BatchGetItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ApiClient } from '#local/api-client';
import { samplePdf } from '#local/sample-pdf';

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
  | { readonly run: 'replay'; readonly round: string; readonly dossiers: number; readonly perDossier: Record<string, number>; readonly concurrency: number };
export type LoadAnswer =
  | { readonly seconds: number; readonly steps: Record<string, number[]> }
  | { readonly writesSeconds: number; readonly sfnSeconds: number }
  | { readonly replaySeconds: number; readonly sfnSeconds: number; readonly skipped: string[] }
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

const s3 = new S3Client({ endpoint: setup.s3Endpoint, region: 'ap-southeast-1', credentials, forcePathStyle: true });
const ses = new SESv2Client({ endpoint: setup.sesEndpoint, region: 'ap-southeast-1', credentials });

/**
 * The second floor: every request the system's functions and clients made at the service boundaries, replayed
 * raw (per dossier, as counted during the warm-up): the emulators' own cost of the same request mix, without
 * our functions, the API, the workflow engine or the Lambda emulation. A transaction writes two items (ours
 * write two to four); S3 uploads are PutObject of the same PDF the system posts.
 */
async function replay(round: string, dossiers: number, perDossier: Record<string, number>, concurrency: number) {
  const key = (i: number, k: number) => ({ PK: { S: `BENCH#${round}#${i}` }, SK: { S: `R#${k}` } });
  const requests: Record<string, (i: number, k: number) => Promise<unknown>> = {
    'dynamodb PutItem': (i, k) => ddb.send(new PutItemCommand({ TableName: setup.tableName, Item: { ...key(i, k), v: { N: String(k) } } })),
    'dynamodb TransactWriteItems': (i, k) =>
      ddb.send(new TransactWriteItemsCommand({ TransactItems: [0, 1].map((n) => ({ Put: { TableName: setup.tableName, Item: { ...key(i, k * 2 + n + 1000), v: { N: String(k) } } } })) })),
    'dynamodb GetItem': (i, k) => ddb.send(new GetItemCommand({ TableName: setup.tableName, Key: key(i, k), ConsistentRead: true })),
    'dynamodb BatchGetItem': (i, k) => ddb.send(new BatchGetItemCommand({ RequestItems: { [setup.tableName]: { Keys: [key(i, k), key(i, k + 1)], ConsistentRead: true } } })),
    'dynamodb Query': (i) => ddb.send(new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': { S: `BENCH#${round}#${i}` } }, ConsistentRead: true })),
    'ses SendEmail': (i) =>
      ses.send(new SendEmailCommand({ FromEmailAddress: 'bench@example.gov.vn', Destination: { ToAddresses: ['unit@example.gov.vn'] }, Content: { Simple: { Subject: { Data: `Hồ sơ ${i}` }, Body: { Text: { Data: 'Thông báo / Notice' } } } } })),
    's3 PostObject': (i, k) => s3.send(new PutObjectCommand({ Bucket: setup.bucket, Key: `bench/${round}/${i}/${k}.pdf`, Body: pdf, ContentType: 'application/pdf' })),
    's3 GetObject': async (i, k) => {
      const out = await s3.send(new GetObjectCommand({ Bucket: setup.bucket, Key: `bench/${round}/${i}/${k}.pdf` })).catch(() => undefined);
      await out?.Body?.transformToByteArray();
    },
  };
  // Each operation's total over the round, spread over the dossiers; a dossier's requests run in turn.
  const skipped = Object.keys(perDossier).filter((op) => !requests[op]);
  const work: (() => Promise<unknown>)[][] = Array.from({ length: dossiers }, () => []);
  // Writes before reads (the order of `requests`), so reads find what this dossier wrote.
  for (const [op, send] of Object.entries(requests)) {
    const mean = perDossier[op] ?? 0;
    for (let n = 0, total = Math.round(mean * dossiers); n < total; n++) work[n % dossiers]?.push(() => send(n % dossiers, Math.floor(n / dossiers)));
  }
  const started = performance.now();
  await pool(dossiers, concurrency, async (i) => {
    for (const request of work[i] ?? []) await request();
  });
  const replaySeconds = (performance.now() - started) / 1000;
  const { sfnSeconds } = await floor(`${round}-replay`, dossiers, 0, concurrency);
  return { replaySeconds, sfnSeconds, skipped };
}

parentPort?.on('message', (command: LoadCommand) => {
  const work = async (): Promise<LoadAnswer> => {
    if (command.run === 'floor') return floor(command.round, command.dossiers, command.writesPerDossier, command.concurrency);
    if (command.run === 'replay') return replay(command.round, command.dossiers, command.perDossier, command.concurrency);
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
