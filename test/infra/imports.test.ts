import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '#infra/paths';

const sources = (dir: string): string[] =>
  readdirSync(path.join(projectRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
const importsOf = (file: string) => [...readFileSync(path.join(projectRoot, file), 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);

describe('import rules that keep the core pure and the bundles small', () => {
  it('the domain core imports no AWS SDK, middy or Node I/O', () => {
    const offending = sources('shared/domain').flatMap((f) => importsOf(f).filter((i) => /^@aws-sdk\/|^@middy\/|^node:(fs|net|http)/.test(i!)).map((i) => `${f}: ${i}`));
    expect(offending).toEqual([]);
  });

  it('handlers import their own input schema module, not the index that builds every schema', () => {
    const handlers = sources('functions');
    expect(handlers.length).toBeGreaterThan(20);
    const offending = handlers.flatMap((f) => importsOf(f).filter((i) => i === '#schemas/api').map(() => f));
    expect(offending).toEqual([]);
  });

  it('handlers read no AWS SDK error names: an adapter turns them into domain errors or answers', () => {
    const offending = sources('functions').filter((f) => /\.name\s*[!=]==\s*'[A-Za-z]+(Exception|Exists|Error)'/.test(readFileSync(path.join(projectRoot, f), 'utf8')));
    expect(offending).toEqual([]);
  });

  it('only the document verification and the document renderer bundle pdf-lib (~430 KB minified), and only the renderer the DOCX library and the font', () => {
    // Prepare: follow each handler's own imports (#domain, #adapters, #http, #schemas and relative paths)
    const aliases: Record<string, string> = { '#domain/': 'shared/domain/', '#adapters/': 'shared/adapters/', '#http/': 'shared/http/', '#schemas/': 'shared/schemas/' };
    const local = (from: string, spec: string): string | undefined => {
      const alias = Object.keys(aliases).find((a) => spec.startsWith(a));
      if (alias) return `${aliases[alias]}${spec.slice(alias.length)}.ts`;
      return spec.startsWith('.') ? path.join(path.dirname(from), spec) : undefined;
    };
    const reaches = (file: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(file)) return seen;
      seen.add(file);
      for (const spec of importsOf(file)) {
        const next = local(file, spec!);
        if (next) reaches(next, seen);
        else seen.add(spec!);
      }
      return seen;
    };
    // Act
    const handlers = sources('functions').filter((f) => f.endsWith('handler.ts'));
    const withPdfLib = handlers.filter((f) => reaches(f).has('pdf-lib'));
    const withRenderers = handlers.filter((f) => [...reaches(f)].some((i) => i === 'docx' || i === '@pdf-lib/fontkit' || i.endsWith('.ttf')));
    // Assess
    expect(withPdfLib.sort()).toEqual([path.join('functions', 'render-documents', 'handler.ts'), path.join('functions', 'verify-document', 'handler.ts')]);
    expect(withRenderers).toEqual([path.join('functions', 'render-documents', 'handler.ts')]);
  });
});
