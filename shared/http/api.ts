import type { Logger } from '@aws-lambda-powertools/logger';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { THROTTLING_ERROR_NAME } from '#adapters/aws-errors';
import { DomainError, ForbiddenError, NotFoundError, toErrorBody, UnauthorizedError, ValidationError } from '#domain/errors';
import { localDate } from '#domain/calendar';
import { type Actor, assertHasRole, assertPermitted, isUnitActor, parseActor } from '#domain/roles';
import { assertUnitOpenForAccess } from '#domain/units';
import { type RouteDescriptor, routeKey } from '#schemas/routes/descriptor';
import { parseInput } from '#schemas/validation';

/** The HTTP API event (payload 2.0). Public routes have no authorizer block. */
export type ApiEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'body' | 'requestContext'> & {
  body?: unknown;
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'];
  };
};
export type ApiResult = Exclude<APIGatewayProxyResultV2, string>;

/**
 * Structured JSON logs (Powertools Logger; service name from POWERTOOLS_SERVICE_NAME), imported and created on
 * first use: most invocations log nothing, so cold starts should not pay for it. On AWS the package comes from
 * the Powertools Lambda layer of the pinned version (see infra/bundling.ts), not from the bundle.
 * Never given bodies, tokens or ballots.
 */
let logger: Promise<Logger> | undefined;
export const log = (): Promise<Logger> => (logger ??= import('@aws-lambda-powertools/logger').then(({ Logger }) => new Logger()));

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(statusCode: number, body: unknown): ApiResult {
  return { statusCode, headers: jsonHeaders, body: JSON.stringify(body) };
}

/** The caller, from the claims the JWT authorizer verified (Cognito groups = roles, custom:unitId = unit). */
export function actorOf(event: ApiEvent): Actor {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) throw new UnauthorizedError();
  return parseActor(claims);
}

/**
 * Parses a JSON body (empty body = {}) and turns domain errors into `{error:{code, field, message:{vi,en}}}`
 * responses. Anything else is a generic 500 that never echoes internals (middy's http-error-handler rule).
 * `routesWithoutRole`: the route keys a signed-in person with no role may call (apiHandler's `account` routes).
 */
export function httpJson(routesWithoutRole: ReadonlySet<string>): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    before: async (request) => {
      const { event } = request;
      const claims = event.requestContext.authorizer?.jwt?.claims;
      if (claims) {
        // The directory, not the token, says what a person may do now: a disabled account is refused and a
        // changed role or unit applies at once, though the token was signed before. Accounts the directory has
        // never written (the first administrator, made in the console) keep their token's claims.
        // The account and the unit its token names are read side by side: one round trip for most requests.
        const claimedUnit = typeof claims['custom:unitId'] === 'string' && claims['custom:unitId'] !== '' ? String(claims['custom:unitId']) : undefined;
        const [{ getAccount }, { getUnit }] = await Promise.all([import('#adapters/accounts'), import('#adapters/unit-repository')]);
        const [account, unitOfClaim] = await Promise.all([getAccount(String(claims.sub ?? '')), claimedUnit ? getUnit(claimedUnit) : undefined]);
        if (account && !account.enabled) {
          throw new ForbiddenError({ code: 'ACCOUNT_DISABLED', messages: { vi: 'Tài khoản đã bị khóa', en: 'This account is disabled' } });
        }
        if (account) {
          claims['cognito:groups'] = [...account.roles];
          if (account.unitId) claims['custom:unitId'] = account.unitId;
          else delete claims['custom:unitId'];
        }
        // Every signed-in request needs a role, and a unit's person a unit in force, but for the few routes that
        // say otherwise: checked here, once, before any handler reads a path, a body or the table.
        if (!routesWithoutRole.has(event.routeKey)) {
          const actor = parseActor(claims);
          assertHasRole(actor);
          if (isUnitActor(actor) && actor.unitId) {
            const unit = actor.unitId === claimedUnit ? unitOfClaim : await getUnit(actor.unitId);
            assertUnitOpenForAccess(unit, actor.unitId, localDate(new Date()));
          }
        }
      }
      const raw = event.body;
      if (raw === undefined || raw === null || raw === '') {
        event.body = {};
        return;
      }
      if (typeof raw !== 'string') return;
      const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      try {
        event.body = JSON.parse(text);
      } catch (cause) {
        throw new ValidationError({
          field: 'body',
          messages: { vi: 'Nội dung yêu cầu không phải JSON hợp lệ', en: 'The request body is not valid JSON' },
          cause,
        });
      }
    },
    onError: async (request) => {
      const error = request.error;
      if (error instanceof DomainError) {
        request.response = json(error.status, toErrorBody(error));
        return;
      }
      if (isTransientAwsError(error)) {
        (await log()).warn('AWS service unavailable', { errorName: error?.name, route: request.event.routeKey });
        request.response = {
          ...json(503, { error: { code: 'SERVICE_UNAVAILABLE', message: { vi: 'Hệ thống đang quá tải hoặc tạm gián đoạn, vui lòng thử lại sau ít giây', en: 'The service is busy or briefly unavailable, please try again in a few seconds' } } }),
          headers: { ...jsonHeaders, 'retry-after': '2' },
        };
        return;
      }
      (await log()).error('unhandled error', { errorName: error?.name, errorMessage: error?.message, route: request.event.routeKey });
      request.response = json(500, {
        error: { code: 'INTERNAL', message: { vi: 'Lỗi hệ thống, vui lòng thử lại sau', en: 'Internal error, please try again later' } },
      });
    },
  };
}

/** Throttling or a 5xx from an AWS service, after the SDK's own retries: the caller may simply retry. */
function isTransientAwsError(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown } | undefined;
  if (!e?.$metadata) return false;
  const status = e.$metadata.httpStatusCode ?? 0;
  return status >= 500 || status === 429 || Boolean(e.$retryable) || THROTTLING_ERROR_NAME.test(e.name ?? '');
}

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

/** What a route's handler is given: the caller, and its path, query and body as the descriptor's schemas parse them. */
export interface RouteInput<D extends RouteDescriptor> {
  readonly actor: D['auth'] extends 'public' ? undefined : Actor;
  /**
   * Each is parsed when the handler first reads it, so a handler that reads its record first keeps its order of
   * answers: a caller the record refuses (404, 403) hears that before a 400 about what they sent.
   */
  readonly path: D['input'] extends { readonly path: infer S } ? Parsed<S> : undefined;
  readonly query: D['input'] extends { readonly query: infer S } ? Parsed<S> : undefined;
  readonly body: D['input'] extends { readonly body: infer S } ? Parsed<S> : undefined;
  readonly context: Context;
}

type Handle<D extends RouteDescriptor> = (input: RouteInput<D>) => Promise<ApiResult>;

/** The route's inputs, each parsed on first read with the descriptor's schema (a 400 naming the field). */
function routeInput(route: RouteDescriptor, event: ApiEvent, actor: Actor | undefined, context: Context): RouteInput<RouteDescriptor> {
  const once = (read: () => unknown) => {
    let done = false;
    let value: unknown;
    return {
      enumerable: true,
      get: () => {
        if (!done) {
          value = read();
          done = true;
        }
        return value;
      },
    };
  };
  const { path, query, body, pathInBody } = route.input;
  return Object.defineProperties({ actor, context } as RouteInput<RouteDescriptor>, {
    path: once(() => (path ? parseInput(path, event.pathParameters ?? {}) : undefined)),
    query: once(() => (query ? parseInput(query, event.queryStringParameters ?? {}) : undefined)),
    body: once(() => {
      if (!body || body === 'none') return undefined;
      if (!pathInBody?.length) return parseInput(body, event.body);
      // The path names the record the body is about (a task's step, a decided proposal): it wins over the body.
      return parseInput(body, { ...(event.body as object), ...Object.fromEntries(pathInBody.map((name) => [name, event.pathParameters?.[name]])) });
    }),
  });
}

/**
 * A Lambda handler for one or more routes, each with its descriptor (shared/schemas/routes/): the caller is
 * signed in as the route's `auth` asks, holds one of its `roles` (checked before anything is parsed or read),
 * and the handler reads its path, query and body only through the descriptor's schemas. Errors become the
 * bilingual JSON error body (httpJson).
 */
export function apiHandler<const R extends Record<string, RouteDescriptor>>(routes: R, handle: { readonly [K in keyof R]: Handle<R[K]> }) {
  const byKey = new Map(Object.entries(routes).map(([name, route]) => [routeKey(route), { route, handle: handle[name] as Handle<RouteDescriptor> }]));
  const withoutRole = new Set(Object.values(routes).filter((r) => r.auth === 'account').map(routeKey));
  const only = byKey.size === 1 ? [...byKey.values()][0] : undefined;
  return middy<ApiEvent, ApiResult>()
    .use(httpJson(withoutRole))
    .handler(async (event, context) => {
      // A function that serves one route answers it whatever the key (a direct invocation may carry none).
      const served = byKey.get(event.routeKey) ?? only;
      if (!served) throw new NotFoundError({ field: 'route', messages: { vi: 'Không có đường dẫn này', en: 'No such route' } });
      const { route } = served;
      const actor = route.auth === 'public' ? undefined : actorOf(event);
      if (actor && route.roles) assertPermitted(actor, route.roles);
      return served.handle(routeInput(route, event, actor, context));
    });
}
