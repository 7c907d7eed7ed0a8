import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertJava, MINIMUM_JAVA_MAJOR } from '#local/emulators/java';
import { freePort, outputTail, waitFor } from '#local/emulators/support';

/** The helpers the local runtime's emulators share: free ports, waiting for a start, output tails, the Java check. */
const root = mkdtempSync(path.join(tmpdir(), 'emulator-support-'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('support helpers', () => {
  it('freePort gives a loopback port that can be bound', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('waitFor returns the first truthy probe value, times out naming the last error, and stops on abort', async () => {
    let calls = 0;
    await expect(waitFor('thing', async () => (++calls >= 3 ? 'ok' : undefined), { timeoutMs: 1_000, intervalMs: 1 })).resolves.toBe('ok');
    await expect(waitFor('thing', () => Promise.reject(new Error('refused')), { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      /thing: not ready after 30 ms \(last error: refused\)/,
    );
    await expect(waitFor('thing', async () => false, { timeoutMs: 5_000, abortReason: () => 'process exited' })).rejects.toThrow('thing: process exited');
  });

  it('outputTail keeps only the end of the output', () => {
    const tail = outputTail(10);
    tail.push('0123456789');
    tail.push(Buffer.from('abcde'));
    expect(tail.text()).toBe('56789abcde');
  });
});

describe('assertJava', () => {
  const withPath = <T>(dir: string, run: () => T): T => {
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      return run();
    } finally {
      process.env.PATH = saved;
    }
  };

  it(`accepts the installed Java (${MINIMUM_JAVA_MAJOR}+)`, () => {
    expect(assertJava()).toBeGreaterThanOrEqual(MINIMUM_JAVA_MAJOR);
  });

  it('fails with install instructions when java is missing', () => {
    const empty = path.join(root, 'no-java');
    mkdirSync(empty, { recursive: true });
    expect(() => withPath(empty, assertJava)).toThrow(/apt-get install -y default-jre-headless/);
  });

  it('fails with install instructions when java is older than 17', () => {
    const bin = path.join(root, 'old-java');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'java'), '#!/bin/sh\necho \'openjdk version "11.0.22" 2024-01-16\' >&2\n');
    chmodSync(path.join(bin, 'java'), 0o755);
    expect(() => withPath(`${bin}:/bin:/usr/bin`, assertJava)).toThrow(/default-jre-headless[\s\S]*found Java 11/);
  });
});
