import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { WorkflowRuntime } from '../support/local-runtime-setup.ts';

/**
 * The local runtime this test worker runs its files against. The global setup starts one runtime per test worker
 * (test/support/local-runtime-setup.ts), and each worker claims one that no other worker holds, for as long as it
 * lives: the workflow files share their worker's module cache (vitest.config.ts), so this module runs once per
 * worker, and every file the worker takes has that runtime to itself (faults it arms, schedules it runs) while the
 * other worker's file runs beside it on another.
 *
 * The claim is a file in the runtime's state directory holding the claimant's process id, made only if absent
 * (O_EXCL) and given back when the worker exits; a claim whose process is gone is taken over. Not VITEST_POOL_ID:
 * once the test projects run in groups, vitest 4.1 numbers every worker of a later group 1, and two files ran on one
 * runtime at once (a fault armed by one answered the other's request).
 */
const runtimes = inject('runtimes');
const claimFile = (r: WorkflowRuntime) => path.join(r.stateDir, '.claimed-by-pid');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function tryClaim(r: WorkflowRuntime): boolean {
  try {
    const fd = openSync(claimFile(r), 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // An empty file is a claim being written: held. A claim of a process that ended without giving it back is free.
  const holder = Number.parseInt(holderOf(r) ?? '', 10);
  if (Number.isInteger(holder) && !alive(holder)) rmSync(claimFile(r), { force: true });
  return false;
}

/** Who holds the runtime's claim; undefined when nobody does (it may be given back between two reads). */
function holderOf(r: WorkflowRuntime): string | undefined {
  try {
    return readFileSync(claimFile(r), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function claim(): Promise<WorkflowRuntime> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    const free = runtimes.find(tryClaim);
    if (free) return free;
    if (Date.now() > deadline) {
      const holders = runtimes.map((r) => holderOf(r) ?? 'none');
      throw new Error(`no local runtime came free in 20 minutes (${runtimes.length} started, held by processes ${holders.join(', ')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const runtime = await claim();

function release(): void {
  if (holderOf(runtime) === String(process.pid)) rmSync(claimFile(runtime), { force: true });
}
process.on('exit', release);
