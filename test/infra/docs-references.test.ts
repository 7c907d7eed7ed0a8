import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every `§` citation of a project document must lead somewhere: the file it names exists in the repository and has
 * a heading with that section number (docs/architecture.md and docs/domain.md number theirs `## §n …`). A citation
 * of the team handbook by its bare name, which whoever clones the repository cannot follow, is refused too.
 * Citations of outside texts (a PDF specification's §7.5.8.3) name no `.md` file and are left alone.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where citations may be written; a folder that does not exist (yet, or any more) is skipped. */
const scanned = ['shared', 'functions', 'infra', 'local', 'web/src', 'test', 'bench', 'scripts', 'docs', 'README.md', 'SECURITY.md'];
const textFile = /\.(ts|mts|mjs|js|md|html|css|json)$/;

function filesUnder(rel: string): string[] {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [rel];
  return readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const child = path.posix.join(rel, e.name);
    return e.isDirectory() ? filesUnder(child) : textFile.test(e.name) ? [child] : [];
  });
}

interface Citation {
  readonly from: string;
  readonly line: number;
  /** The document as written (`docs/domain.md`), or the citing document itself for a bare `§n` inside docs/. */
  readonly document: string;
  readonly section: number;
}

// A document path, then one or more section numbers: "§5", "§3, §5", "§3–§5", "§2 and §7", "§5 / §10".
const cited = /([\w./-]+\.md)((?:\s*(?:,|and|or|to|–|-|\/)?\s*§\s*\d+)+)/g;
const sectionNumber = /§\s*(\d+)/g;
// A handbook name without the file, then a section sign (a comment may wrap between the two).
const handbookName = /\b(?:DOMAIN|ARCHITECTURE)(?:\.md)?\s*(?:\*\s*)?§/g;

/** The citations in one file's text, with the problems that need no other file to see. */
function citationsIn(from: string, text: string): { citations: Citation[]; bare: string[] } {
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const citations: Citation[] = [];
  const taken = new Set<number>();
  for (const m of text.matchAll(cited)) {
    for (const s of m[2]!.matchAll(sectionNumber)) {
      const at = m.index + m[1]!.length + s.index;
      taken.add(at);
      citations.push({ from, line: lineOf(at), document: m[1]!, section: Number(s[1]) });
    }
  }
  // Inside a numbered document, a bare "§n" is a reference to its own sections.
  if (from.startsWith('docs/') && from.endsWith('.md')) {
    for (const s of text.matchAll(sectionNumber)) {
      if (!taken.has(s.index)) citations.push({ from, line: lineOf(s.index), document: path.posix.basename(from), section: Number(s[1]) });
    }
  }
  const bare = [...text.matchAll(handbookName)].map((m) => `${from}:${lineOf(m.index)}: ${m[0].replace(/\s+/g, ' ')}`);
  return { citations, bare };
}

/** The file a citation names: beside the citing file, else from the repository's root. */
function resolveDocument(c: Citation): string | undefined {
  for (const candidate of [path.posix.join(path.posix.dirname(c.from), c.document), path.posix.normalize(c.document)]) {
    if (existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile()) return candidate;
  }
  return undefined;
}

const headingsCache = new Map<string, Set<number>>();
function sectionHeadings(document: string): Set<number> {
  let found = headingsCache.get(document);
  if (!found) {
    const text = readFileSync(path.join(root, document), 'utf8');
    found = new Set([...text.matchAll(/^#{1,6}\s*§\s*(\d+)\b/gm)].map((m) => Number(m[1])));
    headingsCache.set(document, found);
  }
  return found;
}

/** Every citation that leads nowhere, as `file:line: what is wrong`. */
function brokenCitations(files: readonly string[]): { broken: string[]; bare: string[]; count: number } {
  const broken: string[] = [];
  const bare: string[] = [];
  let count = 0;
  for (const file of files) {
    const found = citationsIn(file, readFileSync(path.join(root, file), 'utf8'));
    bare.push(...found.bare);
    for (const c of found.citations) {
      count += 1;
      const document = resolveDocument(c);
      if (!document) broken.push(`${c.from}:${c.line}: ${c.document} §${c.section} — no such file`);
      else if (!sectionHeadings(document).has(c.section)) broken.push(`${c.from}:${c.line}: ${c.document} §${c.section} — ${document} has no heading §${c.section}`);
    }
  }
  return { broken, bare, count };
}

describe('§ citations in code, tests and docs', () => {
  const files = scanned.flatMap(filesUnder);

  it('name a file of the repository and a section that file has a heading for', () => {
    // Prepare / Act
    const { broken, count } = brokenCitations(files);
    // Assess: the tree cites the docs a lot; none of it leads nowhere.
    expect(count).toBeGreaterThan(40);
    expect(broken).toEqual([]);
  });

  it('never cite the team handbook by its bare name (the repository has docs/domain.md and docs/architecture.md)', () => {
    expect(brokenCitations(files).bare).toEqual([]);
  });

  it('finds the citations it must judge, in every form the code writes them', () => {
    // Prepare: the file names are split so that this file's own text holds no citation.
    const domain = 'docs/domain' + '.md';
    const text = [
      `// one (${domain} §3, §5) and a range (${domain} §3–§5), two joined (${domain} §2 and §7)`,
      ` * wrapped: (${'DOM' + 'AIN'}`,
      ` * §5) and ${'ARCHI' + 'TECTURE'} §2, a spec's own numbering (PDF 32000 §7.5.8.3)`,
    ].join('\n');
    // Act
    const { citations, bare } = citationsIn('shared/domain/x.ts', text);
    // Assess
    expect(citations.map((c) => c.section)).toEqual([3, 5, 3, 5, 2, 7]);
    expect(bare).toHaveLength(2);
  });

  it('refuses a citation of a missing file or of a section without a heading', () => {
    const cite = (document: string, section: number) => citationsIn('test/x.ts', `(${document} §${section})`).citations[0]!;
    const missingFile = cite('docs/no-such' + '.md', 1);
    const missingSection = cite('docs/domain' + '.md', 99);
    const present = cite('docs/domain' + '.md', 5);
    expect(resolveDocument(missingFile)).toBeUndefined();
    expect(sectionHeadings(resolveDocument(missingSection)!).has(99)).toBe(false);
    expect(sectionHeadings(resolveDocument(present)!).has(5)).toBe(true);
  });
});
