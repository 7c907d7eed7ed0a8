import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#schemas/openapi';
import { routeDescriptors } from '#schemas/routes';
import { projectRoot } from '#infra/paths';
import { synthStack } from '../support/synth.ts';

describe('the OpenAPI description', () => {
  it('documents exactly the routes of the synthesized HTTP API', () => {
    // Prepare
    const { template } = synthStack();
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => String((r.Properties as { RouteKey: string }).RouteKey));
    // Act
    const documented = Object.entries(buildOpenApiDocument().paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    // Assess
    expect(documented.sort()).toEqual(routeKeys.sort());
  });

  it('marks the routes without the JWT authorizer as public, and only those', () => {
    const { template } = synthStack();
    const publicKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => r.Properties as { RouteKey: string; AuthorizationType?: string })
      .filter((r) => r.AuthorizationType !== 'JWT')
      .map((r) => r.RouteKey);
    const documentedPublic = Object.entries(buildOpenApiDocument().paths).flatMap(([p, ops]) =>
      Object.entries(ops as Record<string, { security?: unknown[] }>)
        .filter(([, op]) => Array.isArray(op.security) && op.security.length === 0)
        .map(([m]) => `${m.toUpperCase()} ${p}`),
    );
    expect(documentedPublic.sort()).toEqual(publicKeys.sort());
  });
});

describe('the route handlers', () => {
  const served = new Set<string>(routeDescriptors.map((r) => r.handler));
  const functionsDir = path.join(projectRoot, 'functions');
  const handlers = readdirSync(functionsDir).filter((name) => existsSync(path.join(functionsDir, name, 'handler.ts')));
  const source = (name: string) => readFileSync(path.join(functionsDir, name, 'handler.ts'), 'utf8');
  /** What a handler must not do itself: its inputs are parsed by its descriptors' schemas (apiHandler). */
  const rawReads = /\bevent\.body\b|\bpathParameters\b|\bqueryStringParameters\b|\bpathParam\(|\bparseInput\(|\bhttpJson\(|from 'zod(\/mini)?'/g;

  it('serve every route, each from a folder under functions/', () => {
    expect([...served].filter((name) => !handlers.includes(name))).toEqual([]);
  });

  // Step Functions tasks, the schedule and the stream consumers are no routes: they parse their payloads themselves.
  it.each([...served].sort())('%s reads its path, query and body only through its descriptors, and imports only its area\'s', (name) => {
    const text = source(name);
    expect(text).toMatch(/\bapiHandler\(/);
    expect(text.match(rawReads) ?? []).toEqual([]);
    expect(text).not.toMatch(/from '#schemas\/routes'/);
  });
});
