/**
 * `npm run bench -- start`: how long `npm start` takes to be ready on this machine — wall clock from spawning
 * the process to the printed "ready" banner, on a fresh state directory (synth, bundle, tables, seed) and
 * again on the same state (resume). Prints figures; asserts nothing (the machine is shared and noisy).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '#local/emulators/support';
import { projectRoot } from '../infra/paths.ts';

async function startOnce(stateDir: string, port: number): Promise<{ wallMs: number; reportedMs: number; bannerMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), LOCAL_STATE_DIR: stateDir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let serving = 0;
  const reportedMs = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready in ([\d.]+) s since/.exec(output);
      if (match && !serving) serving = performance.now() - started;
      if (match && output.includes('Ctrl+C')) resolve(Number(match[1]) * 1000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}\n${output}`)));
  });
  const bannerMs = performance.now() - started;
  const wallMs = serving;
  await new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    process.kill(-(child.pid ?? 0), 'SIGTERM');
  });
  return { wallMs, reportedMs, bannerMs };
}

export async function benchStart(rounds = 3): Promise<void> {
  console.log(`npm start readiness, ${rounds} rounds (fresh state, then resumed on the same state)`);
  const rows: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-start-'));
    const port = await freePort();
    try {
      const fresh = await startOnce(dir, port);
      const resumed = await startOnce(dir, port);
      rows.push(
        `  round ${i + 1}: fresh: serving after ${(fresh.wallMs / 1000).toFixed(1)} s wall (self-reported ${(fresh.reportedMs / 1000).toFixed(1)} s), demo data seeded at ${(fresh.bannerMs / 1000).toFixed(1)} s` +
          ` · resumed: serving after ${(resumed.wallMs / 1000).toFixed(1)} s wall (self-reported ${(resumed.reportedMs / 1000).toFixed(1)} s)`,
      );
      console.log(rows.at(-1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
