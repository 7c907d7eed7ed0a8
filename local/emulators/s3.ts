import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import path from 'node:path';
import type { S3Event } from 'aws-lambda';
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account.js';
import { checkPostPolicy } from './s3-post-policy.ts';
import { LOOPBACK } from './support.ts';

/**
 * s3rver's own multipart parser (busboy 0.3), reused to read the form exactly as s3rver will. Resolved from
 * s3rver's location: a hoisted busboy 1.x (another package's) has a different API.
 */
const requireFromS3rver = createRequire(createRequire(import.meta.url).resolve('s3rver'));
const Busboy = requireFromS3rver('busboy') as new (options: { headers: Record<string, unknown> }) => NodeJS.WritableStream & {
  on(event: 'field', listener: (name: string, value: string) => void): unknown;
  on(event: 'file', listener: (name: string, file: NodeJS.ReadableStream) => void): unknown;
  on(event: 'finish' | 'error', listener: (error?: Error) => void): unknown;
};
/** Larger bodies are refused before they are buffered (the largest document kind allows 20 MB). */
const MAX_POST_BYTES = 60 * 1024 * 1024;

/** CloudFormation `AWS::S3::Bucket` CorsConfiguration. */
export interface CfnCorsRule {
  readonly AllowedMethods: readonly string[];
  readonly AllowedOrigins: readonly string[];
  readonly AllowedHeaders?: readonly string[];
  readonly ExposedHeaders?: readonly string[];
  readonly MaxAge?: number;
  readonly Id?: string;
}
export interface CfnCorsConfiguration {
  readonly CorsRules: readonly CfnCorsRule[];
}

export interface S3BucketConfig {
  readonly name: string;
  readonly cors?: CfnCorsConfiguration;
}

export interface S3Options {
  /** Objects are stored as files here and survive restarts. */
  readonly dir: string;
  /** 0 or omitted: pick a free port. */
  readonly port?: number;
  readonly buckets: readonly S3BucketConfig[];
  /**
   * Access keys s3rver accepts (it rejects unknown key ids, though it never checks SigV4 signatures).
   * Default: `local`/`local`, the credentials the local runtime gives every handler.
   */
  readonly credentials?: readonly { accessKeyId: string; secretAccessKey: string }[];
  /** Object created/removed notifications (S3 event shape) for PUT, POST, COPY and DELETE. */
  readonly onEvent?: (event: S3Event) => void;
}

export interface S3Emulator {
  /** Path-style endpoint: use `forcePathStyle: true` in S3 clients. */
  readonly endpoint: string;
  readonly port: number;
  readonly startedInMs: number;
  stop(): Promise<void>;
}

const defaultCredentials = [{ accessKeyId: 'local', secretAccessKey: 'local' }];

/**
 * Starts s3rver on loopback with the given buckets (and their CORS rules, converted to the XML s3rver
 * expects). s3rver stores any browser POST upload it is sent and never verifies SigV4 signatures, so a
 * middleware placed in front of its router holds POST uploads to their policy as S3 does (signature, expiry,
 * `eq`/`starts-with` conditions, content-length-range, no uncovered fields; see s3-post-policy.ts). Other
 * requests (SDK PutObject, GetObject…) are not signature-checked, as with s3rver alone.
 */
export async function startS3(options: S3Options): Promise<S3Emulator> {
  const started = performance.now();
  const directory = path.resolve(options.dir);
  mkdirSync(directory, { recursive: true });
  for (const { accessKeyId, secretAccessKey } of options.credentials ?? defaultCredentials) {
    AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  }
  const server = new S3rver({
    address: LOOPBACK,
    port: options.port ?? 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((b) => ({ name: b.name, configs: b.cors ? [corsXmlFromCfn(b.cors)] : [] })),
  });
  const rules = new Map(options.buckets.map((b) => [b.name, b.cors?.CorsRules ?? []]));
  const secrets = new Map((options.credentials ?? defaultCredentials).map((c) => [c.accessKeyId, c.secretAccessKey]));
  // Browser POST uploads: check the policy as S3 would, then hand s3rver the same bytes. Placed right before
  // s3rver's router, i.e. after its vhost middleware has rewritten virtual-host requests to /bucket/…, so
  // both addressing styles are checked. Every multipart POST to a bucket is checked whatever its query
  // string: s3rver's router sends `POST /bucket?anything` to its POST Object handler too.
  const routerAt = server.middleware.findIndex((m) => 'router' in m);
  if (routerAt < 0) throw new Error('s3rver: router middleware not found; cannot install the POST policy check');
  server.middleware.splice(routerAt, 0, async (ctx, next) => {
    const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1];
    if (ctx.method !== 'POST' || !bucket || !ctx.is('multipart/form-data')) return next();
    const bucketName = decodeURIComponent(bucket);
    const body = await readBody(ctx.req, MAX_POST_BYTES);
    const form = body ? await parseForm(body, ctx.headers) : undefined;
    const violation = !form
      ? { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' }
      : form.duplicates.length > 0
        ? { status: 400, code: 'InvalidArgument', message: `POST form fields must be unique (names compare case-insensitively): ${form.duplicates.join(', ')}` }
        : checkPostPolicy({ bucket: bucketName, fields: form.fields, fileSize: form.fileSize, now: new Date(), secretFor: (id) => secrets.get(id) });
    if (violation) {
      // S3 sends CORS headers with errors too, so the web app can read why its upload was refused.
      corsForError(ctx, rules.get(bucketName) ?? []);
      ctx.status = violation.status;
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${violation.code}</Code><Message>${escapeXml(violation.message)}</Message></Error>`;
      return;
    }
    const replay = Readable.from([body as Buffer]) as Readable & { headers?: unknown };
    replay.headers = ctx.req.headers;
    (ctx as unknown as { req: unknown }).req = replay;
    return next();
  });
  // Prepended so it sees the final response of s3rver's own CORS handling.
  server.middleware.unshift(async (ctx, next) => {
    await next();
    if (ctx.method === 'OPTIONS' && ctx.status === 200) fixPreflight(ctx, rules);
  });
  if (options.onEvent) server.on('event', options.onEvent);
  const address = await server.run();
  return {
    endpoint: `http://${LOOPBACK}:${address.port}`,
    port: address.port,
    startedInMs: performance.now() - started,
    stop: async () => {
      const closing = server.close();
      // Keep-alive sockets (SDK clients, browsers) would otherwise hold the server, and the process, open.
      server.httpServer?.closeAllConnections();
      await closing;
    },
  };
}

/**
 * s3rver answers every allowed preflight with `Access-Control-Allow-Origin: *` and no Max-Age. S3 echoes the
 * request's origin when the matching rule names origins, and sends the rule's MaxAge; do the same so the
 * browser behaves as it will against AWS.
 */
function fixPreflight(
  ctx: { path: string; get(field: string): string; set(field: string, value: string): void },
  rules: Map<string, readonly CfnCorsRule[]>,
): void {
  const bucket = decodeURIComponent(ctx.path.split('/')[1] ?? '');
  const origin = ctx.get('origin');
  const method = ctx.get('access-control-request-method');
  const headers = ctx
    .get('access-control-request-headers')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const rule = (rules.get(bucket) ?? []).find(
    (r) =>
      r.AllowedOrigins.some((o) => wildcardMatch(o, origin)) &&
      r.AllowedMethods.includes(method) &&
      headers.every((h) => (r.AllowedHeaders ?? []).some((p) => wildcardMatch(p.toLowerCase(), h))),
  );
  if (!rule) return;
  if (!rule.AllowedOrigins.includes('*')) ctx.set('Access-Control-Allow-Origin', origin);
  if (rule.MaxAge !== undefined) ctx.set('Access-Control-Max-Age', String(rule.MaxAge));
  if (rule.ExposedHeaders?.length) ctx.set('Access-Control-Expose-Headers', rule.ExposedHeaders.join(', '));
}

function corsForError(ctx: { get(field: string): string; set(field: string, value: string): void }, rules: readonly CfnCorsRule[]): void {
  const origin = ctx.get('origin');
  const rule = origin ? rules.find((r) => r.AllowedOrigins.some((o) => wildcardMatch(o, origin)) && r.AllowedMethods.includes('POST')) : undefined;
  if (!rule) return;
  ctx.set('Access-Control-Allow-Origin', rule.AllowedOrigins.includes('*') ? '*' : origin);
  if (rule.ExposedHeaders?.length) ctx.set('Access-Control-Expose-Headers', rule.ExposedHeaders.join(', '));
  ctx.set('Vary', 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
}

/** S3 CORS patterns allow at most one `*`, matching any run of characters. */
function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
}

/** CloudFormation CorsConfiguration → the `<CORSConfiguration>` XML of PutBucketCors, which s3rver reads. */
export function corsXmlFromCfn(cors: CfnCorsConfiguration): string {
  const element = (name: string, value: string | number) => `<${name}>${escapeXml(String(value))}</${name}>`;
  const rules = cors.CorsRules.map((rule) =>
    [
      '<CORSRule>',
      rule.Id ? element('ID', rule.Id) : '',
      ...rule.AllowedOrigins.map((o) => element('AllowedOrigin', o)),
      ...rule.AllowedMethods.map((m) => element('AllowedMethod', m)),
      ...(rule.AllowedHeaders ?? []).map((h) => element('AllowedHeader', h)),
      ...(rule.ExposedHeaders ?? []).map((h) => element('ExposeHeader', h)),
      rule.MaxAge !== undefined ? element('MaxAgeSeconds', rule.MaxAge) : '',
      '</CORSRule>',
    ].join(''),
  );
  return `<?xml version="1.0" encoding="UTF-8"?><CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${rules.join('')}</CORSConfiguration>`;
}

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

async function readBody(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      (stream as Readable).destroy?.();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Form fields before the file (S3 ignores fields after it), keyed by lower-cased name, and the file's size.
 * `duplicates` names every field sent more than once, whatever the case: S3 reads names case-insensitively,
 * but s3rver stores under the field named exactly `key` (and keeps the last of each metadata field), so a
 * form with `key` and `Key` would pass the check on one value and be stored under the other. Such a form
 * is refused before either reads it.
 */
function parseForm(
  body: Buffer,
  headers: Record<string, unknown>,
): Promise<{ fields: Record<string, string>; fileSize: number; duplicates: string[] }> {
  return new Promise((resolve, reject) => {
    // No prototype: a field named `constructor` or `__proto__` is an ordinary (uncovered) field.
    const fields: Record<string, string> = Object.create(null);
    const duplicates = new Set<string>();
    let fileSize = 0;
    let seenFile = false;
    const busboy = new Busboy({ headers });
    busboy.on('field', (name, value) => {
      if (seenFile) return;
      if (name === 'file') {
        seenFile = true;
        fileSize = Buffer.byteLength(value);
        return;
      }
      const lower = name.toLowerCase();
      if (Object.hasOwn(fields, lower)) duplicates.add(lower);
      fields[lower] = value;
    });
    busboy.on('file', (name, file) => {
      if (name !== 'file' || seenFile) {
        file.resume();
        return;
      }
      seenFile = true;
      file.on('data', (chunk: Buffer) => (fileSize += chunk.length));
    });
    busboy.on('finish', () => resolve({ fields, fileSize, duplicates: [...duplicates] }));
    busboy.on('error', (error) => reject(error));
    busboy.end(body);
  });
}
