import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalStepFunctions } from './engine.ts';
import type { FaultInjector } from '../faults.ts';
import { SfnServiceError } from './errors.ts';

export interface SfnServerOptions {
  readonly engine: LocalStepFunctions;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Faults injected on purpose (tests of retries and recovery). */
  readonly faults?: FaultInjector;
}

export interface SfnServer {
  /** Base URL for `new SFNClient({ endpoint })` or AWS_ENDPOINT_URL_SFN. */
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

type Operation = (engine: LocalStepFunctions, input: never) => Promise<unknown>;

/** The operations served, by the name the SDK puts after `AWSStepFunctions.` in X-Amz-Target. */
const operations: Record<string, Operation> = {
  CreateStateMachine: (engine, input: Parameters<LocalStepFunctions['createStateMachine']>[0]) => engine.createStateMachine(input),
  DescribeStateMachine: (engine, input: Parameters<LocalStepFunctions['describeStateMachine']>[0]) => engine.describeStateMachine(input),
  ListStateMachines: (engine, input: Parameters<LocalStepFunctions['listStateMachines']>[0]) => engine.listStateMachines(input),
  StartExecution: (engine, input: Parameters<LocalStepFunctions['startExecution']>[0]) => engine.startExecution(input),
  DescribeExecution: (engine, input: Parameters<LocalStepFunctions['describeExecution']>[0]) => engine.describeExecution(input),
  RedriveExecution: (engine, input: Parameters<LocalStepFunctions['redriveExecution']>[0]) => engine.redriveExecution(input),
  StopExecution: (engine, input: Parameters<LocalStepFunctions['stopExecution']>[0]) => engine.stopExecution(input),
  ListExecutions: (engine, input: Parameters<LocalStepFunctions['listExecutions']>[0]) => engine.listExecutions(input),
  GetExecutionHistory: (engine, input: Parameters<LocalStepFunctions['getExecutionHistory']>[0]) => engine.getExecutionHistory(input),
  SendTaskSuccess: (engine, input: Parameters<LocalStepFunctions['sendTaskSuccess']>[0]) => engine.sendTaskSuccess(input),
  SendTaskFailure: (engine, input: Parameters<LocalStepFunctions['sendTaskFailure']>[0]) => engine.sendTaskFailure(input),
  SendTaskHeartbeat: (engine, input: Parameters<LocalStepFunctions['sendTaskHeartbeat']>[0]) => engine.sendTaskHeartbeat(input),
};

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * Serves the engine over the AWS JSON 1.0 protocol that @aws-sdk/client-sfn speaks: POST /, operation in
 * X-Amz-Target, timestamps as epoch seconds, errors as HTTP 400 {"__type", "message"}.
 */
export async function startSfnServer(options: SfnServerOptions): Promise<SfnServer> {
  const { engine } = options;
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    handle(engine, request, response, options.faults).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { __type: 'InternalFailure', message: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpointHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    endpoint: `http://${endpointHost.includes(':') ? `[${endpointHost}]` : endpointHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

async function handle(engine: LocalStepFunctions, request: IncomingMessage, response: ServerResponse, faults?: FaultInjector): Promise<void> {
  const body = await readBody(request);
  if (request.method !== 'POST') {
    send(response, 405, { __type: 'UnknownOperationException', message: `Method ${request.method ?? ''} not allowed` });
    return;
  }
  const target = request.headers['x-amz-target'];
  const name = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) {
    send(response, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${String(target)}` });
    return;
  }
  const fault = faults?.take('sfn', name);
  if (fault) {
    send(response, fault.status, { __type: fault.errorType, message: `Injected fault: ${name} (${fault.errorType})` });
    return;
  }
  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body);
  } catch {
    send(response, 400, { __type: 'SerializationException', message: 'Request body is not valid JSON' });
    return;
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    send(response, 400, { __type: 'SerializationException', message: 'Request body must be a JSON object' });
    return;
  }
  try {
    send(response, 200, await operation(engine, input as never));
  } catch (error) {
    if (error instanceof SfnServiceError) {
      send(response, 400, { __type: error.name, message: error.message });
    } else {
      send(response, 500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
    }
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(toWire(payload));
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

/** Timestamps travel as epoch seconds (fractional); JSON.stringify would turn Dates into ISO strings first. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
  }
  return value;
}
