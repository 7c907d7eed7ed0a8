import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFunction, LocalFunctions } from '#local/functions';

/**
 * The local runtime hosts every function in one worker thread (lambda-host.mjs). These functions are small
 * stand-in modules; what is under test is that each still behaves as in its own Lambda sandbox.
 */
describe('local Lambda host', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lambda-host-'));
  const logFile = path.join(dir, 'logs', 'functions.log');
  const modules: Record<string, string> = {
    // What the function sees of the environment at init and after an await (other invocations run meanwhile).
    'env.mjs': `
      const atInit = process.env.WHO;
      export const handler = async (event) => {
        await new Promise((r) => setTimeout(r, event.wait ?? 0));
        return { atInit, now: process.env.WHO, onlyB: process.env.ONLY_B ?? null, hasOnlyB: 'ONLY_B' in process.env, shared: process.env.SHARED };
      };`,
    'count.mjs': `
      let calls = 0;
      export const handler = async (event) => {
        calls += 1;
        if (event.wait) await new Promise((r) => setTimeout(r, event.wait));
        return calls;
      };`,
    'spin.mjs': `export const handler = async () => { for (;;); };`,
    'print.mjs': `
      export const handler = async () => {
        console.log('một dòng từ print');
        process.stderr.write('an error line\\n');
        return 'printed';
      };`,
    // A promise nobody awaits rejects, or a timer throws, while the invocation waits.
    'floating.mjs': `
      let calls = 0;
      export const handler = async (event) => {
        calls += 1;
        if (event.reject) Promise.reject(new Error('yikes'));
        if (event.throwInTimer) setTimeout(() => { throw new RangeError('thrown in a timer'); }, 5);
        await new Promise((r) => setTimeout(r, event.wait ?? 0));
        return calls;
      };`,
    'flaky-init.mjs': `
      if (!globalThis.flakyInitFailedOnce) {
        globalThis.flakyInitFailedOnce = true;
        throw new TypeError('init failed once');
      }
      export const handler = async () => 'initialised';`,
  };
  for (const [file, source] of Object.entries(modules)) writeFileSync(path.join(dir, file), source);

  const bundles = new Map<string, string>();
  const fn = (logicalId: string, file: string, environment: Record<string, string> = {}, timeoutMs = 10_000): LocalFunction => {
    bundles.set(`functions/${logicalId}/handler.ts`, path.join(dir, file));
    return {
    logicalId,
    arn: `arn:aws:lambda:ap-southeast-1:000000000000:function:${logicalId}`,
    entry: `functions/${logicalId}/handler.ts`,
    environment,
    timeoutMs,
    memoryMb: 128,
    };
  };
  const template = [
    fn('EnvA', 'env.mjs', { WHO: 'a' }),
    fn('EnvB', 'env.mjs', { WHO: 'b', ONLY_B: 'secret of b' }),
    fn('CountOne', 'count.mjs'),
    fn('CountTwo', 'count.mjs'),
    fn('Slow', 'count.mjs', {}, 300),
    fn('Spin', 'spin.mjs', {}, 300),
    fn('Print', 'print.mjs'),
    fn('FlakyInit', 'flaky-init.mjs'),
    fn('Floating', 'floating.mjs'),
  ];
  let functions: LocalFunctions;

  beforeAll(() => {
    functions = new LocalFunctions(template, { SHARED: 'for all' }, undefined, logFile, true);
    functions.useBundles(bundles);
  });
  afterAll(async () => {
    await functions.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives each function only its own environment, at init and across awaits, while another runs', async () => {
    const [a, b] = await Promise.all([functions.invoke('EnvA', { wait: 50 }), functions.invoke('EnvB', { wait: 10 })]);
    expect(a).toEqual({ atInit: 'a', now: 'a', onlyB: null, hasOnlyB: false, shared: 'for all' });
    expect(b).toEqual({ atInit: 'b', now: 'b', onlyB: 'secret of b', hasOnlyB: true, shared: 'for all' });
  });

  it('keeps module state per function and across warm invocations, even for the same code', async () => {
    expect(await functions.invoke('CountOne', {})).toBe(1);
    expect(await functions.invoke('CountOne', {})).toBe(2);
    expect(await functions.invoke('CountTwo', {})).toBe(1);
  });

  it('discards a sandbox that timed out: the next invocation starts from a fresh module', async () => {
    expect(await functions.invoke('Slow', {})).toBe(1);
    await expect(functions.invoke('Slow', { wait: 1000 })).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    expect(await functions.invoke('Slow', {})).toBe(1);
  });

  it('replaces a host that a timed-out function holds, failing what ran in it, and serves the next call', async () => {
    const stuck = functions.invoke('Spin', {});
    const bystander = functions.invoke('CountOne', { wait: 60_000 });
    await expect(stuck).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    await expect(bystander).rejects.toMatchObject({ name: 'Runtime.ExitError' });
    // A new host: module state starts again.
    expect(await functions.invoke('CountOne', {})).toBe(1);
  }, 20_000);

  it("writes each function's output to the log under its own name", async () => {
    expect(await functions.invoke('Print', {})).toBe('printed');
    await expect.poll(() => readFileSync(logFile, 'utf8'), { timeout: 5000 }).toContain('Print an error line');
    expect(readFileSync(logFile, 'utf8')).toContain('Print một dòng từ print');
  });

  it("ends only the sandbox of an error nobody caught, as Lambda's runtime does, and the other functions go on", async () => {
    expect(await functions.invoke('Floating', {})).toBe(1);
    const callsBefore = (await functions.invoke('CountTwo', {})) as number;
    const bystander = functions.invoke('CountTwo', { wait: 300 });
    await expect(functions.invoke('Floating', { reject: true, wait: 1000 })).rejects.toMatchObject({ name: 'Runtime.UnhandledPromiseRejection', message: 'Error: yikes' });
    // A fresh sandbox: the module's state starts again.
    expect(await functions.invoke('Floating', {})).toBe(1);
    await expect(functions.invoke('Floating', { throwInTimer: true, wait: 1000 })).rejects.toMatchObject({ name: 'RangeError', message: 'thrown in a timer' });
    expect(await functions.invoke('Floating', {})).toBe(1);
    // The host was not replaced: the other function kept its sandbox and its state.
    expect(await bystander).toBe(callsBefore + 1);
    await expect.poll(() => readFileSync(logFile, 'utf8'), { timeout: 5000 }).toContain('Floating Runtime.UnhandledPromiseRejection: Error: yikes');
  });

  it('starts a fresh sandbox after a failed init, as Lambda does', async () => {
    await expect(functions.invoke('FlakyInit', {})).rejects.toMatchObject({ name: 'TypeError', message: 'init failed once' });
    expect(await functions.invoke('FlakyInit', {})).toBe('initialised');
  });
});
