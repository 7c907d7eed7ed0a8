import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy } from '#local/fault-proxy';
import { defaultFaults, FaultInjector } from '#local/faults';

/**
 * The boundary between the functions and an emulator, over real sockets. The upstream here drops the
 * connection of every second request on a kept-alive socket without answering — what an emulator does when
 * it closes an idle pooled connection at the moment the proxy reuses it (found by the throughput benchmark:
 * a presigned upload answered 502).
 */
describe('fault proxy', () => {
  let upstream: Server;
  let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
  const received: string[] = [];

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const socket = req.socket as typeof req.socket & { served?: number };
        socket.served = (socket.served ?? 0) + 1;
        if (socket.served === 2) {
          socket.destroy();
          return;
        }
        received.push(Buffer.concat(chunks).toString());
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`ok ${Buffer.concat(chunks).toString()}`);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as { port: number };
    proxy = await startFaultProxy('s3', `http://127.0.0.1:${port}`, new FaultInjector());
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('sends a request again on a fresh connection when a reused one was closed under it, body and all', async () => {
    const answers: string[] = [];
    for (const body of ['first', 'second', 'third']) {
      const res = await fetch(`${proxy.endpoint}/bucket/key`, { method: 'POST', body });
      expect(res.status).toBe(200);
      answers.push(await res.text());
    }
    expect(answers).toEqual(['ok first', 'ok second', 'ok third']);
    expect(received).toEqual(['first', 'second', 'third']);
  });

  it('still answers an injected fault in the service\'s own error shape without reaching the emulator', async () => {
    const faults = new FaultInjector();
    const { port } = upstream.address() as { port: number };
    const faulty = await startFaultProxy('s3', `http://127.0.0.1:${port}`, faults);
    try {
      faults.arm({ service: 's3', operation: 'PutObject', count: 1, ...defaultFaults.s3 });
      const before = received.length;
      const res = await fetch(`${faulty.endpoint}/bucket/key`, { method: 'PUT', body: 'x' });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('<Code>SlowDown</Code>');
      expect(received.length).toBe(before);
    } finally {
      await faulty.close();
    }
  });
});
