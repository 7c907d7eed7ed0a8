import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  InvalidToken,
  ListExecutionsCommand,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '#local/sfn/engine';
import { startSfnServer } from '#local/sfn/server';
import type { SfnServer } from '#local/sfn/server';

const REGION = 'ap-southeast-1';
const functionArn = (name: string): string => `arn:aws:lambda:${REGION}:123456789012:function:${name}`;

/** A toy of the award workflow: retried Lambda check, Choice, a human wait with Catch, Lambda integration. */
function toyDefinition(awaitTimeoutSeconds: number): string {
  return JSON.stringify({
    StartAt: 'CheckCompleteness',
    States: {
      CheckCompleteness: {
        Type: 'Task',
        Resource: functionArn('check'),
        Parameters: { 'dossierId.$': '$.dossierId' },
        ResultPath: '$.check',
        Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }],
        Next: 'IsComplete',
      },
      IsComplete: {
        Type: 'Choice',
        Choices: [{ Variable: '$.check.complete', BooleanEquals: true, Next: 'AwaitAppraisal' }],
        Default: 'Incomplete',
      },
      AwaitAppraisal: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: functionArn('register'),
          Payload: {
            'taskToken.$': '$$.Task.Token',
            'dossierId.$': '$.dossierId',
            'executionId.$': '$$.Execution.Id',
            step: 'appraisal',
          },
        },
        ResultPath: '$.appraisal',
        TimeoutSeconds: awaitTimeoutSeconds,
        Catch: [
          { ErrorEquals: ['Dossier.Withdrawn'], ResultPath: '$.error', Next: 'Withdrawn' },
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Escalated' },
        ],
        Next: 'RecordDecision',
      },
      RecordDecision: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: functionArn('record'), 'Payload.$': '$' },
        ResultSelector: { 'number.$': '$.Payload.decisionNumber', 'status.$': '$.StatusCode' },
        ResultPath: '$.decision',
        Next: 'Awarded',
      },
      Awarded: { Type: 'Succeed' },
      Withdrawn: { Type: 'Succeed' },
      Incomplete: { Type: 'Fail', Error: 'Dossier.Incomplete', Cause: 'missing documents' },
      Escalated: { Type: 'Fail', Error: 'Workflow.Escalated', Cause: 'no decision in time' },
    },
  });
}

interface Registration {
  readonly taskToken: string;
  readonly dossierId: string;
  readonly executionId: string;
  readonly step: string;
}

/** Stand-ins for the Lambda handlers, keyed by function ARN. */
class FakeFunctions {
  readonly registrations: Registration[] = [];
  readonly recordCalls: string[] = [];
  private readonly checkCalls = new Map<string, number>();

  /** Dossiers whose first record-decision call never returns (the process dies inside it). */
  constructor(private readonly hangOnFirstRecord: ReadonlySet<string> = new Set()) {}

  readonly invoke = async (arn: string, payload: unknown): Promise<unknown> => {
    const event = payload as Record<string, string>;
    const dossierId = event['dossierId'] ?? '';
    switch (arn) {
      case functionArn('check'): {
        const calls = (this.checkCalls.get(dossierId) ?? 0) + 1;
        this.checkCalls.set(dossierId, calls);
        if (calls === 1) throw namedError('TransientError', 'database busy');
        return { complete: !dossierId.startsWith('incomplete') };
      }
      case functionArn('register'):
        this.registrations.push({
          taskToken: event['taskToken'] ?? '',
          dossierId,
          executionId: event['executionId'] ?? '',
          step: event['step'] ?? '',
        });
        return { registered: true };
      case functionArn('record'):
        this.recordCalls.push(dossierId);
        if (this.hangOnFirstRecord.has(dossierId) && this.recordCalls.filter((id) => id === dossierId).length === 1) {
          return new Promise(() => undefined);
        }
        return { decisionNumber: `QD-${dossierId}` };
      default:
        throw namedError('ResourceNotFoundException', `no function ${arn}`);
    }
  };

  registrationsFor(dossierId: string): Registration[] {
    return this.registrations.filter((registration) => registration.dossierId === dossierId);
  }
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}

function sfnClient(server: SfnServer): SFNClient {
  return new SFNClient({
    endpoint: server.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

async function finished(client: SFNClient, executionArn: string, timeoutMs?: number): Promise<DescribeExecutionOutput> {
  return eventually(
    `${executionArn} to finish`,
    async () => {
      const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === 'RUNNING' ? undefined : execution;
    },
    timeoutMs,
  );
}

async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const out = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return out.events ?? [];
}

function registrationOf(fakes: FakeFunctions, dossierId: string, index = 0): Promise<Registration> {
  return eventually(`register-task call ${index + 1} for ${dossierId}`, () => fakes.registrationsFor(dossierId)[index]);
}

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
