import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AwardWorkflowStack, defaultStackProps } from '#infra/stack';
import { cached, sourceKey } from '#local/build-cache';
import { APP_URL_PLACEHOLDER, LOCAL_ACCOUNT, LOCAL_REGION, withAppUrl } from '#local/template';
import { withScratchApp } from '../support/synth.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'build-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The stack as local/synth-main.ts synthesizes it, in this process. */
function localTemplateText(appUrl: string): string {
  return withScratchApp(
    (app) => {
      const stack = new AwardWorkflowStack(app, 'Local', { ...defaultStackProps, retainData: false, appUrl, env: { region: LOCAL_REGION, account: LOCAL_ACCOUNT } });
      return JSON.stringify(app.synth().getStackByName(stack.stackName).template);
    },
    { context: { 'aws:cdk:bundling-stacks': [] } },
  );
}

describe('the local build cache', () => {
  it('keys the sources: an edit, a new file or a removed one changes the key; node_modules and cdk.out do not', () => {
    // Prepare: a small project tree
    const root = path.join(scratch, 'tree');
    mkdirSync(path.join(root, 'functions', 'a'), { recursive: true });
    mkdirSync(path.join(root, 'shared', 'node_modules', 'x'), { recursive: true });
    mkdirSync(path.join(root, 'infra', 'cdk.out'), { recursive: true });
    writeFileSync(path.join(root, 'functions', 'a', 'handler.ts'), 'export const handler = 1;');
    writeFileSync(path.join(root, 'package-lock.json'), '{}');
    const key = sourceKey(root);

    // Act and assess
    expect(sourceKey(root)).toBe(key);
    writeFileSync(path.join(root, 'shared', 'node_modules', 'x', 'index.js'), 'ignored');
    writeFileSync(path.join(root, 'infra', 'cdk.out', 'Local.template.json'), 'ignored');
    writeFileSync(path.join(root, 'README.md'), 'not a source');
    expect(sourceKey(root)).toBe(key);
    writeFileSync(path.join(root, 'functions', 'a', 'handler.ts'), 'export const handler = 2;');
    const edited = sourceKey(root);
    expect(edited).not.toBe(key);
    writeFileSync(path.join(root, 'shared', 'b.ts'), '');
    const added = sourceKey(root);
    expect(added).not.toBe(edited);
    rmSync(path.join(root, 'shared', 'b.ts'));
    expect(sourceKey(root)).toBe(edited);
    writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    expect(sourceKey(root)).not.toBe(edited);
  });

  it('makes an entry once and then reuses it, and a failed make leaves nothing behind', async () => {
    process.env.LOCAL_BUILD_CACHE = path.join(scratch, 'cache');
    try {
      let made = 0;
      const make = async (into: string) => {
        made += 1;
        writeFileSync(into, `made ${made}`);
      };
      const first = await cached('entry-1', make);
      const second = await cached('entry-1', make);
      expect([first.hit, second.hit, made]).toEqual([false, true, 1]);
      expect(readFileSync(second.path, 'utf8')).toBe('made 1');

      await expect(cached('entry-2', async (into) => {
        writeFileSync(into, 'half');
        throw new Error('esbuild failed');
      })).rejects.toThrow('esbuild failed');
      expect(readdirSync(process.env.LOCAL_BUILD_CACHE)).toEqual(['entry-1']);
      expect(existsSync(path.join(process.env.LOCAL_BUILD_CACHE, 'entry-2'))).toBe(false);
    } finally {
      delete process.env.LOCAL_BUILD_CACHE;
    }
  });

  it('keeps the five most recently used keys (a use counts, not only the making) and drops older ones', async () => {
    const root = (process.env.LOCAL_BUILD_CACHE = path.join(scratch, 'pruned'));
    try {
      // Prepare: seven keys, last used 2 to 8 hours ago (k0 the longest ago), each with a template and bundles
      mkdirSync(root, { recursive: true });
      const keys = Array.from({ length: 7 }, (_, i) => String(i).repeat(20));
      keys.forEach((key, i) => {
        mkdirSync(path.join(root, `bundles-${key}`));
        writeFileSync(path.join(root, `template-${key}.json`), '{}');
        const used = new Date(Date.now() - (8 - i) * 3600_000);
        for (const entry of [`bundles-${key}`, `template-${key}.json`]) utimesSync(path.join(root, entry), used, used);
      });
      // k0 is used again now; a new key is made.
      expect((await cached(`template-${keys[0]}.json`, async () => {})).hit).toBe(true);
      await cached(`template-${'a'.repeat(20)}.json`, async (into) => writeFileSync(into, '{}'));

      // Assess: the new key, k0 and the three most recent of the rest stay (their files together); k1–k3 go
      const left = new Set(readdirSync(root).map((entry) => /-(\w{20})/.exec(entry)?.[1]));
      expect([...left].sort()).toEqual(['0'.repeat(20), '4'.repeat(20), '5'.repeat(20), '6'.repeat(20), 'a'.repeat(20)]);
      expect(existsSync(path.join(root, `bundles-${keys[5]}`))).toBe(true);
      expect(existsSync(path.join(root, `bundles-${keys[2]}`))).toBe(false);
    } finally {
      delete process.env.LOCAL_BUILD_CACHE;
    }
  });

  it('gives, from the template synthesized with the placeholder, exactly the template of the real app URL', () => {
    const appUrl = 'http://localhost:43219';
    const fromPlaceholder = withAppUrl(localTemplateText(APP_URL_PLACEHOLDER), appUrl);
    const direct = JSON.parse(localTemplateText(appUrl)) as unknown;
    expect(JSON.stringify(fromPlaceholder)).toContain(appUrl);
    expect(JSON.stringify(fromPlaceholder)).not.toContain('placeholder');
    expect(fromPlaceholder).toEqual(direct);
  });
});
