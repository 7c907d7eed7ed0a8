import { inject } from 'vitest';

/**
 * The local runtime this test file runs against. The global setup starts one runtime per test worker
 * (test/support/local-runtime-setup.ts), and a worker runs its workflow files one at a time: a file has its
 * runtime to itself (faults it arms, schedules it runs), while the other worker's files run beside it on another.
 * VITEST_POOL_ID numbers the workers from 1.
 */
const runtimes = inject('runtimes');
const poolId = Number(process.env.VITEST_POOL_ID ?? '1');
const chosen = runtimes[(poolId - 1) % runtimes.length];
if (!chosen) throw new Error(`no local runtime for test worker ${poolId} (${runtimes.length} started)`);
export const runtime = chosen;
