import middy from '@middy/core';
import { type ApiEvent, type ApiResult, httpJson, json } from '#http/api';
import { buildOpenApiDocument } from '#schemas/openapi';

const document = buildOpenApiDocument();

/** GET /api/openapi.json — public, generated once per cold start from the routes and zod schemas. */
const openapi = async (_event: ApiEvent): Promise<ApiResult> => json(200, document);

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(openapi);
