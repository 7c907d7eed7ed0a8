import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { awardCodes } from '#domain/catalogue';
import { buildOpenApiDocument } from '#schemas/openapi';
import { apiRoutes, routeDescriptors } from '#schemas/routes';
import { pathParamNames, type RouteDescriptor, routeKey } from '#schemas/routes/descriptor';

type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, any> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};
const methods = ['get', 'post', 'put', 'patch', 'delete'];

function operations(doc: ReturnType<typeof buildOpenApiDocument>): (readonly [string, string, Operation])[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.includes(method))
      .map(([method, op]) => [method.toUpperCase(), path, op as Operation] as const),
  );
}

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument();
  const ops = operations(doc);
  const op = (method: string, path: string) => ops.find(([m, p]) => m === method && p === path)?.[2];

  it('is OpenAPI 3.1.0 with a title, and protected by a bearer JWT by default', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toMatch(/\S/);
    expect(doc.security).toEqual([{ cognitoJwt: [] }]);
    expect(doc.components.securitySchemes.cognitoJwt).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('has exactly one operation per route (method + path), and unique operation ids', () => {
    // Assess
    expect(ops.map(([m, p]) => `${m} ${p}`).sort()).toEqual(apiRoutes.map((r) => `${r.method} ${r.path}`).sort());
    expect(new Set(ops.map(([, , o]) => o.operationId)).size).toBe(ops.length);
  });

  it.each(apiRoutes.map((r) => [r.method, r.path, 'public' in r && r.public === true] as const))('%s %s: public=%s', (method, path, isPublic) => {
    // Arrange
    const operation = op(method, path);
    // Assess
    expect(operation).toBeDefined();
    if (isPublic) {
      expect(operation?.security).toEqual([]);
      expect(operation?.responses).not.toHaveProperty('401');
    } else {
      expect(operation).not.toHaveProperty('security');
      expect(operation?.responses).toHaveProperty('401');
      expect(operation?.responses).toHaveProperty('403');
    }
    const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    expect(operation?.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? []).toEqual(pathParams);
  });

  it('gives POST /api/dossiers a required JSON body whose awardCode is an enum of the catalogue codes', () => {
    // Act
    const schema = op('POST', '/api/dossiers')?.requestBody?.content['application/json']?.schema;
    // Assess
    expect(op('POST', '/api/dossiers')?.requestBody?.required).toBe(true);
    expect(schema?.type).toBe('object');
    expect(schema?.properties?.awardCode?.enum).toEqual([...awardCodes]);
    expect(schema?.required).toEqual(expect.arrayContaining(['awardCode', 'kind', 'year', 'title', 'nominees']));
    expect(schema?.additionalProperties).toBe(false);
    expect(schema?.properties?.nominees).toMatchObject({ type: 'array', minItems: 1 });
  });

  it('describes the query of GET /api/dossiers as optional parameters', () => {
    const params = op('GET', '/api/dossiers')?.parameters ?? [];
    expect(params.filter((p) => p.in === 'query').map((p) => [p.name, p.required])).toEqual(
      expect.arrayContaining([['year', false], ['status', false], ['limit', false]]),
    );
  });

  it('documents the bilingual error body', () => {
    expect(doc.components.schemas.ErrorBody).toMatchObject({ required: ['error'] });
    expect(op('POST', '/api/dossiers')?.responses['400']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } });
  });

  it('names the server only when given one', () => {
    expect(doc).not.toHaveProperty('servers');
    expect(buildOpenApiDocument('https://api.example.vn').servers).toEqual([{ url: 'https://api.example.vn' }]);
  });
});

/** A descriptor's schema as the document should carry it, made here with zod's generator (not the document's code). */
const toJson = (schema: z.ZodMiniType, io: 'input' | 'output') => {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};
const propertiesOf = (schema: z.ZodMiniType) => (toJson(schema, 'input').properties ?? {}) as Record<string, unknown>;
const requiredOf = (schema: z.ZodMiniType) => (toJson(schema, 'input').required ?? []) as string[];
const withBody = new Set(['POST', 'PUT', 'PATCH']);
const descriptors: readonly RouteDescriptor[] = routeDescriptors;

describe('the OpenAPI document says what each route descriptor reads and answers', () => {
  const doc = buildOpenApiDocument();
  const opOf = (route: RouteDescriptor) => (doc.paths[route.path] as Record<string, Operation> | undefined)?.[route.method.toLowerCase()];

  it.each(descriptors.map((r) => [routeKey(r), r] as const))('%s', (_key, route) => {
    // Arrange
    const operation = opOf(route);
    const { path, query, body, pathInBody = [] } = route.input;
    // Assess: the path parameters, each with its descriptor's schema
    expect(operation).toBeDefined();
    const params = operation?.parameters ?? [];
    expect(params.filter((p) => p.in === 'path')).toEqual(pathParamNames(route.path).map((name) => ({ name, in: 'path', required: true, schema: path ? propertiesOf(path)[name] : undefined })));
    // the query parameters, each required as its schema says
    expect(params.filter((p) => p.in === 'query')).toEqual(
      query ? Object.entries(propertiesOf(query)).map(([name, schema]) => ({ name, in: 'query', required: requiredOf(query).includes(name), schema })) : [],
    );
    // the body, where the route takes one (what the path fills in is not asked of the body)
    const sent = operation?.requestBody?.content['application/json']?.schema;
    if (body && body !== 'none') {
      expect(operation?.requestBody?.required).toBe(true);
      const expected = toJson(body, 'input');
      if (pathInBody.length === 0) expect(sent).toEqual(expected);
      else expect(JSON.stringify(sent)).toBe(JSON.stringify(expected).replace(/"required":\[([^\]]*)\]/g, (_m, names: string) => `"required":[${names.split(',').filter((n) => n && !pathInBody.includes(JSON.parse(n))).join(',')}]`));
    } else {
      expect(operation?.requestBody).toBeUndefined();
    }
    // and the answer
    expect(operation?.responses['200']?.content?.['application/json']?.schema).toEqual(toJson(route.response, 'output'));
  });
});

/** What a route reads without a schema for it: a path name, a body; empty when the descriptor says it all. */
function gaps(route: RouteDescriptor): string[] {
  const names = pathParamNames(route.path);
  const named = route.input.path ? Object.keys(propertiesOf(route.input.path)) : [];
  return [
    ...names.filter((n) => !named.includes(n)).map((n) => `{${n}} has no path schema`),
    ...named.filter((n) => !names.includes(n)).map((n) => `the path schema names ${n}, which the path has not`),
    ...(withBody.has(route.method) && route.input.body === undefined ? ['no body schema (nor body: none)'] : []),
    ...(!withBody.has(route.method) && route.input.body !== undefined ? [`a body on a ${route.method}`] : []),
    ...(route.input.pathInBody ?? []).filter((n) => !names.includes(n)).map((n) => `pathInBody names ${n}, which the path has not`),
  ];
}

describe('every route has a schema for what it reads', () => {
  it.each(descriptors.map((r) => [routeKey(r), r] as const))('%s', (_key, route) => {
    expect(gaps(route)).toEqual([]);
  });

  it('finds a route that reads a path parameter or a body without a schema', () => {
    // Arrange: routes as a forgetful author would write them
    const route = { method: 'GET', path: '/api/things/{thingId}', handler: 'x', auth: 'signedIn', summary: 'x', input: {}, response: z.object({}) } satisfies RouteDescriptor;
    // Assess
    expect(gaps(route)).toEqual(['{thingId} has no path schema']);
    expect(gaps({ ...route, input: { path: z.object({ id: z.string() }) } })).toEqual(['{thingId} has no path schema', 'the path schema names id, which the path has not']);
    expect(gaps({ ...route, method: 'POST', path: '/api/things' })).toEqual(['no body schema (nor body: none)']);
    expect(gaps({ ...route, method: 'POST', path: '/api/things', input: { body: 'none' } })).toEqual([]);
  });
});
