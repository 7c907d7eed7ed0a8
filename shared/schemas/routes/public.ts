/** Routes anyone may call, signed in or not: health, the award catalogue and the published awards. */
import * as z from 'zod/mini';
import { PublicAwardsQuery } from '../input/public-awards.ts';
import { AwardRecord } from '../records.ts';
import { anObject, type RouteDescriptor } from './descriptor.ts';

export const health = {
  method: 'GET', path: '/api/health', handler: 'health', auth: 'public', summary: 'Health check',
  input: {},
  response: z.object({ status: z.literal('ok'), time: z.string() }),
} as const satisfies RouteDescriptor;

export const catalogue = {
  method: 'GET', path: '/api/public/catalogue', handler: 'public-awards', auth: 'public', summary: 'Award catalogue (forms, documents, deadlines)',
  input: {},
  response: anObject(),
} as const satisfies RouteDescriptor;

export const publishedAwards = {
  method: 'GET', path: '/api/public/awards', handler: 'public-awards', auth: 'public', summary: 'Published awards of a year',
  input: { query: PublicAwardsQuery },
  response: z.object({ year: z.number(), awards: z.array(z.extend(AwardRecord, { unitName: z.optional(z.string()) })) }),
} as const satisfies RouteDescriptor;

export const publicRoutes = [health, catalogue, publishedAwards] as const;
