import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../infra/paths.ts';

/**
 * What the local runtime builds before it can serve — the synthesized template and the handler bundles —
 * depends only on the project's sources and pinned packages, so it is kept between starts, keyed by a hash of
 * them. A restart (or a test's second runtime) then skips ~5–7 s of CDK synth and esbuild on this machine.
 * The cache lives in node_modules/.cache, so `npm ci` starts it afresh.
 */
export const buildCacheRoot = (): string => process.env.LOCAL_BUILD_CACHE ?? path.join(projectRoot, 'node_modules', '.cache', 'award-local');

/** The folders and files the template and the bundles are made from (everything else cannot change them). */
const SOURCES = ['infra', 'shared', 'functions', 'web', 'package.json', 'package-lock.json', 'tsconfig.json', 'cdk.json'];
const SKIPPED_DIRS = new Set(['node_modules', 'cdk.out', '.local']);

function sourceFiles(root: string, entry: string): string[] {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full, { withFileTypes: true })
    .filter((d) => !(d.isDirectory() && SKIPPED_DIRS.has(d.name)))
    .flatMap((d) => sourceFiles(root, path.join(entry, d.name)))
    .sort();
}

/** sha256 over every source file's path and content: any edit, new or removed file gives a new key. */
export function sourceKey(root = projectRoot): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((s) => sourceFiles(root, s))) {
    hash.update(file.split(path.sep).join('/')).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

/**
 * The cached entry `name` (a file or a folder), made by `make(into)` when missing. `make` writes a temporary
 * sibling that is renamed into place, so a reader never sees half an entry and two runtimes starting at once
 * both end up with one whole entry. Each use marks the entry, and entries of other keys are pruned (see below).
 */
export async function cached(name: string, make: (into: string) => Promise<void>): Promise<{ path: string; hit: boolean }> {
  const root = writableRoot();
  const target = path.join(root, name);
  if (existsSync(target)) {
    try {
      const now = new Date();
      utimesSync(target, now, now);
      return { path: target, hit: true };
    } catch {
      // Pruned by another runtime between the two calls: make it again.
    }
  }
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await make(temp);
    try {
      renameSync(temp, target);
    } catch (error) {
      // Another runtime put the same entry in place first: theirs is as good as ours.
      if (!existsSync(target)) throw error;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  prune(root, keyOf(name));
  return { path: target, hit: false };
}

/** node_modules/.cache, or the system's temp folder where node_modules is read-only. */
function writableRoot(): string {
  const preferred = buildCacheRoot();
  try {
    mkdirSync(preferred, { recursive: true });
    accessSync(preferred, constants.W_OK);
    return preferred;
  } catch {
    const fallback = path.join(tmpdir(), `award-local-cache-${process.getuid?.() ?? 'user'}`);
    mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}

const keyOf = (name: string): string | undefined => /-([0-9a-f]{20})(\.json)?$/.exec(name)?.[1];

/**
 * Keeps the five most recently used keys, and any key used within the last hour (a runtime may still be
 * starting its functions from it); a day of edits would otherwise leave a set of bundles per edit.
 */
function prune(root: string, current: string | undefined): void {
  const lastUse = new Map<string, number>();
  for (const entry of readdirSync(root)) {
    const key = keyOf(entry);
    if (!key) continue;
    try {
      lastUse.set(key, Math.max(lastUse.get(key) ?? 0, statSync(path.join(root, entry)).mtimeMs));
    } catch {
      // Removed meanwhile by another runtime.
    }
  }
  const hourAgo = Date.now() - 3600_000;
  const stale = [...lastUse].sort((a, b) => b[1] - a[1]).slice(5).filter(([key, used]) => key !== current && used < hourAgo).map(([key]) => key);
  for (const entry of readdirSync(root)) {
    const key = keyOf(entry);
    if (key && stale.includes(key)) rmSync(path.join(root, entry), { recursive: true, force: true });
  }
}
