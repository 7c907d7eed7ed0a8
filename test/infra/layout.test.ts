import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '#infra/paths';

/** The repository's rooms (issue 27): infra/ is the CDK app, local/ the local runtime, scripts/ the generators. */
const tracked = (dir: string, ext = /\.(ts|mjs)$/): string[] =>
  readdirSync(path.join(projectRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(dir, f));
const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');
const specifiers = (file: string) =>
  [...read(file).matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'|import\('([^']+)'\)/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);

const aliases: Record<string, string> = {
  '#domain/': 'shared/domain/',
  '#adapters/': 'shared/adapters/',
  '#http/': 'shared/http/',
  '#schemas/': 'shared/schemas/',
  '#infra/': 'infra/',
  '#local/': 'local/',
};
/** The repository file an import names, or undefined for a package. */
const resolve = (from: string, spec: string): string | undefined => {
  const alias = Object.keys(aliases).find((a) => spec.startsWith(a));
  if (alias) return `${aliases[alias]}${spec.slice(alias.length)}.ts`;
  return spec.startsWith('.') ? path.join(path.dirname(from), spec) : undefined;
};

describe('the layout: each room holds what its name says', () => {
  it('infra/ holds only the CDK app: every file there is reached from infra/bin/app.ts', () => {
    // Prepare: follow the app's imports, plus the esbuild alias bundling.ts names by path
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const spec of specifiers(file)) {
        const next = resolve(file, spec);
        if (next?.startsWith('infra/')) visit(next);
      }
    };
    visit('infra/bin/app.ts');
    for (const [, named] of read('infra/bundling.ts').matchAll(/'\.\/(infra\/[^']+\.ts)'/g)) reached.add(named!);
    // Act
    const stray = tracked('infra').filter((f) => !reached.has(f));
    // Assess
    expect(reached.size).toBeGreaterThan(10);
    expect(stray).toEqual([]);
  });

  it('the deployed code (infra/, functions/, shared/) imports nothing from local/, scripts/, test/ or bench/', () => {
    const offending = ['infra', 'functions', 'shared'].flatMap((dir) => tracked(dir)).flatMap((f) =>
      specifiers(f)
        .map((s) => resolve(f, s))
        .filter((r): r is string => r !== undefined && /^(local|scripts|test|bench)\//.test(path.normalize(r)))
        .map((r) => `${f} → ${r}`),
    );
    expect(offending).toEqual([]);
  });

  it('functions/ and shared/ import nothing from infra/: the CDK app is not part of a Lambda bundle', () => {
    const offending = ['functions', 'shared'].flatMap((dir) => tracked(dir)).flatMap((f) =>
      specifiers(f)
        .map((s) => resolve(f, s))
        .filter((r): r is string => r !== undefined && path.normalize(r).startsWith('infra/'))
        .map((r) => `${f} → ${r}`),
    );
    expect(offending).toEqual([]);
  });

  it('the local runtime imports no generator from scripts/', () => {
    const offending = tracked('local').flatMap((f) =>
      specifiers(f)
        .map((s) => resolve(f, s))
        .filter((r): r is string => r !== undefined && path.normalize(r).startsWith('scripts/'))
        .map((r) => `${f} → ${r}`),
    );
    expect(offending).toEqual([]);
  });

  it('no source file runs over 500 lines unless its first line says why (// Long because: …)', () => {
    const long = ['infra', 'local', 'functions', 'shared', 'scripts', 'web/src', 'bench', 'test']
      .flatMap((dir) => tracked(dir))
      .filter((f) => {
        const text = read(f);
        return text.split('\n').length > 500 && !text.startsWith('// Long because:');
      });
    expect(long).toEqual([]);
  });
});
