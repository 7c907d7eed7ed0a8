import { describe, expect, it } from 'vitest';
import { awardCodes } from '#domain/catalogue';
import { buildOpenApiDocument } from '#schemas/openapi';
import { apiRoutes } from '#schemas/routes';

type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, any> }> };
  responses: Record<string, unknown>;
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
