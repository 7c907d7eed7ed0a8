import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { THROTTLING_ERROR_NAME } from '#adapters/aws-errors';
import { DomainError, ForbiddenError, toErrorBody, UnauthorizedError, ValidationError } from '#domain/errors';
import { localDate } from '#domain/calendar';
import { type Actor, assertHasRole, isUnitActor, parseActor } from '#domain/roles';
import { assertUnitOpenForAccess } from '#domain/units';
import { apiRoutes } from '#schemas/routes';

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

const routesWithoutRole = new Set<string>(apiRoutes.filter((r) => 'withoutRole' in r && r.withoutRole).map((r) => `${r.method} ${r.path}`));

/** The caller, from the claims the JWT authorizer verified (Cognito groups = roles, custom:unitId = unit). */
export function actorOf(event: ApiEvent): Actor {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) throw new UnauthorizedError();
  return parseActor(claims);
}

/**
 * Parses a JSON body (empty body = {}) and turns domain errors into `{error:{code, field, message:{vi,en}}}`
 * responses. Anything else is a generic 500 that never echoes internals (middy's http-error-handler rule).
 */
export function httpJson(): MiddlewareObj<ApiEvent, ApiResult> {
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
          claims['cognito:groups'] = [...account.roles] as never;
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

export function pathParam(event: ApiEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) {
    throw new ValidationError({ field: name, messages: { vi: `Thiếu tham số '${name}'`, en: `Missing path parameter '${name}'` } });
  }
  return value;
}
