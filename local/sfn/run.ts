import { StateMachine } from 'aws-local-stepfunctions';
import type { RunOptions } from 'aws-local-stepfunctions';
import { isObject, readSimplePath } from './asl.ts';
import type { PreparedDefinition, TaskSpec } from './asl.ts';
import { stateError } from './errors.ts';
import type { ExecutionRecord, Position } from './records.ts';
import type { Registry } from './registry.ts';

// One run of an execution: its runtime state, and the helpers its Lambda tasks and token waits share.

/** Calls a Lambda function; throws an Error whose `name` is the function's errorType when it fails. */
export type InvokeLambda = (functionArn: string, payload: unknown) => Promise<unknown>;

/** Runs `callback` after `delayMs`; returns a canceller. Injectable so tests can drive deadlines. */
export type ScheduleTimer = (callback: () => void, delayMs: number) => () => void;

/** What the execution runner and the task tokens share with the engine that made them. */
export interface EngineContext {
  readonly registry: Registry;
  readonly invokeLambda: InvokeLambda;
  readonly clock: () => Date;
  readonly scheduleTimer: ScheduleTimer;
  readonly retryIntervalMs: number | undefined;
}

export type RunHandle = ReturnType<StateMachine['run']>;
export type LibraryEvent = RunHandle['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
export type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
export type JsonValue = Parameters<TaskHandlers[string]>[0];

export type CancelReason = 'stopped' | 'timedOut' | 'detached';

/** Runtime state of one library run (a fresh run per start, resume or redrive). */
export interface ActiveRun {
  readonly record: ExecutionRecord;
  readonly prepared: PreparedDefinition;
  /** The persisted wait this run re-enters (one-shot for its first attempt of that state). */
  resumeFrom: Position | undefined;
  /** A resumed run starts by re-entering this state; its entry is already in the history. */
  resumedEntry: string | undefined;
  handle?: RunHandle;
  drained: Promise<void>;
  cancelled?: CancelReason;
  cancelExecutionTimer?: () => void;
  /** Tokens handed out by the `$$.Task.Token` getter and not yet claimed by a task. */
  readonly issuedTokens: Set<string>;
  readonly waitingTokens: Set<string>;
  /**
   * Task invocations waiting for their raw state input, by state name. The library calls a Task override in
   * the same synchronous stretch that queues its StateEntered/StateRetried event, so the waiter is always
   * registered before the event is consumed; the event then hands over the raw input (FIFO per name).
   */
  readonly entryWaiters: Map<string, ((input: unknown) => void)[]>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Rejection marker for {@link withDeadline}. */
export const TIMED_OUT = Symbol('timed out');

let timeoutErrorFactory: Promise<() => Error> | undefined;

/**
 * The library treats `States.TaskFailed` as matching every task error except instances of its own
 * (unexported) StatesTimeoutError class. One 1 ms run that times out hands us that class, so the timeouts the
 * engine raises behave exactly like the library's.
 */
export function discoverStatesTimeoutError(): Promise<() => Error> {
  timeoutErrorFactory ??= (async () => {
    const fallback = (): Error => stateError('States.Timeout', 'States.Timeout');
    try {
      const probe = new StateMachine(
        {
          StartAt: 'Probe',
          States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:probe', TimeoutSeconds: 0.001, End: true } },
        },
        { validationOptions: { noValidate: true } },
      );
      await probe.run(null, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => undefined) } } }).result;
    } catch (error) {
      const inner = error instanceof Error ? error.cause : undefined;
      if (inner instanceof Error && inner.name === 'States.Timeout') {
        const TimeoutError = inner.constructor as new () => Error;
        return () => new TimeoutError();
      }
    }
    return fallback;
  })();
  return timeoutErrorFactory;
}

export async function statesTimeoutError(): Promise<Error> {
  return (await discoverStatesTimeoutError())();
}

export function cancelledError(reason: CancelReason): Error {
  return stateError('States.Runtime', `Execution ${reason}`, { recoverable: false });
}

/** Runs a promise nobody awaits, reporting (not crashing on) its failure. */
export function background(work: Promise<unknown>): void {
  work.catch((error: unknown) => console.error('local-sfn: background work failed', error));
}

export function invokeParameters(input: unknown): { functionName: string; payload: unknown } {
  if (!isObject(input) || typeof input['FunctionName'] !== 'string') {
    throw stateError('States.Runtime', 'lambda:invoke needs Parameters.FunctionName', { recoverable: false });
  }
  return { functionName: input['FunctionName'], payload: input['Payload'] ?? {} };
}

/** What the optimised `lambda:invoke` integration returns on AWS (minus the SDK metadata). */
export function integrationResult(payload: unknown): { ExecutedVersion: string; Payload: unknown; StatusCode: number } {
  return { ExecutedVersion: '$LATEST', Payload: payload ?? null, StatusCode: 200 };
}

export function timeoutDetail(spec: TaskSpec, deadline: Date | undefined, now: Date): { timeoutInSeconds?: number } {
  if (spec.timeoutSeconds !== undefined) return { timeoutInSeconds: spec.timeoutSeconds };
  return deadline ? { timeoutInSeconds: Math.ceil((deadline.getTime() - now.getTime()) / 1000) } : {};
}

/** When a task started now must end: its TimeoutSeconds, or the TimeoutSecondsPath read from its input. */
export function deadlineFor(spec: TaskSpec, effectiveInput: unknown, clock: () => Date): Date | undefined {
  let seconds = spec.timeoutSeconds;
  if (seconds === undefined && spec.timeoutSecondsPath !== undefined) {
    const value = readSimplePath(spec.timeoutSecondsPath, effectiveInput);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw stateError('States.Runtime', `TimeoutSecondsPath ${spec.timeoutSecondsPath} is not a positive integer`, {
        recoverable: false,
      });
    }
    seconds = value;
  }
  return seconds === undefined ? undefined : new Date(clock().getTime() + seconds * 1000);
}

/** Races `work` against `deadline`; rejects with the TIMED_OUT marker when the deadline passes first. */
export function withDeadline<T>(work: Promise<T>, deadline: Date | undefined, scheduleTimer: ScheduleTimer, clock: () => Date): Promise<T> {
  if (!deadline) return work;
  return new Promise<T>((resolve, reject) => {
    const cancel = scheduleTimer(() => reject(TIMED_OUT), Math.max(0, deadline.getTime() - clock().getTime()));
    work.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (error: unknown) => {
        cancel();
        reject(error);
      },
    );
  });
}

/** setTimeout in chunks (a single delay above 2^31-1 ms would fire at once), unref'd so it never pins the process. */
export function defaultScheduleTimer(callback: () => void, delayMs: number): () => void {
  const due = Date.now() + delayMs;
  let handle: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const left = due - Date.now();
    if (left <= 0) {
      callback();
      return;
    }
    handle = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    handle.unref();
  };
  handle = setTimeout(arm, Math.min(Math.max(0, delayMs), MAX_TIMER_MS));
  handle.unref();
  return () => clearTimeout(handle);
}
