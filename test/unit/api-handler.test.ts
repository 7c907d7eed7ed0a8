import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { NotFoundError } from '#domain/errors';
import { permissions } from '#domain/roles';
import { type ApiEvent, apiHandler, json } from '#http/api';
import type { RouteDescriptor } from '#schemas/routes/descriptor';

// The account mirror and the unit directory the middleware reads for a signed-in caller: none written yet.
vi.mock('#adapters/accounts', () => ({ getAccount: async () => undefined }));
vi.mock('#adapters/unit-repository', () => ({ getUnit: async () => undefined }));

const thing = {
  method: 'POST', path: '/api/things/{thingId}/notes', handler: 'things', auth: 'signedIn', summary: 'A note on a thing',
  input: { path: z.object({ thingId: z.string() }), body: z.strictObject({ note: z.string().check(z.minLength(1)) }) },
  response: z.object({ thingId: z.string(), note: z.string() }),
} as const satisfies RouteDescriptor;
const step = {
  method: 'POST', path: '/api/things/{thingId}/steps/{step}', handler: 'things', auth: 'signedIn', summary: 'A step of a thing',
  input: { path: z.object({ thingId: z.string(), step: z.string() }), body: z.strictObject({ step: z.enum(['a', 'b']), note: z.optional(z.string()) }), pathInBody: ['step'] },
  response: z.object({ step: z.string() }),
} as const satisfies RouteDescriptor;
const secret = {
  method: 'GET', path: '/api/secrets', handler: 'things', auth: 'signedIn', summary: 'Secrets', roles: permissions.checkIntegrity,
  input: { query: z.object({ limit: z.optional(z.string().check(z.regex(/^\d+$/))) }) },
  response: z.object({}),
} as const satisfies RouteDescriptor;

const context = {} as Context;
const event = (routeKey: string, pathParameters: Record<string, string>, body: unknown, roles = ['officer'], query?: Record<string, string>): ApiEvent =>
  ({
    routeKey,
    rawPath: '/',
    pathParameters,
    ...(query ? { queryStringParameters: query } : {}),
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { authorizer: { jwt: { claims: { sub: 'u-1', 'cognito:groups': roles }, scopes: [] } } },
  }) as unknown as ApiEvent;
const answer = (res: unknown) => {
  const { statusCode, body } = res as { statusCode: number; body: string };
  return { statusCode, body: JSON.parse(body) as { error?: { code: string; field?: string } } & Record<string, unknown> };
};

describe('apiHandler', () => {
  const handled = vi.fn();
  const handler = apiHandler(
    { thing, step, secret },
    {
      thing: async (request) => {
        // The record first: an unknown thing is a 404 whatever the body says.
        if (request.path.thingId === 'missing') throw new NotFoundError({ field: 'thingId', messages: { vi: 'Không có', en: 'No such thing' } });
        return json(201, { thingId: request.path.thingId, note: request.body.note });
      },
      step: async ({ body }) => json(200, body),
      secret: async ({ query }) => {
        handled(query);
        return json(200, {});
      },
    },
  );

  it('parses the body only when the handler reads it, so a refusal by the record comes before a 400', async () => {
    // Act
    const missing = answer(await handler(event('POST /api/things/{thingId}/notes', { thingId: 'missing' }, { note: 7 }), context));
    const bad = answer(await handler(event('POST /api/things/{thingId}/notes', { thingId: 't-1' }, { note: 7 }), context));
    const good = answer(await handler(event('POST /api/things/{thingId}/notes', { thingId: 't-1' }, { note: 'hi' }), context));
    // Assess
    expect(missing.statusCode).toBe(404);
    expect(bad).toMatchObject({ statusCode: 400, body: { error: { code: 'VALIDATION', field: 'note' } } });
    expect(good).toEqual({ statusCode: 201, body: { thingId: 't-1', note: 'hi' } });
  });

  it('refuses a field the body schema does not allow', async () => {
    const res = answer(await handler(event('POST /api/things/{thingId}/notes', { thingId: 't-1' }, { note: 'hi', extra: true }), context));
    expect(res.statusCode).toBe(400);
  });

  it('puts the path names pathInBody lists into the body, the path winning over what was sent', async () => {
    // Act
    const res = answer(await handler(event('POST /api/things/{thingId}/steps/{step}', { thingId: 't-1', step: 'b' }, { step: 'a', note: 'n' }), context));
    const unknownStep = answer(await handler(event('POST /api/things/{thingId}/steps/{step}', { thingId: 't-1', step: 'z' }, { note: 'n' }), context));
    // Assess
    expect(res).toEqual({ statusCode: 200, body: { step: 'b', note: 'n' } });
    expect(unknownStep).toMatchObject({ statusCode: 400, body: { error: { field: 'step' } } });
  });

  it("checks the descriptor's roles before the handler runs, with the permission's own refusal", async () => {
    // Act
    const refused = answer(await handler(event('GET /api/secrets', {}, undefined, ['officer'], { limit: 'x' }), context));
    // Assess: 403 (not the 400 the query would earn), and the handler never ran
    expect(refused).toMatchObject({ statusCode: 403, body: { error: { message: permissions.checkIntegrity.refusal } } });
    expect(handled).not.toHaveBeenCalled();
    const allowed = answer(await handler(event('GET /api/secrets', {}, undefined, ['admin'], { limit: '5' }), context));
    expect(allowed.statusCode).toBe(200);
    expect(handled).toHaveBeenCalledWith({ limit: '5' });
  });

  it('answers 404 for a route key it does not serve, and 401 without claims', async () => {
    expect(answer(await handler(event('GET /api/elsewhere', {}, undefined), context)).statusCode).toBe(404);
    const anonymous = { ...event('GET /api/secrets', {}, undefined), requestContext: {} } as unknown as ApiEvent;
    expect(answer(await handler(anonymous, context)).statusCode).toBe(401);
  });
});
