import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { handlerBuildOptions } from '#infra/bundling';
import { projectRoot } from '#infra/paths';
import { ReadableStream as StandIn } from '../../infra/shims/stream-web.ts';

describe('handler bundling', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bundling-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stands in for node:stream/web with a class that answers instanceof and builds streams as the real one does', async () => {
    const real = new globalThis.ReadableStream({ start: (c) => c.close() });
    expect(real instanceof StandIn).toBe(true);
    expect({} instanceof StandIn).toBe(false);
    expect(Buffer.from('x') instanceof StandIn).toBe(false);
    const built = new StandIn({ start: (c) => (c.enqueue('xin chào'), c.close()) });
    expect(built instanceof globalThis.ReadableStream).toBe(true);
    const chunks: unknown[] = [];
    for await (const chunk of built as unknown as AsyncIterable<unknown>) chunks.push(chunk);
    expect(chunks).toEqual(['xin chào']);
  });

  it('bundles a handler as deployed without loading node:stream/web, and the handler still answers', async () => {
    const outfile = path.join(dir, 'health.mjs');
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'));
    await build({ ...handlerBuildOptions(), entryPoints: ['functions/health/handler.ts'], outfile, logLevel: 'error' });
    const code = readFileSync(outfile, 'utf8');
    expect(code).not.toMatch(/["']node:stream\/web["']/);
    expect(code).toContain('globalThis.ReadableStream');
    const { handler } = (await import(pathToFileURL(outfile).href)) as { handler: (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }> };
    const answer = await handler({ rawPath: '/api/health', headers: {}, requestContext: {} }, {});
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok' });
  });
});
