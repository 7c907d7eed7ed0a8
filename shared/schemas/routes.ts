/**
 * The HTTP API's routes: every route descriptor (shared/schemas/routes/*.ts), and the plain list the CDK stack,
 * the local gateway (through the synthesized template), the OpenAPI document and the README table read.
 * A handler imports its own area's descriptors, never this index (which builds every route's schemas).
 */
import { councilRoutes } from './routes/council.ts';
import type { RouteDescriptor } from './routes/descriptor.ts';
import { directoryRoutes } from './routes/directory.ts';
import { dossiersRoutes } from './routes/dossiers.ts';
import { provincialRoutes } from './routes/provincial.ts';
import { publicRoutes } from './routes/public.ts';

export const routeDescriptors = [...publicRoutes, ...dossiersRoutes, ...councilRoutes, ...directoryRoutes, ...provincialRoutes] as const satisfies readonly RouteDescriptor[];

export interface ApiRoute {
  readonly method: RouteDescriptor['method'];
  readonly path: string;
  /** The folder under functions/ that serves the route. */
  readonly handler: ApiHandlerName;
  /** Public routes skip the JWT authorizer (health and published awards only). */
  readonly public?: boolean;
  /** A signed-in person with no role yet may call it (only /api/me: every other route answers them 403). */
  readonly withoutRole?: boolean;
  readonly summary: string;
}

export type ApiHandlerName = (typeof routeDescriptors)[number]['handler'];

export const apiRoutes: readonly ApiRoute[] = routeDescriptors.map((d) => ({
  method: d.method,
  path: d.path,
  handler: d.handler,
  ...(d.auth === 'public' ? { public: true } : {}),
  ...(d.auth === 'account' ? { withoutRole: true } : {}),
  summary: d.summary,
}));
