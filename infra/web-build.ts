import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { projectRoot } from './paths.ts';

/**
 * Builds the static web app (web/) into `outDir`: one ES module bundle (and the chunks it loads on demand) plus the page and its styles. The
 * same build is served by the local runtime and deployed to S3 behind CloudFront by the stack; what differs
 * (API URL, sign-in, the deployed workflow definition) comes from config.json, written next to it.
 */
export function buildWeb(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  buildSync({
    entryPoints: { app: path.join(projectRoot, 'web/src/app.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    // Code loaded on demand (the XLSX reader of the nominee import, the workflow picture's graph layout) is its own
    // chunk, fetched only when used.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'error',
  });
  for (const file of ['index.html', 'styles.css']) copyFileSync(path.join(projectRoot, 'web', file), path.join(outDir, file));
  return outDir;
}

/**
 * Scripts and styles from the site only (no inline code, no eval); API calls, presigned S3 transfers and
 * sign-in to the configured https endpoints (and the local runtime's loopback ports).
 */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https: http://localhost:* http://127.0.0.1:*; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
