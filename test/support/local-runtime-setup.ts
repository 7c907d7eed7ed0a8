import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '#local/emulators/support';
import { startLocalRuntime } from '#local/runtime';
import { seedDemoDirectory } from '#local/seed';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    endpoints: { dynamodb: string; s3: string; ses: string; sfn: string; lambda: string; cognito: string };
    stateMachineArn: string;
    tableName: string;
    schedules: string[];
    stateDir: string;
  }
}

/**
 * Starts the whole local runtime once for the workflow tests: the same code `npm start` runs, on a fresh
 * state directory and a free port, with the demo directory (units, people, the
 * council's roster) added through the API.
 */
export default async function setup(project: TestProject) {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'award-workflow-'));
  const port = await freePort();
  const runtime = await startLocalRuntime({ port, stateDir, reset: true, quietFunctions: true });
  // The demo units, people and roster, through the API as the first administrator: the same path a province takes.
  await seedDemoDirectory(runtime.baseUrl);
  console.log(`local runtime for workflow tests: ${runtime.baseUrl}, ready in ${Math.round(runtime.startedInMs)} ms`);
  project.provide('baseUrl', runtime.baseUrl);
  project.provide('endpoints', runtime.endpoints);
  project.provide('stateMachineArn', runtime.stateMachineArn);
  project.provide('tableName', runtime.tableName);
  project.provide('schedules', runtime.schedules);
  project.provide('stateDir', stateDir);
  return async () => {
    await runtime.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
}
