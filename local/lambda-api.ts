import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveOnLoopback } from './emulators/support.ts';

/** Lambda's payload ceiling for synchronous invocations, request and response alike (6 MB). */
export const INVOKE_PAYLOAD_LIMIT = 6 * 1024 * 1024;

export interface LambdaApiOptions {
  /** Whether a function of that name or ARN exists (unknown ones get ResourceNotFoundException). */
  readonly exists: (functionName: string) => boolean;
  /** Runs the function; rejects with the function's error (its `name` is the errorType). */
  readonly invoke: (functionName: string, event: unknown) => Promise<unknown>;
  /** Where failures of asynchronous (Event) invocations are reported. */
  readonly onAsyncError?: (functionName: string, error: Error) => void;
  /** 0 (default) picks a free port. */
  readonly port?: number;
}

export interface LambdaApi {
  /** For `new LambdaClient({ endpoint })` or AWS_ENDPOINT_URL_LAMBDA. */
  readonly endpoint: string;
  close(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * The Lambda Invoke API over the local functions, for a function that invokes another with the SDK's
 * LambdaClient (the year-end job asks render-year-end for a version's files). It answers as Lambda does
 * (restJson1): a function's own error is a 200 with X-Amz-Function-Error and {errorType, errorMessage};
 * service errors (unknown function, payload too large, an injected throttle) are 4xx/5xx with
 * x-amzn-ErrorType; Event invocations are accepted with 202 and run in the background.
 */
export async function startLambdaApi(options: LambdaApiOptions): Promise<LambdaApi> {
  const server = createServer((req, res) => {
    // A broken request (a client gone mid-upload) fails that request, never the runtime.
    handle(req, res, options).catch((error: Error) => {
      if (!res.headersSent) serviceError(res, 500, 'ServiceException', error.message);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  return serveOnLoopback(server, options.port ?? 0);
}

function serviceError(res: ServerResponse, status: number, errorType: string, message: string): void {
  const body = JSON.stringify({ Type: status < 500 ? 'User' : 'Service', message });
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': errorType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse, options: LambdaApiOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://lambda.local');
  const match = INVOKE_PATH.exec(url.pathname);
  if (!match || req.method !== 'POST') return serviceError(res, 404, 'UnknownOperationException', `Only Invoke is served here, not ${req.method} ${url.pathname}`);
  let functionName: string;
  try {
    functionName = decodeURIComponent(match[1] ?? '');
  } catch {
    return serviceError(res, 400, 'InvalidParameterValueException', 'The function name is not a valid URI component');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= INVOKE_PAYLOAD_LIMIT) chunks.push(chunk as Buffer);
  }
  if (size > INVOKE_PAYLOAD_LIMIT) {
    return serviceError(res, 413, 'RequestTooLargeException', `Request must be smaller than ${INVOKE_PAYLOAD_LIMIT} bytes for the InvokeFunction operation`);
  }
  if (!options.exists(functionName)) return serviceError(res, 404, 'ResourceNotFoundException', `Function not found: ${functionName}`);
  const text = Buffer.concat(chunks).toString('utf8');
  let event: unknown = {};
  if (text.trim() !== '') {
    try {
      event = JSON.parse(text);
    } catch {
      return serviceError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
  }
  const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
  if (invocationType === 'DryRun') return void res.writeHead(204).end();
  if (invocationType === 'Event') {
    res.writeHead(202, { 'content-length': 0 }).end();
    options.invoke(functionName, event).catch((error: Error) => options.onAsyncError?.(functionName, error));
    return;
  }
  if (invocationType !== 'RequestResponse') return serviceError(res, 400, 'InvalidParameterValueException', `Unknown invocation type: ${invocationType}`);

  let payload: string;
  let functionError = false;
  try {
    payload = JSON.stringify((await options.invoke(functionName, event)) ?? null);
    if (Buffer.byteLength(payload) > INVOKE_PAYLOAD_LIMIT) {
      functionError = true;
      payload = JSON.stringify({ errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${INVOKE_PAYLOAD_LIMIT} bytes).` });
    }
  } catch (error) {
    const e = error as Error & { status?: number };
    // An injected service fault (throttling, Lambda's own failure) is the API's answer, not the function's.
    if (e.status !== undefined && e.status !== 200) return serviceError(res, e.status, e.name, e.message);
    functionError = true;
    payload = JSON.stringify({ errorType: e.name, errorMessage: e.message });
  }
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-amz-executed-version': '$LATEST',
    ...(functionError ? { 'x-amz-function-error': 'Unhandled' } : {}),
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
