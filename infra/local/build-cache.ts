import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.ts';

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
 * both end up with one whole entry. Entries of other keys older than a day are removed on the way.
 */
export async function cached(name: string, make: (into: string) => Promise<void>): Promise<{ path: string; hit: boolean }> {
  const root = buildCacheRoot();
  const target = path.join(root, name);
  if (existsSync(target)) return { path: target, hit: true };
  mkdirSync(root, { recursive: true });
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
  prune(root, name);
  return { path: target, hit: false };
}

function prune(root: string, keep: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const entry of readdirSync(root)) {
    const full = path.join(root, entry);
    if (entry === keep) continue;
    try {
      if (statSync(full).mtimeMs < dayAgo) rmSync(full, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another runtime.
    }
  }
}
