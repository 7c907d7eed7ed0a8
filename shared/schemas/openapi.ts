/**
 * The OpenAPI 3.1 description of the HTTP API, generated: paths from `apiRoutes` (the list the stack builds
 * its routes from) and schemas from the zod input schemas via zod's own JSON Schema generator (OpenAPI 3.1
 * uses JSON Schema 2020-12, so no translation layer is needed).
 */
import * as z from 'zod/mini';
import { CastBallotInput, CompleteTaskInput, CreateDossierInput, CreateUnitInput, DeactivateUnitInput, DeclareRecusalInput, EditUnitInput, ListCouncilSessionsQuery, ListDossiersQuery, ListUnitsQuery, OpenCouncilSessionInput, PresignUploadInput, PublicAwardsQuery, ReturnDossierInput, WithdrawInput } from './api.ts';
import { CreatePersonInput, PersonInput } from './input/people.ts';
import { RegulationInput } from './input/regulation.ts';
import { DecideRevocationInput, ProposeRevocationInput } from './input/revocation.ts';
import { ListDirectoryChangesQuery } from './input/directory-changes.ts';
import { AuditEventRecord, DocumentRecord, DossierRecord, UnitAuditEventRecord, UnitRecord } from './records.ts';
import { type ApiRoute, apiRoutes } from './routes.ts';

type Schema = z.ZodMiniType;
interface Io {
  readonly body?: Schema;
  readonly query?: Schema;
  /** Media types the route also answers with, as a file (e.g. an export asked for with `?format=`). */
  readonly files?: readonly string[];
}

/** Inputs per route (`METHOD path`); routes not listed take no body or query. */
const inputs: Record<string, Io> = {
  'POST /api/dossiers': { body: CreateDossierInput },
  'GET /api/dossiers': { query: ListDossiersQuery, files: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
  'GET /api/public/awards': { query: PublicAwardsQuery },
  'POST /api/dossiers/{dossierId}/documents': { body: PresignUploadInput },
  'POST /api/dossiers/{dossierId}/withdraw': { body: WithdrawInput },
  'POST /api/dossiers/{dossierId}/return': { body: ReturnDossierInput },
  'POST /api/dossiers/{dossierId}/tasks/{step}/complete': { body: CompleteTaskInput },
  'GET /api/council-sessions': { query: ListCouncilSessionsQuery },
  'POST /api/council-sessions': { body: OpenCouncilSessionInput },
  'POST /api/council-sessions/{sessionId}/ballots': { body: CastBallotInput },
  'POST /api/council-sessions/{sessionId}/recusals': { body: DeclareRecusalInput },
  'POST /api/people': { body: CreatePersonInput },
  'PUT /api/people/{username}': { body: PersonInput },
  'PUT /api/regulations/{effectiveFrom}': { body: RegulationInput },
  'GET /api/directory-changes': { query: ListDirectoryChangesQuery },
  'GET /api/units': { query: ListUnitsQuery },
  'POST /api/units': { body: CreateUnitInput },
  'PATCH /api/units/{unitId}': { body: EditUnitInput },
  'POST /api/units/{unitId}/deactivate': { body: DeactivateUnitInput },
  'POST /api/dossiers/{dossierId}/revocations': { body: ProposeRevocationInput },
  'POST /api/dossiers/{dossierId}/revocations/{proposalId}/decision': { body: DecideRevocationInput },
};

function jsonSchema(schema: Schema): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
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

function operation(route: ApiRoute) {
  const io = inputs[`${route.method} ${route.path}`] ?? {};
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const query = io.query ? jsonSchema(io.query) : undefined;
  const queryParams = query
    ? Object.entries((query.properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
        name,
        in: 'query',
        required: ((query.required ?? []) as string[]).includes(name),
        schema,
      }))
    : [];
  const parameters = [...pathParams, ...queryParams];
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/(^|[/.-])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    tags: [route.path.split('/')[2] ?? 'api'],
    ...(route.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(io.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(io.body) } } } } : {}),
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } }, ...Object.fromEntries((io.files ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) } },
      ...(io.body || io.query || pathParams.length ? { '400': errorRef('Invalid input (field named, message in Vietnamese and English)') } : {}),
      ...(route.public ? {} : { '401': errorRef('Missing, expired or forged token'), '403': errorRef('Role or unit may not do this') }),
      ...(pathParams.length ? { '404': errorRef('No such record') } : {}),
      ...(route.method === 'POST' || route.method === 'PATCH' ? { '409': errorRef('Conflicts with the current state (e.g. an illegal transition)') } : {}),
    },
  };
}

export function buildOpenApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of apiRoutes) {
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
