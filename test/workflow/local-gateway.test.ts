import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { baseUrl } from './support.ts';

/** Every local address a listening TCP socket on `port` is bound to, read from the kernel (/proc/net/tcp, tcp6). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // st 0A = LISTEN
      .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A')
      .map((f) => {
        const hex = f[1]!.split(':')[0]!;
        return hex.length === 8 ? hex.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.') : `ipv6:${hex}`;
      }),
  );
}

const refused = (host: string, port: number) =>
  new Promise<string>((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('timeout', () => (socket.destroy(), resolve('timeout')));
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });

describe('the local gateway', () => {
  it('listens on loopback only, so its demo sign-in (/_local/token) is not offered to the network', async () => {
    const port = Number(new URL(baseUrl).port);
    expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
    // And from this machine's own network addresses, nothing answers.
    const external = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4').map((a) => a!.address);
    for (const address of external) expect(await refused(address, port), address).toBe('ECONNREFUSED');
  });
});

/** A raw request, so the Host and Origin headers are exactly the ones a rebinding or cross-site page would send. */
function rawRequest(port: number, path: string, headers: Record<string, string>, method = 'POST', body = '{"userId":"admin"}'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : body);
  });
}

describe('the local gateway against other sites', () => {
  it('answers only requests addressed to a loopback name (no DNS rebinding), and gives its demo sign-in to no other origin', async () => {
    const port = Number(new URL(baseUrl).port);
    // A rebound name reaching 127.0.0.1: refused before anything runs
    const rebound = await rawRequest(port, '/_local/token', { host: `attacker.example:${port}` });
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('token":"ey');
    expect((await rawRequest(port, '/api/health', { host: `attacker.example:${port}` }, 'GET')).status).toBe(421);
    // Another site's page posting to localhost (its Origin says so), or a sandboxed one (Origin: null)
    for (const origin of ['http://attacker.example', 'null']) {
      const foreign = await rawRequest(port, '/_local/token', { host: `localhost:${port}`, origin, 'content-type': 'text/plain' });
      expect(foreign.status, origin).toBe(403);
      expect(foreign.body).not.toContain('token":"ey');
    }
    // The web app itself (same origin) and curl (no Origin) still sign in
    expect((await rawRequest(port, '/_local/token', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await rawRequest(port, '/_local/token', { host: `127.0.0.1:${port}` })).status).toBe(200);
  });
});
