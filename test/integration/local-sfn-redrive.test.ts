import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '#local/sfn/engine';
import { startSfnServer } from '#local/sfn/server';
import type { SfnServer } from '#local/sfn/server';
import { functionArn, namedError, sfnClient, finished, history } from '../support/local-sfn-fixtures.ts';

/** RedriveExecution on the local Step Functions engine. */
describe('local Step Functions redrive (RedriveExecution)', () => {
  const calls: { dossierId: string; redrives: number; prepared: string }[] = [];
  /** `flaky` fails its first call for every dossier; `prepare` always succeeds. */
  const invoke = async (arn: string, payload: unknown): Promise<unknown> => {
    const event = payload as { dossierId: string; redrives: number; prepared: string };
    if (arn === functionArn('flaky')) {
      calls.push(event);
      if (calls.filter((c) => c.dossierId === event.dossierId).length === 1) throw namedError('Dependency.Down', 'the service is down');
      return { done: true };
    }
    return { prepared: `p-${event.dossierId}` };
  };
  const definition = JSON.stringify({
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Task', Resource: functionArn('prepare'), ResultPath: '$.prep', Next: 'Flaky' },
      Flaky: {
        Type: 'Task',
        Resource: functionArn('flaky'),
        Parameters: { 'dossierId.$': '$.dossierId', 'prepared.$': '$.prep.prepared', 'redrives.$': '$$.Execution.RedriveCount' },
        ResultPath: '$.flaky',
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  });
  let stateDir: string;
  let engine: LocalStepFunctions;
  let server: SfnServer;
  let client: SFNClient;
  let arn: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'local-sfn-redrive-'));
    engine = new LocalStepFunctions({ stateDir, invokeLambda: invoke, retryIntervalMs: 5 });
    server = await startSfnServer({ engine });
    client = sfnClient(server);
    arn = (await client.send(new CreateStateMachineCommand({ name: 'redrive', definition, roleArn: 'arn:aws:iam::123456789012:role/workflow' }))).stateMachineArn ?? '';
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
    await engine.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('runs the failed state again with its input, not the states that succeeded, and counts the redrive', async () => {
    // Prepare: the execution fails in Flaky
    const executionArn = (await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'redrive-1', input: JSON.stringify({ dossierId: 'redrive-1' }) }))).executionArn ?? '';
    const failed = await finished(client, executionArn);
    const refusedWhileRunning: unknown[] = [];
    // Act
    const redriven = await client.send(new RedriveExecutionCommand({ executionArn }));
    const done = await finished(client, executionArn);
    await client.send(new RedriveExecutionCommand({ executionArn })).catch((error: unknown) => refusedWhileRunning.push(error));
    // Assess
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Dependency.Down', redriveCount: 0, redriveStatus: 'REDRIVABLE' });
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    expect(done).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, redriveStatus: 'NOT_REDRIVABLE', executionArn });
    expect(JSON.parse(done.output ?? '{}')).toMatchObject({ prep: { prepared: 'p-redrive-1' }, flaky: { done: true } });
    expect(calls.filter((c) => c.dossierId === 'redrive-1')).toEqual([
      { dossierId: 'redrive-1', prepared: 'p-redrive-1', redrives: 0 },
      { dossierId: 'redrive-1', prepared: 'p-redrive-1', redrives: 1 },
    ]);
    const types = (await history(client, executionArn)).map((e) => e.type);
    expect(types.filter((t) => t === 'LambdaFunctionScheduled')).toHaveLength(3); // Prepare once, Flaky twice
    expect(types.indexOf('ExecutionRedriven')).toBe(types.indexOf('ExecutionFailed') + 1);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(refusedWhileRunning[0]).toBeInstanceOf(ExecutionNotRedrivable);
  });
});
