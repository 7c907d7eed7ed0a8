import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { projectRoot } from './paths.ts';

/**
 * How every handler is bundled for Lambda — one source for the CDK construct and the bundle benchmark.
 * The AWS SDK v3 clients are bundled (the versions pinned in package-lock.json, not whatever the runtime
 * ships); Powertools is left out because it comes from the Powertools Lambda layer of the same version
 * (its documented setup), so the rarely used logger costs neither bundle bytes nor cold-start time.
 */
export const HANDLER_BUNDLING = {
  format: 'esm',
  target: 'node22',
  minify: true,
  /** Vietnamese text as UTF-8 bytes, not \u escapes (esbuild's default is ASCII): smaller bundles to load and parse. */
  charset: 'utf8',
  mainFields: ['module', 'main'],
  /** ESM bundles still meet CommonJS dependencies that call require(). */
  banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
  external: ['@aws-lambda-powertools/*'],
  /** Import paths replaced at bundle time (paths relative to the project root); see each stand-in's comment. */
  alias: { 'node:stream/web': './infra/shims/stream-web.ts' },
  /** Fonts the PDF renderer embeds travel inside its bundle as bytes: nothing is read from a system path at run time. */
  loader: { '.ttf': 'binary' },
} as const;

/** The same settings as options of esbuild's API, run from the project root (the bundle benchmark and tests build with them). */
export function handlerBuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: HANDLER_BUNDLING.format,
    target: HANDLER_BUNDLING.target,
    minify: HANDLER_BUNDLING.minify,
    charset: HANDLER_BUNDLING.charset,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    banner: { js: HANDLER_BUNDLING.banner },
    external: [...HANDLER_BUNDLING.external],
    alias: { ...HANDLER_BUNDLING.alias },
    loader: { ...HANDLER_BUNDLING.loader },
    absWorkingDir: projectRoot,
  };
}

/** The pinned Powertools version (package.json), so the layer always matches what the code was tested with. */
export function powertoolsVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const version = pkg.dependencies['@aws-lambda-powertools/logger'];
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`@aws-lambda-powertools/logger must be pinned to an exact version, found ${version}`);
  return version;
}

/** Public SSM parameter AWS keeps with the layer ARN of each Powertools for AWS Lambda (TypeScript) release. */
export const powertoolsLayerParameter = (version: string): string => `/aws/service/powertools/typescript/generic/all/${version}`;
