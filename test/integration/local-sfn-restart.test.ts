import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '#local/sfn/engine';
import { startSfnServer } from '#local/sfn/server';
import { toyDefinition, FakeFunctions, eventually, sfnClient, finished, history, registrationOf } from '../support/local-sfn-fixtures.ts';

/** The local Step Functions engine after a restart or a crash: executions resume from what was persisted. */
describe('local Step Functions across a restart', () => {
  it('resumes a waiting execution on a new engine: the token handed out before the restart still completes it, and the register function is not called again', async () => {
    // Prepare: an execution waiting for a person, then the process "dies".
    const stateDir = await mkdtemp(join(tmpdir(), 'local-sfn-restart-'));
    const fakes = new FakeFunctions();
    const definition = toyDefinition(3600);
    const roleArn = 'arn:aws:iam::123456789012:role/workflow';
    const engine1 = new LocalStepFunctions({ stateDir, invokeLambda: fakes.invoke, retryIntervalMs: 5 });
    const server1 = await startSfnServer({ engine: engine1 });
    const client1 = sfnClient(server1);
    const { stateMachineArn } = await client1.send(new CreateStateMachineCommand({ name: 'toy', definition, roleArn }));
    const { executionArn } = await client1.send(
      new StartExecutionCommand({ stateMachineArn, name: 'crash-1', input: JSON.stringify({ dossierId: 'crash-1' }) }),
    );
    const before = await registrationOf(fakes, 'crash-1');
    client1.destroy();
    await server1.close();
    await engine1.close();

    // Act: a new engine over the same state directory; the lead's startup re-creates the state machine.
    const engine2 = new LocalStepFunctions({ stateDir, invokeLambda: fakes.invoke, retryIntervalMs: 5 });
    const server2 = await startSfnServer({ engine: engine2 });
    const client2 = sfnClient(server2);
    try {
      await client2.send(new CreateStateMachineCommand({ name: 'toy', definition, roleArn }));
      // As on AWS, where a task token never changes: the answer comes with the token registered before the crash.
      await client2.send(new SendTaskSuccessCommand({ taskToken: before.taskToken, output: JSON.stringify({ outcome: 'eligible' }) }));

      // Assess
      const execution = await finished(client2, executionArn ?? '');
      expect(fakes.registrationsFor('crash-1')).toHaveLength(1);
      expect(before).toMatchObject({ step: 'appraisal', executionId: executionArn });
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output ?? '{}')).toMatchObject({ check: { complete: true }, appraisal: { outcome: 'eligible' } });
      const events = await history(client2, executionArn ?? '');
      const waits = events.filter((event) => event.taskScheduledEventDetails?.resource === 'invoke.waitForTaskToken');
      expect(events.filter((event) => event.type === 'ExecutionStarted')).toHaveLength(1);
      expect(waits).toHaveLength(1);
      expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
      // used once: a replay is refused as on AWS
      await expect(
        client2.send(new SendTaskSuccessCommand({ taskToken: before.taskToken, output: '{}' })),
      ).rejects.toBeInstanceOf(TaskTimedOut);
    } finally {
      client2.destroy();
      await server2.close();
      await engine2.close();
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});

describe('local Step Functions after a crash inside a Lambda task', () => {
  it('runs the interrupted task again from its persisted input when the state machine is re-created', async () => {
    // Prepare: the appraisal is answered, then the process dies while RecordDecision's function runs.
    const stateDir = await mkdtemp(join(tmpdir(), 'local-sfn-midtask-'));
    const fakes = new FakeFunctions(new Set(['crash-2']));
    const definition = toyDefinition(3600);
    const engine1 = new LocalStepFunctions({ stateDir, invokeLambda: fakes.invoke, retryIntervalMs: 5 });
    const { stateMachineArn } = await engine1.createStateMachine({ name: 'toy', definition });
    const { executionArn } = await engine1.startExecution({ stateMachineArn, name: 'crash-2', input: JSON.stringify({ dossierId: 'crash-2' }) });
    const registration = await registrationOf(fakes, 'crash-2');
    await engine1.sendTaskSuccess({ taskToken: registration.taskToken, output: JSON.stringify({ outcome: 'eligible' }) });
    await eventually('the first record-decision call', () => (fakes.recordCalls.includes('crash-2') ? true : undefined));
    await engine1.close();

    // Act
    const engine2 = new LocalStepFunctions({ stateDir, invokeLambda: fakes.invoke, retryIntervalMs: 5 });
    try {
      await engine2.createStateMachine({ name: 'toy', definition });
      const execution = await eventually('crash-2 to finish', async () => {
        const described = await engine2.describeExecution({ executionArn });
        return described.status === 'RUNNING' ? undefined : described;
      });

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output ?? '{}')).toMatchObject({ appraisal: { outcome: 'eligible' }, decision: { number: 'QD-crash-2' } });
      expect(fakes.recordCalls.filter((id) => id === 'crash-2')).toHaveLength(2);
      expect(fakes.registrationsFor('crash-2')).toHaveLength(1);
    } finally {
      await engine2.close();
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
