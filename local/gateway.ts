import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalFunctions } from './functions.ts';
import type { LocalIssuer } from './auth.ts';
import { type CfnTemplate, resolve, resourcesOfType } from './template.ts';

export interface LocalRoute {
  readonly routeKey: string;
  readonly method: string;
  readonly path: string;
  readonly pattern: RegExp;
  readonly params: string[];
  readonly functionArn: string;
  readonly jwt?: { issuer: string; audience: string[] };
}

/** The HTTP API's routes exactly as synthesized: route key, Lambda integration, JWT authorizer. */
export function routesFromTemplate(template: CfnTemplate): LocalRoute[] {
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => {
    const props = route.Properties as { RouteKey: string; Target: unknown; AuthorizationType?: string; AuthorizerId?: { Ref: string } };
    const integrationId = String(resolve(template, props.Target)).replace(/^integrations\//, '');
    const integration = template.Resources[integrationId]?.Properties as { IntegrationUri: unknown };
    const [method, path] = props.RouteKey.split(' ') as [string, string];
    const params: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
        params.push(name);
        return '([^/]+)';
      })}$`,
    );
    let jwt: LocalRoute['jwt'];
    if (props.AuthorizationType === 'JWT' && props.AuthorizerId) {
      const authorizer = resolve(template, template.Resources[props.AuthorizerId.Ref]?.Properties) as { JwtConfiguration: { Issuer: string; Audience: string[] } };
      jwt = { issuer: authorizer.JwtConfiguration.Issuer, audience: authorizer.JwtConfiguration.Audience };
    }
    return { routeKey: props.RouteKey, method, path, pattern, params, functionArn: String(resolve(template, integration.IntegrationUri)), jwt };
  });
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};
const error = (code: string, vi: string, en: string) => ({ error: { code, message: { vi, en } } });

async function readBody(req: IncomingMessage, limit = 6 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error('Payload too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Claims as API Gateway hands them to Lambda: strings, with arrays flattened to "[a b]". */
function flattenClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : String(v)]),
  );
}

/** Serves one request the way the HTTP API (payload format 2.0) would. */
export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { routes: readonly LocalRoute[]; functions: LocalFunctions; issuer: LocalIssuer },
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const candidates = ctx.routes.filter((r) => r.pattern.test(url.pathname));
  const route = candidates.find((r) => r.method === method);
  if (!route) {
    if (candidates.length > 0) return json(res, 405, error('METHOD_NOT_ALLOWED', 'Phương thức không được hỗ trợ', 'Method not allowed'));
    return json(res, 404, error('NOT_FOUND', 'Không tìm thấy đường dẫn', 'Route not found'));
  }
  let claims: Record<string, string> | undefined;
  if (route.jwt) {
    const header = req.headers.authorization ?? '';
    const token = header.replace(/^Bearer\s+/i, '');
    if (!token) return json(res, 401, error('UNAUTHORIZED', 'Chưa đăng nhập', 'Not signed in'));
    try {
      if (ctx.issuer.issuer !== route.jwt.issuer) throw new Error('issuer mismatch');
      claims = flattenClaims(await ctx.issuer.verify(token, route.jwt.audience));
    } catch {
      return json(res, 401, error('UNAUTHORIZED', 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn', 'Invalid or expired token'));
    }
  }
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch {
    return json(res, 413, error('PAYLOAD_TOO_LARGE', 'Nội dung yêu cầu quá lớn', 'Request body too large'));
  }
  const match = route.pattern.exec(url.pathname) ?? [];
  const now = new Date();
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
  const query = [...url.searchParams.keys()].length ? Object.fromEntries(url.searchParams) : undefined;
  const event = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(route.params.length ? { pathParameters: Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(match[i + 1] ?? '')])) } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    ...(body.length ? { body: body.toString('utf8'), isBase64Encoded: false } : { isBase64Encoded: false }),
  };
  try {
    const result = (await ctx.functions.invoke(route.functionArn, event)) as
      | { statusCode?: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean }
      | string
      | null;
    if (result === null || typeof result !== 'object' || result.statusCode === undefined) {
      return json(res, 200, result);
    }
    res.writeHead(result.statusCode, result.headers ?? {});
    res.end(result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  } catch {
    // API Gateway answers a failed integration with a bare 500; we keep our error shape.
    json(res, 500, error('INTERNAL', 'Lỗi hệ thống, vui lòng thử lại sau', 'Internal error, please try again later'));
  }
}
