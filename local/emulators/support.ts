import type { Server as HttpServer } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** Loopback only: the emulators hold unauthenticated data and must not be reachable from the network. */
export const LOOPBACK = '127.0.0.1';

/** A name or address that only this machine reaches. */
export const isLoopbackHost = (h: string): boolean => h === 'localhost' || h === '::1' || h === '[::1]' || /^127\./.test(h);

/**
 * Asks the OS for a free loopback port, for servers that cannot bind port 0 themselves and report it back.
 * Another process may grab it before the caller binds, so callers retry on "address in use".
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('Could not pick a free port'))));
    });
  });
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Checked between attempts; a message stops the wait early (e.g. the server process died). */
  readonly abortReason?: () => string | undefined;
}

/**
 * Polls `probe` until it resolves truthy, with a deadline; the last probe error is kept for the timeout
 * message so a failed start says why.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const aborted = options.abortReason?.();
    if (aborted) throw new Error(`${what}: ${aborted}`);
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${what}: not ready after ${options.timeoutMs} ms${detail}`);
    }
    await delay(options.intervalMs ?? 50);
  }
}

/** Keeps the tail of a child's output so a failed start can show what the process printed. */
export function outputTail(limit = 4000): { push(chunk: Buffer | string): void; text(): string } {
  let buffer = '';
  return {
    push(chunk) {
      buffer = (buffer + chunk.toString()).slice(-limit);
    },
    text: () => buffer.trim(),
  };
}

/** Starts `server` on a loopback port (0: any free one); its endpoint, and a close that drops keep-alive sockets too. */
export async function serveOnLoopback(server: HttpServer, port = 0): Promise<{ endpoint: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://${LOOPBACK}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
