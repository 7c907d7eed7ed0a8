import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '#local/sfn/engine';
import { startSfnServer } from '#local/sfn/server';
import type { SfnServer } from '#local/sfn/server';
import { toyDefinition, FakeFunctions, sfnClient, finished, history, registrationOf } from '../support/local-sfn-fixtures.ts';

/** The local Step Functions engine served over the SFN JSON protocol, driven with the AWS SDK. */
describe('local Step Functions served over the SFN JSON protocol', () => {
  const fakes = new FakeFunctions();
  let stateDir: string;
  let engine: LocalStepFunctions;
  let server: SfnServer;
  let client: SFNClient;
  let toyArn: string;
  let shortWaitArn: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'local-sfn-'));
    engine = new LocalStepFunctions({ stateDir, invokeLambda: fakes.invoke, retryIntervalMs: 5 });
    server = await startSfnServer({ engine });
    client = sfnClient(server);
    const roleArn = 'arn:aws:iam::123456789012:role/workflow';
    // 40 days: beyond setTimeout's 24.8-day limit, which must not make the wait time out at once.
    toyArn = (await client.send(new CreateStateMachineCommand({ name: 'toy', definition: toyDefinition(40 * 86_400), roleArn }))).stateMachineArn ?? '';
    shortWaitArn =
      (await client.send(new CreateStateMachineCommand({ name: 'toy-short-wait', definition: toyDefinition(1), roleArn }))).stateMachineArn ?? '';
  });

  afterAll(async () => {
    client.destroy();
    await server.close();
    await engine.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  async function start(stateMachineArn: string, dossierId: string): Promise<string> {
    const out = await client.send(new StartExecutionCommand({ stateMachineArn, name: dossierId, input: JSON.stringify({ dossierId }) }));
    return out.executionArn ?? '';
  }

  it('retries a Lambda task on a matching transient error: history shows the failed then the successful call', async () => {
    // Prepare: the fake check function fails once with TransientError for every dossier.
    const executionArn = await start(toyArn, 'retry-1');

    // Act
    await registrationOf(fakes, 'retry-1');

    // Assess
    const events = await history(client, executionArn);
    const failed = events.findIndex((event) => event.type === 'LambdaFunctionFailed');
    const succeeded = events.findIndex((event) => event.type === 'LambdaFunctionSucceeded');
    expect(failed).toBeGreaterThan(0);
    expect(succeeded).toBeGreaterThan(failed);
    expect(events[failed]?.lambdaFunctionFailedEventDetails?.error).toBe('TransientError');
    expect(JSON.parse(events[failed]?.lambdaFunctionFailedEventDetails?.cause ?? '{}')).toMatchObject({
      errorType: 'TransientError',
      errorMessage: 'database busy',
    });
    expect(events.filter((event) => event.type === 'LambdaFunctionScheduled')).toHaveLength(2);
  });

  it('completes a waitForTaskToken task with SendTaskSuccess using the token the register function received', async () => {
    // Prepare
    const executionArn = await start(toyArn, 'ok-1');
    const registration = await registrationOf(fakes, 'ok-1');

    // Act
    await client.send(new SendTaskSuccessCommand({ taskToken: registration.taskToken, output: JSON.stringify({ outcome: 'eligible' }) }));

    // Assess
    const execution = await finished(client, executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '{}')).toMatchObject({
      dossierId: 'ok-1',
      check: { complete: true },
      appraisal: { outcome: 'eligible' },
      decision: { number: 'QD-ok-1', status: 200 },
    });
    expect(registration).toMatchObject({ step: 'appraisal', executionId: executionArn });
    const types = (await history(client, executionArn)).map((event) => event.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types).toEqual(expect.arrayContaining(['ChoiceStateEntered', 'TaskScheduled', 'TaskSubmitted', 'TaskSucceeded', 'SucceedStateEntered']));
    expect(types.indexOf('TaskSucceeded')).toBeGreaterThan(types.indexOf('TaskSubmitted'));
    expect(types.at(-1)).toBe('ExecutionSucceeded');
  });

  it('routes a SendTaskFailure error to the Catch that names it', async () => {
    // Prepare
    const executionArn = await start(toyArn, 'withdrawn-1');
    const registration = await registrationOf(fakes, 'withdrawn-1');

    // Act
    await client.send(new SendTaskFailureCommand({ taskToken: registration.taskToken, error: 'Dossier.Withdrawn', cause: 'unit withdrew' }));

    // Assess
    const execution = await finished(client, executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '{}')).toMatchObject({ error: { Error: 'Dossier.Withdrawn', Cause: 'unit withdrew' } });
    const events = await history(client, executionArn);
    expect(events.find((event) => event.type === 'TaskFailed')?.taskFailedEventDetails).toMatchObject({
      error: 'Dossier.Withdrawn',
      cause: 'unit withdrew',
    });
    expect(events.find((event) => event.type === 'SucceedStateEntered')?.stateEnteredEventDetails?.name).toBe('Withdrawn');
  });

  it('fails a wait that outlives TimeoutSeconds with States.Timeout, which its Catch routes, and retires the token', async () => {
    // Prepare: AwaitAppraisal has TimeoutSeconds 1 in this machine.
    const executionArn = await start(shortWaitArn, 'late-1');
    const registration = await registrationOf(fakes, 'late-1');

    // Act: nobody answers.
    const execution = await finished(client, executionArn, 5000);

    // Assess
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Workflow.Escalated', cause: 'no decision in time' });
    const events = await history(client, executionArn);
    expect(events.find((event) => event.type === 'TaskTimedOut')?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
    expect(events.find((event) => event.type === 'FailStateEntered')?.stateEnteredEventDetails?.name).toBe('Escalated');
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: registration.taskToken, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('sends a dossier the check finds incomplete through the Choice default to its Fail state', async () => {
    // Prepare / Act
    const executionArn = await start(toyArn, 'incomplete-1');

    // Assess
    const execution = await finished(client, executionArn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Dossier.Incomplete', cause: 'missing documents' });
    expect(fakes.registrationsFor('incomplete-1')).toHaveLength(0);
  });

  it('returns the existing execution for a repeated name with the same input and rejects it with a different input', async () => {
    // Prepare
    const input = JSON.stringify({ dossierId: 'dup-1' });
    const first = await client.send(new StartExecutionCommand({ stateMachineArn: toyArn, name: 'dup-1', input }));

    // Act
    const again = await client.send(new StartExecutionCommand({ stateMachineArn: toyArn, name: 'dup-1', input }));
    const conflicting = client.send(
      new StartExecutionCommand({ stateMachineArn: toyArn, name: 'dup-1', input: JSON.stringify({ dossierId: 'other' }) }),
    );

    // Assess
    expect(again.executionArn).toBe(first.executionArn);
    await expect(conflicting).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: toyArn }));
    expect(listed.executions?.filter((execution) => execution.name === 'dup-1')).toHaveLength(1);
  });

  it('rejects SendTaskSuccess with a token it never issued', async () => {
    // Prepare / Act
    const answer = client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }));

    // Assess
    await expect(answer).rejects.toBeInstanceOf(InvalidToken);
  });

  it('answers an operation it does not serve with HTTP 400 UnknownOperationException', async () => {
    // Prepare / Act
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.CreateActivity' },
      body: JSON.stringify({ name: 'activity' }),
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('aborts a waiting execution on StopExecution and refuses its token afterwards', async () => {
    // Prepare
    const executionArn = await start(toyArn, 'stopped-1');
    const registration = await registrationOf(fakes, 'stopped-1');

    // Act
    await client.send(new StopExecutionCommand({ executionArn, error: 'Admin.Stop', cause: 'test' }));

    // Assess
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'Admin.Stop', cause: 'test' });
    expect(execution.stopDate).toBeInstanceOf(Date);
    expect((await history(client, executionArn)).at(-1)?.type).toBe('ExecutionAborted');
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: registration.taskToken, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('runs many executions concurrently, each waiting on its own token', async () => {
    // Prepare
    const dossierIds = Array.from({ length: 20 }, (_, i) => `many-${i}`);
    const executionArns = await Promise.all(dossierIds.map((dossierId) => start(toyArn, dossierId)));
    const registrations = await Promise.all(dossierIds.map((dossierId) => registrationOf(fakes, dossierId)));

    // Act
    await Promise.all(
      registrations.map((registration) =>
        client.send(new SendTaskSuccessCommand({ taskToken: registration.taskToken, output: JSON.stringify({ outcome: registration.dossierId }) })),
      ),
    );

    // Assess
    const executions = await Promise.all(executionArns.map((executionArn) => finished(client, executionArn)));
    expect(new Set(registrations.map((registration) => registration.taskToken)).size).toBe(dossierIds.length);
    executions.forEach((execution, i) => {
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output ?? '{}')).toMatchObject({ appraisal: { outcome: dossierIds[i] } });
    });
  });
});
