import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalIssuer } from './auth.ts';
import { LOCAL_USER_POOL_ID, LocalUserPool, type RestoredUser, startUserPoolServer } from './user-pool.ts';
import { sourceKey } from './build-cache.ts';
import { assertJava } from './emulators/java.ts';
import { ensureTables, startDynamoDb, tableInputFromCfn } from './emulators/dynamodb.ts';
import { pollTableStream } from './emulators/dynamodb-streams.ts';
import { startS3 } from './emulators/s3.ts';
import { isLoopbackHost, LOOPBACK } from './emulators/support.ts';
import { listEmails, startSes } from './emulators/ses.ts';
import { handleMailPreview } from './mail-preview-routes.ts';
import { matchesFilters, snsEvent, streamMappingsFromTemplate, topicSubscriptionsFromTemplate } from './event-sources.ts';
import { bundleHandlers, functionsFromTemplate, type InvokeObserver, LocalFunctions } from './functions.ts';
import { handleApiRequest, routesFromTemplate } from './gateway.ts';
import { schedulesFromTemplate } from './schedules.ts';
import { LocalStepFunctions } from './sfn/engine.ts';
import { startSfnServer } from './sfn/server.ts';
import { LOCAL_REGION, localAttribute, physicalName, resolve, resourcesOfType, synthesizeTemplate } from './template.ts';
import { serveStatic } from './static.ts';
import { buildWeb } from '../infra/web-build.ts';
import { buildOpenApiDocument } from '#schemas/openapi';
import { defaultFaults, FaultInjector, faultServices, type FaultService } from './faults.ts';
import { type Meter, type RequestObserver, startFaultProxy } from './fault-proxy.ts';
import { startLambdaApi } from './lambda-api.ts';
import { LOCAL_STACK_FILE, type LocalStack } from './stack-file.ts';

export interface RuntimeOptions {
  readonly port: number;
  readonly stateDir: string;
  /** Wipe .local state first (npm start -- --reset). */
  readonly reset?: boolean;
  readonly log?: (line: string) => void;
  readonly observe?: InvokeObserver;
  /** Sees every DynamoDB, S3 and SES request the functions make (the cost benchmark counts them). */
  readonly meter?: Meter;
  /** Sees every DynamoDB, S3 and SES request the functions and clients make, untouched (the throughput benchmark counts and replays them). */
  readonly observeRequests?: RequestObserver;
  /** Keep function logs out of the console (they still go to <stateDir>/logs/functions.log). */
  readonly quietFunctions?: boolean;
  /**
   * The interface the gateway listens on: loopback unless told otherwise (`HOST`), because `/_local/token`
   * hands an admin token to whoever can reach it.
   */
  readonly host?: string;
}

export interface LocalRuntime {
  readonly baseUrl: string;
  /** The interface the gateway listens on (loopback by default). */
  readonly host: string;
  readonly endpoints: { dynamodb: string; s3: string; ses: string; sfn: string; lambda: string; cognito: string };
  readonly tableName: string;
  readonly stateMachineArn: string;
  readonly buckets: Record<string, string>;
  readonly schedules: string[];
  readonly startedInMs: number;
  /** Milliseconds from the start until each phase was done (for the startup benchmark). */
  readonly phases: Record<string, number>;
  readonly fresh: boolean;
  /** DynamoDB Local's JVM, a process of its own (the benchmarks read its CPU time). */
  readonly dynamodbPid: number;
  tokenFor(userId: string): Promise<string>;
  runSchedule(name: string, input?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };


/**
 * Starts the whole system on embedded emulators, from the synthesized template: tables, buckets, functions
 * and their environments, the state machine, stream mappings, API routes and schedules all come from it.
 */
export async function startLocalRuntime(options: RuntimeOptions): Promise<LocalRuntime> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const mark = <T>(name: string, value: T): T => {
    phases[name] = Math.round(performance.now() - started);
    return value;
  };
  const log = options.log ?? (() => {});
  assertJava();
  if (options.reset) rmSync(options.stateDir, { recursive: true, force: true });
  const fresh = !existsSync(path.join(options.stateDir, 'initialized'));
  for (const dir of ['dynamodb', 's3', 'sfn', 'cdk.out', 'streams']) mkdirSync(path.join(options.stateDir, dir), { recursive: true });

  const baseUrl = `http://localhost:${options.port}`;
  // One read of the sources keys both the template and the bundles in the build cache.
  const key = sourceKey();
  const [template, bundles, dynamo, ses] = await Promise.all([
    synthesizeTemplate(baseUrl, path.join(options.stateDir, 'cdk.out'), key).then((v) => mark('synth', v)),
    bundleHandlers(key).then((v) => mark('bundle', v)),
    startDynamoDb({ dir: path.join(options.stateDir, 'dynamodb') }).then((v) => mark('dynamodb', v)),
    startSes({}).then((v) => mark('ses', v)),
  ]);
  const stops: (() => Promise<void>)[] = [() => dynamo.stop(), () => ses.stop()];
  try {
    const buckets = Object.fromEntries(
      resourcesOfType(template, 'AWS::S3::Bucket').map(([id, r]) => [id, { name: physicalName(id, r.Type), cors: (r.Properties as { CorsConfiguration?: unknown })?.CorsConfiguration }]),
    );
    const s3 = await startS3({ dir: path.join(options.stateDir, 's3'), buckets: Object.values(buckets) as never });
    stops.push(() => s3.stop());
    mark('s3', s3);

    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials });
    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table');
    await ensureTables(dynamoClient, tables.map(([id, r]) => tableInputFromCfn(id, r.Properties ?? {}, physicalName(id, r.Type))) as never);
    // The records table is the one with a stream (the ballots table has none, on purpose).
    const [tableLogicalId] = tables.find(([, r]) => (r.Properties as { StreamSpecification?: unknown })?.StreamSpecification) ?? [];
    if (!tableLogicalId) throw new Error('The template has no DynamoDB table');
    mark('tables', tables);

    // The SFN server must exist before functions start: its endpoint is part of their environment.
    let functions: LocalFunctions | undefined;
    // The workflow engine and the Lambda API both invoke through this, once the functions exist.
    const invokeFunction = (arnOrName: string, payload: unknown) => {
      if (!functions) throw new Error('functions not ready');
      return functions.invoke(arnOrName, payload);
    };
    const engine = new LocalStepFunctions({
      stateDir: path.join(options.stateDir, 'sfn'),
      // As on AWS: a repeated name with the same input returns the execution only while it runs.
      strictNameReuse: true,
      invokeLambda: invokeFunction,
    });
    const faults = new FaultInjector();
    const sfn = await startSfnServer({ engine, port: 0, faults });
    stops.push(async () => sfn.close());
    // Pending waits hold timers for their TimeoutSeconds ceilings; the engine clears them (state is on disk).
    stops.push(() => engine.close());

    // Functions that invoke another (the year-end job → render-year-end) call the Lambda API, as on AWS.
    const lambdaApi = await startLambdaApi({
      exists: (name) => functions?.has(name) ?? false,
      invoke: invokeFunction,
      onAsyncError: (name, error) => log(`[lambda] asynchronous invocation of ${name} failed: ${error.name}: ${error.message}`),
    });
    stops.push(() => lambdaApi.close());
    const endpoints = { dynamodb: dynamo.endpoint, s3: s3.endpoint, ses: ses.endpoint, sfn: sfn.endpoint, lambda: lambdaApi.endpoint };
    // Functions reach DynamoDB, S3 and SES through fault proxies (pass-through unless a fault is armed).
    const [dynamoProxy, s3Proxy, sesProxy] = await Promise.all([
      startFaultProxy('dynamodb', dynamo.endpoint, faults, options.meter, options.observeRequests),
      startFaultProxy('s3', s3.endpoint, faults, options.meter, options.observeRequests),
      startFaultProxy('ses', ses.endpoint, faults, options.meter, options.observeRequests),
    ]);
    stops.push(() => Promise.all([dynamoProxy.close(), s3Proxy.close(), sesProxy.close()]).then(() => undefined));
    const routes = routesFromTemplate(template);
    const issuerUrl = routes.find((r) => r.jwt)?.jwt?.issuer ?? 'https://local-issuer';
    const audience = routes.find((r) => r.jwt)?.jwt?.audience[0] ?? 'local-web-client';
    const issuer = await LocalIssuer.open(options.stateDir, issuerUrl);
    // People sign in against the user pool, whose rules (what a person may change of their own account) come from the template.
    const userPool = LocalUserPool.open(options.stateDir, issuer, audience, template);
    const userPoolServer = await startUserPoolServer(userPool);
    stops.push(() => userPoolServer.stop());
    const sharedEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoProxy.endpoint,
      AWS_ENDPOINT_URL_S3: s3Proxy.endpoint,
      AWS_ENDPOINT_URL_SESV2: sesProxy.endpoint,
      AWS_ENDPOINT_URL_SFN: endpoints.sfn,
      AWS_ENDPOINT_URL_LAMBDA: lambdaApi.endpoint,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: userPoolServer.endpoint,
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      // Lambda runs Node 22; locally Node 20 is supported too, so the SDK's upgrade notice is noise here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    functions = new LocalFunctions(functionsFromTemplate(template), sharedEnv, options.observe, path.join(options.stateDir, 'logs', 'functions.log'), options.quietFunctions);
    functions.useBundles(bundles);
    functions.useFaults(faults);
    stops.unshift(() => functions?.close() ?? Promise.resolve());

    const [machineId, machine] = resourcesOfType(template, 'AWS::StepFunctions::StateMachine')[0] ?? [];
    if (!machineId || !machine) throw new Error('The template has no state machine');
    const stateMachineArn = localAttribute(template, machineId, 'Arn');
    const definition = String(resolve(template, (machine.Properties as { DefinitionString: unknown }).DefinitionString));
    mark('sfn', engine);
    await engine.createStateMachine({ name: physicalName(machineId, machine.Type), definition, stateMachineArn, type: 'STANDARD' } as never);

    for (const mapping of streamMappingsFromTemplate(template)) {
      const tableName = physicalName(mapping.tableLogicalId, 'AWS::DynamoDB::Table');
      const poller = pollTableStream({
        endpoint: dynamo.endpoint,
        tableName,
        startingPosition: mapping.startingPosition,
        batchSize: mapping.batchSize,
        checkpointFile: path.join(options.stateDir, 'streams', `${mapping.tableLogicalId}-${path.basename(mapping.functionArn)}.json`),
        onBatch: async (records: { eventName?: string; dynamodb?: Record<string, unknown> }[]) => {
          const matching = records.filter((r) => matchesFilters(r, mapping.filters));
          if (matching.length === 0) return;
          return (await functions?.invoke(mapping.functionArn, { Records: matching })) as never;
        },
      } as never);
      stops.unshift(async () => poller.stop());
    }

    const schedules = schedulesFromTemplate(template);
    const runSchedule = async (name: string, input?: unknown) => {
      const schedule = schedules.find((s) => s.name === name || s.name.startsWith(name));
      if (!schedule) throw new Error(`Unknown schedule ${name}`);
      return functions?.invoke(schedule.functionArn, input ?? (schedule.input ? JSON.parse(schedule.input) : {}));
    };
    // SNS topics with Lambda subscribers (SES bounces and complaints): there is no SNS emulator, and the SES one
    // never bounces, so a message is published through /_local/topics/<topic>/publish and delivered to each
    // subscribed function as SNS would (one event per subscription), from the template's subscriptions.
    const subscriptions = topicSubscriptionsFromTemplate(template);
    const publish = async (name: string, message: string, subject?: string) => {
      const matching = subscriptions.filter((s) => s.topic === name || s.topic.startsWith(name));
      const topics = new Set(matching.map((s) => s.topic));
      if (topics.size !== 1) throw new Error(`No single topic with Lambda subscribers matches ${name}`);
      const topicArn = localAttribute(template, [...topics][0]!, 'Ref');
      return Promise.all(matching.map((s) => functions?.invoke(s.functionArn, snsEvent(topicArn, message, subject))));
    };
    const tableName = physicalName(tableLogicalId, 'AWS::DynamoDB::Table');
    const local = { userPool, runSchedule, publish, topics: [...new Set(subscriptions.map((s) => s.topic))], sesEndpoint: ses.endpoint, dynamoClient, tableName, faults };

    // The web app, built as the stack deploys it; config.json tells it where the API is and how to sign in.
    const webDir = buildWeb(path.join(options.stateDir, 'web'));
    writeFileSync(path.join(webDir, 'config.json'), JSON.stringify({ apiUrl: '', auth: 'local', local: true, workflowDefinition: definition }));
    writeFileSync(path.join(webDir, 'openapi.json'), JSON.stringify(buildOpenApiDocument(baseUrl)));
    mark('web', webDir);

    const loopbackOnly = isLoopbackHost(options.host ?? LOOPBACK);
    const server = createServer((req, res) => {
      const url = req.url ?? '/';
      const refusal = refuseForeign(req, loopbackOnly);
      if (refusal) {
        res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: refusal.error }));
        return;
      }
      const handle = url.startsWith('/api/')
        ? handleApiRequest(req, res, { routes, functions: functions as LocalFunctions, issuer })
        : url.startsWith('/_local/')
          ? handleLocalTools(req, res, { ...local, schedules: schedules.map((s) => s.name) })
          : serveStatic(req, res, webDir);
      handle.catch((error: unknown) => {
        log(`request failed: ${(error as Error).message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'INTERNAL', message: { vi: 'Lỗi hệ thống', en: 'Internal error' } } }));
      });
    });
    await listen(server, options.port, options.host ?? LOOPBACK);
    stops.unshift(
      () =>
        new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections(); // keep-alive sockets would hold the process open
        }),
    );
    writeFileSync(path.join(options.stateDir, 'initialized'), new Date().toISOString());
    const stackOf: LocalStack = {
      baseUrl,
      region: LOCAL_REGION,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
      endpoints: { ...endpoints, cognito: userPoolServer.endpoint },
      tables: Object.fromEntries(tables.map(([id, r]) => [id, physicalName(id, r.Type)])),
      buckets: Object.fromEntries(Object.entries(buckets).map(([id, b]) => [id, b.name])),
      stateMachineArn,
      userPoolId: LOCAL_USER_POOL_ID,
    };
    writeFileSync(path.join(options.stateDir, LOCAL_STACK_FILE), JSON.stringify(stackOf, null, 2));
    stops.push(async () => rmSync(path.join(options.stateDir, LOCAL_STACK_FILE), { force: true }));

    return {
      baseUrl,
      host: options.host ?? LOOPBACK,
      endpoints: { ...endpoints, cognito: userPoolServer.endpoint },
      tableName,
      stateMachineArn,
      buckets: Object.fromEntries(Object.entries(buckets).map(([id, b]) => [id, b.name])),
      schedules: schedules.map((s) => s.name),
      startedInMs: performance.now() - started,
      phases: mark('ready', phases),
      fresh,
      dynamodbPid: dynamo.pid,
      tokenFor: async (userId: string) => {
        const signedIn = await userPool.signIn(userId);
        if (!signedIn) throw new Error(`Unknown demo user ${userId}`);
        return signedIn.token;
      },
      runSchedule,
      stop: async () => {
        for (const stop of stops) await stop().catch(() => {});
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => {});
    throw error;
  }
}

/**
 * Listening on loopback is not enough: a web page can rebind its own name to 127.0.0.1 (DNS rebinding) and read
 * answers, or post blindly from another origin. So a loopback gateway answers only requests addressed to a
 * loopback name, and the local tools (the demo sign-in above all) only same-origin pages or no page at all (curl).
 */
/** The host of an Origin header, or undefined for `null` and anything unparsable (never equal to a Host). */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function refuseForeign(req: IncomingMessage, loopbackOnly: boolean): { status: number; error: unknown } | undefined {
  const hostname = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (loopbackOnly && !isLoopbackHost(hostname)) {
    return { status: 421, error: { code: 'MISDIRECTED', message: { vi: 'Máy chủ cục bộ chỉ nhận yêu cầu gửi tới localhost', en: 'The local server answers only requests addressed to localhost' } } };
  }
  const origin = req.headers.origin;
  if ((req.url ?? '').startsWith('/_local/') && origin !== undefined && originHost(origin) !== req.headers.host) {
    return { status: 403, error: { code: 'FOREIGN_ORIGIN', message: { vi: 'Công cụ cục bộ không nhận yêu cầu từ trang web khác', en: 'The local tools refuse requests from another site' } } };
  }
  return undefined;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolvePromise());
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

/**
 * Local-only tools (never part of the AWS stack): demo sign-in, the SES outbox, running a schedule now,
 * and a peek at the audit chain for tests.
 */
async function handleLocalTools(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: {
    userPool: LocalUserPool;
    schedules: string[];
    runSchedule: (name: string, input?: unknown) => Promise<unknown>;
    publish: (topic: string, message: string, subject?: string) => Promise<unknown>;
    topics: string[];
    sesEndpoint: string;
    faults: FaultInjector;
  },
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'GET' && url.pathname === '/_local/users') {
    return send(200, { users: ctx.userPool.usernames().map((username) => ({ username, ...ctx.userPool.user(username) })) });
  }
  if (req.method === 'POST' && url.pathname === '/_local/users') {
    // Restoring an archive (scripts/import.ts): accounts come back with the ids (sub) every record names them
    // by. Cognito has no such call (a new account gets a new sub); on AWS the import recreates them instead.
    const { users } = (await readJson(req)) as { users?: unknown };
    if (!Array.isArray(users)) return send(400, { error: { code: 'VALIDATION', field: 'users', message: { vi: 'Thiếu danh sách tài khoản', en: 'users must be a list' } } });
    for (const u of users as RestoredUser[]) ctx.userPool.restore(u);
    return send(200, { restored: users.length });
  }
  if (req.method === 'POST' && url.pathname === '/_local/token') {
    const { userId, ttlSeconds } = (await readJson(req)) as { userId?: string; ttlSeconds?: number };
    const ttl = ttlSeconds === undefined ? undefined : Number(ttlSeconds);
    if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 1 && ttl <= 86_400)) {
      return send(400, { error: { code: 'VALIDATION', field: 'ttlSeconds', message: { vi: 'ttlSeconds phải từ 1 đến 86400', en: 'ttlSeconds must be 1–86400' } } });
    }
    const signedIn = typeof userId === 'string' ? await ctx.userPool.signIn(userId, ttl) : undefined;
    if (!signedIn) return send(400, { error: { code: 'VALIDATION', field: 'userId', message: { vi: 'Không có người dùng mẫu này', en: 'No such demo user' } } });
    return send(200, signedIn);
  }
  if (req.method === 'GET' && url.pathname === '/_local/emails') {
    const emails = await listEmails(ctx.sesEndpoint);
    // `?newest=N` (the outbox page): the last N, without their HTML parts (each is framed from its own URL), and the
    // count of all. After a long run the store holds thousands of mails, tens of megabytes the page never shows.
    const newest = url.searchParams.get('newest');
    if (newest !== null) {
      const n = Number(newest);
      if (!(Number.isInteger(n) && n >= 1 && n <= 1_000)) {
        return send(400, { error: { code: 'VALIDATION', field: 'newest', message: { vi: 'newest phải từ 1 đến 1000', en: 'newest must be 1–1000' } } });
      }
      return send(200, { total: emails.length, emails: emails.slice(-n).map(({ html, ...mail }) => ({ ...mail, hasHtml: html !== undefined })) });
    }
    return send(200, { emails });
  }
  if (await handleMailPreview(req, res, url, ctx.sesEndpoint)) return;
  if (req.method === 'DELETE' && url.pathname === '/_local/faults') {
    return send(200, { disarmed: ctx.faults.clear() });
  }
  if (req.method === 'POST' && url.pathname === '/_local/faults') {
    const { service, operation, count, status, errorType, delayMs } = (await readJson(req)) as Record<string, unknown>;
    const badDelay = delayMs !== undefined && !(Number.isInteger(delayMs) && (delayMs as number) >= 0 && (delayMs as number) <= 30_000);
    // A delay holds a call to DynamoDB or S3 (the proxied services) and then lets it through.
    const delayable = service === 'dynamodb' || service === 's3';
    if (!(faultServices as readonly unknown[]).includes(service) || typeof operation !== 'string' || !Number.isInteger(count) || (count as number) < 1 || badDelay || (delayMs !== undefined && !delayable)) {
      return send(400, { error: { code: 'VALIDATION', field: 'operation', message: { vi: 'Lỗi giả lập không hợp lệ', en: `Invalid fault: {service: ${faultServices.join('|')}, operation, count ≥ 1, delayMs? 0–30000 (dynamodb, s3 only)}` } } });
    }
    const fallback = defaultFaults[service as FaultService];
    ctx.faults.arm({
      service: service as FaultService,
      operation,
      count: count as number,
      status: typeof status === 'number' ? status : fallback.status,
      errorType: typeof errorType === 'string' ? errorType : fallback.errorType,
      ...(delayMs === undefined ? {} : { delayMs: delayMs as number }),
    });
    return send(201, { armed: { service, operation, count, ...(delayMs === undefined ? {} : { delayMs }) } });
  }
  if (req.method === 'GET' && url.pathname === '/_local/faults') {
    return send(200, { armed: ctx.faults.list() });
  }
  if (req.method === 'GET' && url.pathname === '/_local/schedules') {
    return send(200, { schedules: ctx.schedules });
  }
  if (req.method === 'GET' && url.pathname === '/_local/topics') {
    return send(200, { topics: ctx.topics });
  }
  const topic = /^\/_local\/topics\/([^/]+)\/publish$/.exec(url.pathname);
  if (req.method === 'POST' && topic?.[1]) {
    const { message, subject } = (await readJson(req)) as { message?: unknown; subject?: unknown };
    if (message === undefined) return send(400, { error: { code: 'VALIDATION', field: 'message', message: { vi: 'Thiếu nội dung tin nhắn', en: 'message is required (a string or JSON)' } } });
    try {
      const text = typeof message === 'string' ? message : JSON.stringify(message);
      return send(200, { results: await ctx.publish(decodeURIComponent(topic[1]), text, typeof subject === 'string' ? subject : undefined) });
    } catch (error) {
      return send(400, { error: { code: 'PUBLISH_FAILED', message: { vi: 'Gửi tin nhắn thất bại', en: (error as Error).message } } });
    }
  }
  const run = /^\/_local\/schedules\/([^/]+)\/run$/.exec(url.pathname);
  if (req.method === 'POST' && run?.[1]) {
    try {
      return send(200, { result: await ctx.runSchedule(decodeURIComponent(run[1]), await readJson(req)) });
    } catch (error) {
      return send(400, { error: { code: 'SCHEDULE_FAILED', message: { vi: 'Chạy lịch thất bại', en: (error as Error).message } } });
    }
  }
  return send(404, { error: { code: 'NOT_FOUND', message: { vi: 'Không tìm thấy', en: 'Not found' } } });
}

