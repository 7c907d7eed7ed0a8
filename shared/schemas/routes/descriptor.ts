/**
 * One descriptor per HTTP route: what it is (method, path, the function under functions/ that serves it), who may
 * call it, what it reads (path, query and body schemas) and what it answers. The handler's parsing
 * (shared/http/api.ts `apiHandler`), the stack's routes and the local gateway (`apiRoutes`), the OpenAPI
 * document and the README's table are all made from these, so they cannot drift apart.
 */
import * as z from 'zod/mini';
import type { Permission } from '#domain/roles';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Schema = z.ZodMiniType;

/**
 * `public`: no sign-in (the JWT authorizer is skipped). `signedIn`: a token and at least one role, and a unit's
 * person a unit in force. `account`: a token only — a person whose account has no role yet (GET /api/me).
 */
export type Auth = 'public' | 'signedIn' | 'account';

export interface RouteInputs {
  readonly path?: Schema;
  readonly query?: Schema;
  /** `'none'`: the route takes no body (a POST that only names its record by the path). */
  readonly body?: Schema | 'none';
  /**
   * Path parameters the body schema also reads, put into the body before parsing (the path wins): the step of a
   * task, the proposal a chair decides, so one schema (a union on them) checks the body against its record.
   */
  readonly pathInBody?: readonly string[];
}

export interface RouteDescriptor {
  readonly method: Method;
  readonly path: string;
  /** The folder under functions/ whose handler serves the route. */
  readonly handler: string;
  readonly summary: string;
  readonly auth: Auth;
  /**
   * The roles that may call the route at all, checked before anything is parsed or read. Absent: any role, and
   * the handler decides against the record it reads (a unit's own dossier, a session's members).
   */
  readonly roles?: Permission;
  /** Who may, in words, where the record decides (shown in the README and the OpenAPI description). */
  readonly access?: string;
  readonly input: RouteInputs;
  readonly response: Schema;
  /** Media types the route also answers with, as a file (e.g. an export asked for with `?format=`). */
  readonly files?: readonly string[];
}

export const routeKey = (route: Pick<RouteDescriptor, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/** The names in a path template, in order: `/api/dossiers/{dossierId}/tasks/{step}` → dossierId, step. */
export const pathParamNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** An id from the path, as API Gateway hands it over: any non-empty text (the record read then finds it or not). */
export const idParam = () => z.string().check(z.minLength(1));

/** Answers the README and OpenAPI describe but no client relies on field by field yet. */
export const anObject = () => z.looseObject({});
