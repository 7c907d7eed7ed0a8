import { randomBytes } from 'node:crypto';
import { isObject } from './asl.ts';
import type { TaskSpec } from './asl.ts';
import { lambdaFunctionError, SfnServiceError, stateError } from './errors.ts';
import { regionOf, required } from './records.ts';
import type { Position, TaskOutcome } from './records.ts';
import type { Registry } from './registry.ts';
import { background, cancelledError, deadlineFor, integrationResult, invokeParameters, statesTimeoutError, timeoutDetail } from './run.ts';
import type { ActiveRun, CancelReason, EngineContext, JsonValue } from './run.ts';

// Task tokens: issued to a `.waitForTaskToken` task, waited on (durably: a restart resumes the wait with the
// same token), looked up when SendTask* names one, and completed by an answer, a timeout or a stop.

export interface PendingTask {
  readonly run: ActiveRun;
  readonly stateName: string;
  readonly position: Position;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
  cancelTimer?: () => void;
}

/** Tokens carry their execution ARN so a stale token can be told apart from a forged one. */
export function newTaskToken(executionArn: string): string {
  return `${Buffer.from(executionArn).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
}

function tokenOwner(token: string): string | undefined {
  const match = /^([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]{43}$/.exec(token);
  if (!match?.[1]) return undefined;
  const arn = Buffer.from(match[1], 'base64url').toString('utf8');
  return arn.startsWith('arn:') && arn.includes(':execution:') ? arn : undefined;
}

/** Finds the token issued for this task inside its resolved Parameters. */
export function claimToken(run: ActiveRun, input: unknown): string | undefined {
  let found: string | undefined;
  const visit = (value: unknown): void => {
    if (found !== undefined) return;
    if (typeof value === 'string') {
      if (run.issuedTokens.has(value)) found = value;
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (isObject(value)) {
      Object.values(value).forEach(visit);
    }
  };
  visit(input);
  if (found !== undefined) run.issuedTokens.delete(found);
  return found;
}

/** The tasks waiting for their token's answer, by token. */
export class TaskTokens {
  private readonly pending = new Map<string, PendingTask>();
  private readonly registry: Registry;

  constructor(private readonly ctx: EngineContext) {
    this.registry = ctx.registry;
  }

  /**
   * `arn:aws:states:::lambda:invoke.waitForTaskToken`: persist the wait, invoke the function with the token in
   * its Payload, then wait for SendTaskSuccess/SendTaskFailure, the state's TimeoutSeconds, or a stop.
   */
  async waitForTaskToken(
    run: ActiveRun,
    stateName: string,
    spec: TaskSpec,
    input: JsonValue,
    rawInput: unknown,
    token: string,
    resumeFrom: Position | undefined,
  ): Promise<JsonValue> {
    const record = run.record;
    const taskDetails = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    const recorded = resumeFrom?.waiting?.outcome;
    if (recorded) {
      // The answer arrived before the restart and is already in the history: replay it.
      if ('output' in recorded) return recorded.output as JsonValue;
      throw stateError(recorded.error, recorded.cause);
    }

    const parameters = invokeParameters(input);
    const { functionName } = parameters;
    let payload = parameters.payload;
    const before = resumeFrom?.waiting;
    if (before?.token && before.token !== token) {
      // On AWS a task token never changes. After a restart keep the one handed out before, so a person's
      // answer sent with it (or arriving during the restart) still completes this wait.
      payload = JSON.parse(JSON.stringify(payload ?? {}).split(token).join(before.token));
      token = before.token;
    }
    const handedOut = before?.handedOut === true && before.token === token;
    const now = this.ctx.clock();
    const deadline = resumeFrom?.waiting?.deadline ?? deadlineFor(spec, input, this.ctx.clock);
    if (!handedOut) this.registry.appendEvent(record, 'TaskScheduled', {
      taskScheduledEventDetails: {
        ...taskDetails,
        region: regionOf(record.stateMachineArn),
        parameters: JSON.stringify(input),
        ...timeoutDetail(spec, deadline, now),
      },
    });
    if (deadline && deadline.getTime() <= now.getTime()) {
      this.registry.appendEvent(record, 'TaskTimedOut', { taskTimedOutEventDetails: { ...taskDetails, error: 'States.Timeout' } });
      void this.registry.persist(record);
      throw await statesTimeoutError();
    }

    const position: Position = {
      stateName,
      input: rawInput,
      enteredAt: resumeFrom?.enteredAt ?? now,
      waiting: { token, since: before?.since ?? now, ...(deadline ? { deadline } : {}), ...(handedOut ? { handedOut } : {}) },
    };
    let resolveTask!: (output: unknown) => void;
    let rejectTask!: (error: Error) => void;
    const answer = new Promise<unknown>((resolve, reject) => {
      resolveTask = resolve;
      rejectTask = reject;
    });
    answer.catch(() => undefined); // settled by timer/stop before it is awaited; the await below rethrows
    const task: PendingTask = { run, stateName, position, resolve: resolveTask, reject: rejectTask };
    this.pending.set(token, task);
    run.waitingTokens.add(token);
    if (run.prepared.topLevelStates.has(stateName)) record.position = position;
    try {
      // Durable before the register function can hand the token to anyone.
      await this.registry.persist(record);
    } catch (error) {
      this.dropPending(token);
      throw error;
    }
    if (deadline) {
      task.cancelTimer = this.ctx.scheduleTimer(
        () => background(this.timeOutTask(token)),
        Math.max(0, deadline.getTime() - this.ctx.clock().getTime()),
      );
    }
    if (run.cancelled) throw cancelledError(run.cancelled);
    if (handedOut) return (await answer) as JsonValue;

    this.registry.appendEvent(record, 'TaskStarted', { taskStartedEventDetails: taskDetails });
    try {
      const result = await this.ctx.invokeLambda(functionName, payload);
      this.registry.appendEvent(record, 'TaskSubmitted', {
        taskSubmittedEventDetails: {
          ...taskDetails,
          output: JSON.stringify(integrationResult(result)),
          outputDetails: { truncated: false },
        },
      });
    } catch (thrown) {
      // The task fails only if no answer came in while the function was running.
      if (this.pending.get(token) === task) {
        this.dropPending(token);
        const error = lambdaFunctionError(thrown);
        this.registry.appendEvent(record, 'TaskFailed', {
          taskFailedEventDetails: { ...taskDetails, error: error.name, cause: error.message },
        });
        void this.registry.persist(record);
        throw error;
      }
    }
    if (position.waiting && this.pending.get(token) === task) position.waiting.handedOut = true;
    void this.registry.persist(record);
    return (await answer) as JsonValue;
  }

  /**
   * Records the answer durably (a restart then replays it instead of waiting again) and only then lets the
   * waiting task continue and the API call return.
   */
  async settle(task: PendingTask, outcome: TaskOutcome): Promise<void> {
    const token = task.position.waiting?.token ?? '';
    this.dropPending(token);
    const record = task.run.record;
    const taskDetails = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    if (task.position.waiting) task.position.waiting.outcome = outcome;
    if ('output' in outcome) {
      this.registry.appendEvent(record, 'TaskSucceeded', {
        taskSucceededEventDetails: { ...taskDetails, output: JSON.stringify(outcome.output), outputDetails: { truncated: false } },
      });
    } else {
      this.registry.appendEvent(record, 'TaskFailed', {
        taskFailedEventDetails: { ...taskDetails, error: outcome.error, cause: outcome.cause },
      });
    }
    try {
      await this.registry.persist(record);
    } finally {
      // Continue even if the write failed: memory is the truth while the process lives; the caller sees the error.
      if ('output' in outcome) task.resolve(outcome.output);
      else task.reject(stateError(outcome.error, outcome.cause));
    }
  }

  private async timeOutTask(token: string): Promise<void> {
    const task = this.pending.get(token);
    if (!task) return;
    this.dropPending(token);
    this.registry.appendEvent(task.run.record, 'TaskTimedOut', {
      taskTimedOutEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', error: 'States.Timeout' },
    });
    void this.registry.persist(task.run.record);
    task.reject(await statesTimeoutError());
  }

  private dropPending(token: string): void {
    const task = this.pending.get(token);
    if (!task) return;
    this.pending.delete(token);
    task.run.waitingTokens.delete(token);
    task.cancelTimer?.();
  }

  pendingTask(taskToken: string | undefined): PendingTask {
    const token = required(taskToken, 'taskToken');
    const task = this.pending.get(token);
    if (task) return task;
    const owner = tokenOwner(token);
    if (owner === undefined) throw new SfnServiceError('InvalidToken', 'Invalid Token');
    if (this.registry.executions.has(owner)) {
      // A token of a known execution whose task has ended (answered, timed out, stopped, or re-issued on resume).
      throw new SfnServiceError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    }
    throw new SfnServiceError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  /** A run is being cancelled: its waits end with the cancellation, and no timer of theirs lingers. */
  cancelWaits(run: ActiveRun, reason: CancelReason): void {
    for (const token of [...run.waitingTokens]) {
      const task = this.pending.get(token);
      this.dropPending(token);
      task?.reject(cancelledError(reason));
    }
  }
}
