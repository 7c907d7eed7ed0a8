import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '#local/emulators/support';
import { startLocalRuntime } from '#local/runtime';
import { seedDemoDirectory } from '#local/seed';

export interface WorkflowRuntime {
  baseUrl: string;
  endpoints: { dynamodb: string; s3: string; ses: string; sfn: string; lambda: string; cognito: string };
  stateMachineArn: string;
  tableName: string;
  schedules: string[];
  stateDir: string;
}
declare module 'vitest' {
  export interface ProvidedContext {
    /** One per test worker: test/workflow/runtime.ts picks this worker's. */
    runtimes: WorkflowRuntime[];
  }
}

/**
 * Starts the whole local runtime — the same code `npm start` runs — once per test worker, each on a fresh state
 * directory and a free port, with the demo directory (units, people, the council's roster) added through the API.
 * The workflow files share a worker's runtime one after another and run beside the other worker's: the suite's
 * wall time is about halved on two cores, and every file still sees a runtime others have used before it.
 */
export default async function setup(project: TestProject) {
  // One per worker: each workflow file claims a free one (test/workflow/runtime.ts).
  const count = project.globalConfig.maxWorkers;
  const started = await Promise.all(Array.from({ length: count }, async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'award-workflow-'));
    const port = await freePort();
    const runtime = await startLocalRuntime({ port, stateDir, reset: true, quietFunctions: true });
    // The demo units, people and roster, through the API as the first administrator: the same path a province takes.
    await seedDemoDirectory(runtime.baseUrl);
    return { runtime, stateDir };
  }));
  for (const { runtime } of started) console.log(`local runtime for workflow tests: ${runtime.baseUrl}, ready in ${Math.round(runtime.startedInMs)} ms`);
  project.provide('runtimes', started.map(({ runtime, stateDir }) => ({
    baseUrl: runtime.baseUrl,
    endpoints: runtime.endpoints,
    stateMachineArn: runtime.stateMachineArn,
    tableName: runtime.tableName,
    schedules: runtime.schedules,
    stateDir,
  })));
  return async () => {
    await Promise.all(started.map(async ({ runtime, stateDir }) => {
      await runtime.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }));
  };
}
