/**
 * `npm run bench -- start`: how long `npm start` takes to be ready on this machine — wall clock from spawning
 * the process to the printed "ready" banner: on a fresh state directory with an empty build cache (synth,
 * bundle, tables, seed — a fresh clone, or the first start after a source edit), on a fresh state directory
 * with the build cache left by that start, and again on the same state (resume). Prints figures; asserts
 * nothing (the machine is shared and noisy).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '#local/emulators/support';
import { projectRoot } from '../infra/paths.ts';

async function startOnce(stateDir: string, port: number, buildCache: string): Promise<{ wallMs: number; reportedMs: number; bannerMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), LOCAL_STATE_DIR: stateDir, LOCAL_BUILD_CACHE: buildCache },
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
  console.log(`npm start readiness, ${rounds} rounds (fresh state and empty build cache; fresh state, cache kept; resumed on the same state)`);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  for (let i = 0; i < rounds; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-start-'));
    const port = await freePort();
    try {
      const cold = await startOnce(path.join(dir, 'cold'), port, path.join(dir, 'cache'));
      const fresh = await startOnce(path.join(dir, 'state'), port, path.join(dir, 'cache'));
      const resumed = await startOnce(path.join(dir, 'state'), port, path.join(dir, 'cache'));
      console.log(
        `  round ${i + 1}: empty cache: serving after ${seconds(cold.wallMs)} (seeded at ${seconds(cold.bannerMs)})` +
          ` · cache kept: serving after ${seconds(fresh.wallMs)} (seeded at ${seconds(fresh.bannerMs)})` +
          ` · resumed: serving after ${seconds(resumed.wallMs)} (self-reported ${seconds(resumed.reportedMs)})`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
