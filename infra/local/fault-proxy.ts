import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { FaultInjector, FaultService } from './faults.ts';

/**
 * The boundary between the functions and an emulated AWS service. Requests pass through untouched unless a
 * fault is armed for their operation; then the answer is the error that service really sends (status, error
 * type and body shape), so the SDK's own retry rules and the workflow's Retry/Catch decide what happens.
 */
export async function startFaultProxy(service: Exclude<FaultService, 'sfn' | 'lambda'>, upstream: string, faults: FaultInjector): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server: Server = createServer((req, res) => {
    const fault = faults.take(service, operationOf(service, req));
    if (fault) {
      req.resume();
      const { headers, body } = errorResponse(service, fault.errorType);
      res.writeHead(fault.status, { ...headers, 'x-amzn-requestid': 'injected-fault', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const upstreamReq = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstreamReq.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
    req.pipe(upstreamReq);
  });
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
