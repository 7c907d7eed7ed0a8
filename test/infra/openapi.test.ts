import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#schemas/openapi';
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
