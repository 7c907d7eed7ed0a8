import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig, type Plugin } from 'vitest/config';

// Lambda runs Node 22; tests also run on Node 20, where the AWS SDK prints an upgrade notice on every client.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * One `npm test` runs every project. The workflow files run against local runtimes the global setup starts, one
 * per test worker (test/workflow/runtime.ts): each worker takes its files one at a time, beside the other's.
 */
/** Font files load as their bytes, as esbuild's binary loader gives them to the bundled handlers (infra/bundling.ts). */
const fontBytes: Plugin = {
  name: 'font-bytes',
  enforce: 'pre',
  load(id) {
    if (!id.endsWith('.ttf')) return null;
    return `export default new Uint8Array(Buffer.from(${JSON.stringify(readFileSync(id).toString('base64'))}, 'base64'));`;
  },
};

// Chosen once per run (the config is read again in the workers, which inherit it) and printed to repeat an order.
if (!process.env.TEST_ORDER_SEED) {
  process.env.TEST_ORDER_SEED = String(Date.now() % 1_000_000);
  console.log(`test files in shuffled order, seed ${process.env.TEST_ORDER_SEED} (TEST_ORDER_SEED=${process.env.TEST_ORDER_SEED} repeats it)`);
}
const orderSeed = Number(process.env.TEST_ORDER_SEED);

// Test workers, and so local runtimes for the workflow files (one each): one per core, at most 4 (each runtime is a
// JVM and emulators). TEST_WORKERS=1 runs the workflow files one after another on a single runtime.
const workers = Number(process.env.TEST_WORKERS ?? Math.min(availableParallelism(), 4));

export default defineConfig({
  plugins: [fontBytes],
  test: {
    maxWorkers: workers,
    // Each run takes the files in a new order (the seed is printed; TEST_ORDER_SEED=N repeats one): every file must
    // pass whatever ran before it, on the shared runtime (workflow) or in the shared module cache (unit, infra).
    sequence: { shuffle: { files: true, tests: false }, seed: orderSeed },
    projects: [
      // The unit and infra files share their worker's module cache (`isolate: false`): aws-cdk-lib and the domain
      // load once per worker instead of once per file (04/12/2026: infra alone 67 → 36 s, unit alone 22 → 13 s;
      // both together on a machine loaded by other runs 130/118 → 113/102 s in alternating pairs).
      // They keep no state between files; the shuffled order above would show one that did.
      // Each project runs as a group of its own (`groupOrder`), one after another: shuffled together, a worker that
      // takes a file of another project is replaced, and the module cache with it (04/12/2026, test:fast in
      // alternating runs: 85–95 s mixed, 62–69 s in groups; unit and infra as one group 92–95 s).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, isolate: false, sequence: { groupOrder: 1 } } },
      // Each integration file starts emulators of its own on free ports, so two run side by side (test:fast 102–108 s
      // → 82–92 s in alternating runs, 04/12/2026). They share their worker's module cache too: each stops what it
      // started in afterAll, and the SDK clients and emulator modules load once per worker (integration alone in
      // alternating runs, 04/12/2026 evening: 23.3/25.8 s isolated, 20.5/19.9 s shared; CPU 42/44 → 31/29 s).
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, isolate: false, sequence: { groupOrder: 2 } },
      },
      {
        extends: true,
        test: {
          name: 'workflow',
          include: ['test/workflow/**/*.test.ts'],
          globalSetup: ['test/support/local-runtime-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // expect.poll gives up after 1 s by default: a page's fetch and render can take longer on a loaded 2-core
          // machine (web-lists.test.ts saw an empty list for 1 s, seed 440114, 04/12/2026).
          expect: { poll: { timeout: 15_000, interval: 100 } },
          // One runtime per worker, claimed for the worker's life (test/workflow/runtime.ts): the files share the
          // worker's module cache, so the SDK clients, playwright and the domain load once per worker, not per file.
          isolate: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
