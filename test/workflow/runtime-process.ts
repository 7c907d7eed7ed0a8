import { type ChildProcess, spawn } from 'node:child_process';

/** Every runtime a test started: all are killed at the end, whatever the test did (none may outlive it). */
export const started = new Set<ChildProcess>();

/**
 * `npm start` (with `args`, e.g. `--no-seed`) on a state folder of its own, as a separate process tree, so a
 * test can stop it cleanly or kill it the hard way, and start it again on the same state.
 */
export function start(port: number, stateDir: string, args: readonly string[] = []): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts', ...args], {
    env: { ...process.env, PORT: String(port), LOCAL_STATE_DIR: stateDir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not become ready:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready in [\d.]+ s since/.test(output) && /Ctrl\+C/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
}

/** SIGKILL the whole process group (Node, DynamoDB Local's JVM, the emulators): no clean shutdown at all. */
export const killHard = (child: ChildProcess): Promise<void> => signalGroup(child, 'SIGKILL');

/** A clean stop (SIGTERM): the runtime stops its emulators and keeps its state. */
export const stop = (child: ChildProcess): Promise<void> => signalGroup(child, 'SIGTERM');

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    process.kill(-(child.pid ?? 0), signal);
  });
}

