import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FaultInjector, FaultService } from './faults.ts';

/**
 * The boundary between the functions and an emulated AWS service. Requests pass through untouched unless a
 * fault is armed for their operation; then the answer is the error that service really sends (status, error
 * type and body shape), so the SDK's own retry rules and the workflow's Retry/Catch decide what happens.
 */
/** One request that passed the boundary, for the cost model: DynamoDB capacity units, bytes sent. */
export interface MeteredRequest {
  readonly service: string;
  readonly operation: string;
  readonly status: number;
  readonly requestBytes: number;
  /** DynamoDB: capacity units consumed (asked for with ReturnConsumedCapacity=TOTAL), read and write. */
  readonly readUnits?: number;
  readonly writeUnits?: number;
}
export type Meter = (request: MeteredRequest) => void;
/** One request as it reached the boundary, body whole (the throughput benchmark counts and replays them). */
export interface SeenRequest {
  readonly service: string;
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}
/** Sees every request that reaches the boundary, without touching it. */
export type RequestObserver = (request: SeenRequest) => void;

const unitFields = (c: { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number }) => ({ r: c.ReadCapacityUnits ?? 0, w: c.WriteCapacityUnits ?? 0, total: c.CapacityUnits ?? 0 });

export async function startFaultProxy(
  service: Exclude<FaultService, 'sfn' | 'lambda'>,
  upstream: string,
  faults: FaultInjector,
  meter?: Meter,
  observe?: RequestObserver,
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const operation = operationOf(service, req);
    const body = await readAll(req);
    observe?.({ service, operation, method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body });
    const fault = faults.take(service, operation);
    if (fault?.delayMs !== undefined) await new Promise((r) => setTimeout(r, fault.delayMs));
    else if (fault) {
      const answer = errorResponse(service, fault.errorType);
      res.writeHead(fault.status, { ...answer.headers, 'x-amzn-requestid': 'injected-fault', 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
      return;
    }
    if (meter) return forwardMetered(service, operation, req, res, body, target, agent, meter);
    return forward(req, res, body, target, agent);
  };
  // A caller gone mid-request fails that request only.
  const server: Server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The API operation a request calls, named as in the service's API reference. */
export function operationOf(service: string, req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): string {
  const url = new URL(req.url ?? '/', 'http://local');
  if (service === 'dynamodb') return String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
  if (service === 'ses') return req.method === 'POST' && url.pathname === '/v2/email/outbound-emails' ? 'SendEmail' : `${req.method} ${url.pathname}`;
  // S3, path style: /<bucket>[/<key>]
  const hasKey = url.pathname.split('/').filter(Boolean).length > 1;
  switch (req.method) {
    case 'GET':
      return hasKey ? 'GetObject' : 'ListObjectsV2';
    case 'HEAD':
      return hasKey ? 'HeadObject' : 'HeadBucket';
    case 'PUT':
      return hasKey ? 'PutObject' : 'CreateBucket';
    case 'POST':
      return hasKey ? 'PostObject' : url.searchParams.has('delete') ? 'DeleteObjects' : 'PostObject';
    case 'DELETE':
      return hasKey ? 'DeleteObject' : 'DeleteBucket';
    default:
      return String(req.method);
  }
}

function errorResponse(service: string, errorType: string): { headers: Record<string, string>; body: string } {
  const message = `Injected fault: ${errorType}`;
  if (service === 'dynamodb') {
    return { headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${errorType}`, message }) };
  }
  if (service === 's3') {
    return { headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${errorType}</Code><Message>${message}</Message><RequestId>injected-fault</RequestId></Error>` };
  }
  return { headers: { 'content-type': 'application/json', 'x-amzn-errortype': errorType }, body: JSON.stringify({ message }) };
}

/**
 * Forwards one request whole (buffered) and reports it. DynamoDB requests are asked for their consumed
 * capacity, which DynamoDB Local computes as DynamoDB does; the extra field is removed from the answer.
 */
async function forwardMetered(service: string, operation: string, req: IncomingMessage, res: ServerResponse, sent: Buffer, target: URL, agent: Agent, meter: Meter): Promise<void> {
  let body = sent;
  const headers = { ...req.headers };
  const askCapacity = service === 'dynamodb' && ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactWriteItems', 'TransactGetItems'].includes(operation);
  if (askCapacity) {
    const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (!json.ReturnConsumedCapacity) json.ReturnConsumedCapacity = 'TOTAL';
    body = Buffer.from(JSON.stringify(json));
    headers['content-length'] = String(body.length);
  }
  const upstream = await relay(res, target, agent, req, headers, body);
  if (!upstream) return;
  const answer = await readAll(upstream);
  let readUnits = 0;
  let writeUnits = 0;
  if (askCapacity && (upstream.statusCode ?? 500) < 300) {
    const parsed = JSON.parse(answer.toString('utf8') || '{}') as { ConsumedCapacity?: unknown };
    const list = (Array.isArray(parsed.ConsumedCapacity) ? parsed.ConsumedCapacity : parsed.ConsumedCapacity ? [parsed.ConsumedCapacity] : []) as Parameters<typeof unitFields>[0][];
    for (const c of list) {
      const u = unitFields(c);
      // Some operations report only a total: reads for Get/Query/Scan, writes otherwise.
      if (u.r || u.w) (readUnits += u.r), (writeUnits += u.w);
      else if (/Get|Query|Scan/.test(operation)) readUnits += u.total;
      else writeUnits += u.total;
    }
  }
  meter({ service, operation, status: upstream.statusCode ?? 0, requestBytes: body.length, ...(askCapacity ? { readUnits, writeUnits } : {}) });
  res.writeHead(upstream.statusCode ?? 502, upstream.headers);
  res.end(answer);
}

/** Forwards one request: the body is read whole first, so it can be sent again (see {@link send}). */
async function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, target: URL, agent: Agent): Promise<void> {
  const upstream = await relay(res, target, agent, req, req.headers, body);
  if (!upstream) return;
  res.writeHead(upstream.statusCode ?? 502, upstream.headers);
  upstream.pipe(res);
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The emulator's answer, or undefined once the caller has been answered 502 naming why it could not be reached. */
function relay(res: ServerResponse, target: URL, agent: Agent, req: IncomingMessage, headers: IncomingMessage['headers'], body: Buffer): Promise<IncomingMessage | undefined> {
  return send(target, agent, req, headers, body).catch((error: unknown) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(String(error));
    return undefined;
  });
}

/**
 * Sends a request upstream over the keep-alive pool. An emulator may close an idle pooled connection just as
 * it is reused (the request then fails with ECONNRESET before the emulator saw it); Node's documented remedy
 * is to send again on a fresh connection, which is safe because nothing reached the server.
 */
function send(target: URL, agent: Agent, req: IncomingMessage, headers: IncomingMessage['headers'], body: Buffer, attempt = 1): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, resolve);
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (upstream.reusedSocket && error.code === 'ECONNRESET' && attempt < 3) resolve(send(target, agent, req, headers, body, attempt + 1));
      else reject(error);
    });
    upstream.end(body);
  });
}
