/**
 * The OpenAPI 3.1 description of the HTTP API, generated from the route descriptors (shared/schemas/routes/):
 * each route's path, query and body schemas and its answer's schema, through zod's own JSON Schema generator
 * (OpenAPI 3.1 uses JSON Schema 2020-12, so no translation layer is needed). Nothing here is kept by hand, so
 * the document says what the handlers parse.
 */
import * as z from 'zod/mini';
import { AuditEventRecord, DocumentRecord, DossierRecord, UnitAuditEventRecord, UnitRecord } from './records.ts';
import { routeDescriptors } from './routes.ts';
import { pathParamNames, type RouteDescriptor, type Schema } from './routes/descriptor.ts';

type JsonSchema = Record<string, unknown>;

/** A schema as JSON Schema: what a caller may send (`input`) or what the route answers (`output`). */
export function jsonSchema(schema: Schema, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** The names the path fills in are not required in the body (the handler puts them there; the path wins). */
function withoutRequired(schema: JsonSchema, names: readonly string[]): JsonSchema {
  if (names.length === 0) return schema;
  const out: JsonSchema = { ...schema };
  if (Array.isArray(out.required)) out.required = (out.required as string[]).filter((n) => !names.includes(n));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(out[key])) out[key] = (out[key] as JsonSchema[]).map((branch) => withoutRequired(branch, names));
  }
  return out;
}

/** The properties of an object schema, each with whether it is required (path and query parameters). */
function fieldsOf(schema: Schema): { name: string; required: boolean; schema: JsonSchema }[] {
  const json = jsonSchema(schema);
  const required = (json.required ?? []) as string[];
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, s]) => ({ name, required: required.includes(name), schema: s }));
}

/** What the document says a route reads and answers, from its descriptor alone (the unit test compares them). */
export function described(route: RouteDescriptor) {
  const { path, query, body, pathInBody } = route.input;
  const pathFields = path ? fieldsOf(path) : [];
  const pathParams = pathParamNames(route.path).map((name) => ({ name, in: 'path', required: true, schema: pathFields.find((f) => f.name === name)?.schema ?? {} }));
  const queryParams = query ? fieldsOf(query).map(({ name, required, schema }) => ({ name, in: 'query', required, schema })) : [];
  return {
    parameters: [...pathParams, ...queryParams],
    requestBody: body && body !== 'none' ? { required: true, content: { 'application/json': { schema: withoutRequired(jsonSchema(body), pathInBody ?? []) } } } : undefined,
    response: jsonSchema(route.response, 'output'),
  };
}

const Bilingual = { type: 'object', required: ['vi', 'en'], properties: { vi: { type: 'string' }, en: { type: 'string' } } };
const ErrorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        field: { type: 'string' },
        message: Bilingual,
        details: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: Bilingual } } },
      },
    },
  },
};
const errorRef = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } });

function operation(route: RouteDescriptor) {
  const { parameters, requestBody, response } = described(route);
  const isPublic = route.auth === 'public';
  const reads = parameters.length > 0 || requestBody !== undefined;
  const who = route.access ?? (route.roles ? `roles: ${route.roles.roles.join(', ')}` : undefined);
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/(^|[/.-])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    ...(who ? { description: `Who may: ${who}.` } : {}),
    tags: [route.path.split('/')[2] ?? 'api'],
    ...(isPublic ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: response }, ...Object.fromEntries((route.files ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) } },
      ...(reads ? { '400': errorRef('Invalid input (field named, message in Vietnamese and English)') } : {}),
      ...(isPublic ? {} : { '401': errorRef('Missing, expired or forged token'), '403': errorRef('Role or unit may not do this') }),
      ...(route.path.includes('{') ? { '404': errorRef('No such record') } : {}),
      ...(route.method === 'POST' || route.method === 'PATCH' ? { '409': errorRef('Conflicts with the current state (e.g. an illegal transition)') } : {}),
    },
  };
}

export function buildOpenApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeDescriptors) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hồ sơ đề nghị khen thưởng — Award dossier workflow API',
      version: '1.0.0',
      description: 'HTTP API of the provincial emulation and commendation workflow (Hội đồng Thi đua – Khen thưởng tỉnh).',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ cognitoJwt: [] }],
    paths,
    components: {
      securitySchemes: { cognitoJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token (locally: GET /_local/token?user=<id>)' } },
      schemas: { ErrorBody, Dossier: jsonSchema(DossierRecord), Document: jsonSchema(DocumentRecord), AuditEvent: jsonSchema(AuditEventRecord), Unit: jsonSchema(UnitRecord), UnitAuditEvent: jsonSchema(UnitAuditEventRecord) },
    },
  };
}
