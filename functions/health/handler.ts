import middy from '@middy/core';
import { type ApiEvent, type ApiResult, httpJson, json } from '#http/api';

const health = async (_event: ApiEvent): Promise<ApiResult> => json(200, { status: 'ok', time: new Date().toISOString() });

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(health);
