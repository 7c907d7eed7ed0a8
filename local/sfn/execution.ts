import type { ExecutionStatus, HistoryEventType } from '@aws-sdk/client-sfn';
import type { TaskSpec } from './asl.ts';
import { lambdaFunctionError, stateError } from './errors.ts';
import { parseStateMachineArn, regionOf } from './records.ts';
import type { ExecutionRecord, Position, StateMachineRecord } from './records.ts';
import type { Registry } from './registry.ts';
import {
  background,
  cancelledError,
  deadlineFor,
  integrationResult,
  invokeParameters,
  statesTimeoutError,
  TIMED_OUT,
  timeoutDetail,
  withDeadline,
} from './run.ts';
import type { ActiveRun, CancelReason, EngineContext, JsonValue, LibraryEvent, RunHandle, TaskHandlers } from './run.ts';
import { claimToken, newTaskToken } from './task-tokens.ts';
import type { TaskTokens } from './task-tokens.ts';

const FAIL_STATE_DEFAULTS = { error: 'FailStateError', cause: 'Execution failed because of a Fail state' };

/**
 * Runs executions: one aws-local-stepfunctions run per start, resume or redrive, its Task states routed to
 * Lambda, its event log mapped onto the AWS history and the execution's persisted position, and its end
 * (success, failure, timeout, stop) recorded.
 */
export class ExecutionRunner {
  private readonly active = new Map<string, ActiveRun>();
  private readonly registry: Registry;

  constructor(
    private readonly ctx: EngineContext,
    private readonly tokens: TaskTokens,
  ) {
    this.registry = ctx.registry;
  }

  /** The live run of an execution in this engine, if any. */
  activeRun(executionArn: string): ActiveRun | undefined {
    return this.active.get(executionArn);
  }

  /** Lets go of every run without recording anything (see LocalStepFunctions.close). */
  detachAll(): void {
    for (const run of this.active.values()) this.cancelRun(run, 'detached');
    this.active.clear();
  }

  /** `reenter`: the run enters `from` anew (a redrive), rather than continuing an entry already in the history (a resume). */
  launch(record: ExecutionRecord, stateMachine: StateMachineRecord, from: Position | undefined, options: { reenter?: boolean } = {}): void {
    const cached = this.registry.machineFor(stateMachine, from?.stateName);
    const run: ActiveRun = {
      record,
      prepared: cached.prepared,
      resumeFrom: from?.waiting ? from : undefined,
      resumedEntry: options.reenter ? undefined : from?.stateName,
      drained: Promise.resolve(),
      issuedTokens: new Set(),
      waitingTokens: new Set(),
      entryWaiters: new Map(),
    };
    this.active.set(record.executionArn, run);
    record.launches += 1;

    const handlers: TaskHandlers = {};
    for (const [stateName, spec] of cached.prepared.tasks) {
      handlers[stateName] = (taskInput) => this.runTask(run, stateName, spec, taskInput);
    }
    const retryIntervalOverrides =
      this.ctx.retryIntervalMs === undefined
        ? undefined
        : Object.fromEntries(cached.prepared.retryStates.map((name) => [name, this.ctx.retryIntervalMs ?? 0]));
    const { name: stateMachineName } = parseStateMachineArn(stateMachine.stateMachineArn);
    const issueToken = (): string => {
      const token = newTaskToken(record.executionArn);
      run.issuedTokens.add(token);
      return token;
    };
    // The library copies this object shallowly and overwrites Execution.Input/StartTime with its own values;
    // `Task` survives by reference, so each `$$.Task.Token` read calls the getter and gets a fresh token.
    const context = {
      Execution: { Id: record.executionArn, Name: record.name, RoleArn: stateMachine.roleArn, RedriveCount: record.redriveCount ?? 0 },
      StateMachine: { Id: stateMachine.stateMachineArn, Name: stateMachineName },
      Task: {
        get Token(): string {
          return issueToken();
        },
      },
    };

    const runInput = (from ? from.input : JSON.parse(record.input)) as JsonValue;
    const handle = cached.machine.run(runInput, {
      context,
      overrides: {
        taskResourceLocalHandlers: handlers,
        ...(retryIntervalOverrides ? { retryIntervalOverrides } : {}),
      },
    });
    run.handle = handle;
    run.drained = this.consumeEvents(run, handle);
    background(
      handle.result.then(
        (output) => this.onRunSettled(run, { output }),
        (error: unknown) => this.onRunSettled(run, { error }),
      ),
    );

    if (record.deadline) {
      const delay = record.deadline.getTime() - this.ctx.clock().getTime();
      run.cancelExecutionTimer = this.ctx.scheduleTimer(() => background(this.timeOutRun(run)), Math.max(0, delay));
    }
  }

  /** Override for every Task state: routes the Resource to `invokeLambda` the way AWS would call it. */
  private async runTask(run: ActiveRun, stateName: string, spec: TaskSpec, input: JsonValue): Promise<JsonValue> {
    if (run.cancelled) throw cancelledError(run.cancelled);
    // Claim the token now: the library resolves Parameters and calls this override in one synchronous
    // stretch, so no other task of this run can have read `$$.Task.Token` in between.
    const token = spec.kind === 'invoke-wait' ? claimToken(run, input) ?? newTaskToken(run.record.executionArn) : undefined;
    const rawInput = await this.nextEntry(run, stateName);
    if (run.cancelled) throw cancelledError(run.cancelled);
    const resumeFrom = run.resumeFrom?.stateName === stateName ? run.resumeFrom : undefined;
    run.resumeFrom = undefined;

    switch (spec.kind) {
      case 'lambda':
        return this.invokeFunctionTask(run, spec, input);
      case 'invoke':
        return this.invokeIntegrationTask(run, spec, input);
      case 'invoke-wait':
        return this.tokens.waitForTaskToken(run, stateName, spec, input, rawInput, token ?? '', resumeFrom);
      default:
        throw stateError('States.Runtime', `Resource '${spec.resource}' is not supported by the local Step Functions`, {
          recoverable: false,
        });
    }
  }

  /** `Resource: arn:aws:lambda:...:function:X`: the effective input is the event, the result is the output. */
  private async invokeFunctionTask(run: ActiveRun, spec: TaskSpec, input: JsonValue): Promise<JsonValue> {
    const record = run.record;
    const deadline = deadlineFor(spec, input, this.ctx.clock);
    this.registry.appendEvent(record, 'LambdaFunctionScheduled', {
      lambdaFunctionScheduledEventDetails: {
        resource: spec.resource,
        input: JSON.stringify(input),
        inputDetails: { truncated: false },
        ...timeoutDetail(spec, deadline, this.ctx.clock()),
      },
    });
    this.registry.appendEvent(record, 'LambdaFunctionStarted', {});
    void this.registry.persist(record);
    try {
      const result = await withDeadline(this.ctx.invokeLambda(spec.resource, input), deadline, this.ctx.scheduleTimer, this.ctx.clock);
      this.registry.appendEvent(record, 'LambdaFunctionSucceeded', {
        lambdaFunctionSucceededEventDetails: { output: JSON.stringify(result ?? null), outputDetails: { truncated: false } },
      });
      return (result ?? null) as JsonValue;
    } catch (thrown) {
      if (thrown === TIMED_OUT) {
        this.registry.appendEvent(record, 'LambdaFunctionTimedOut', {
          lambdaFunctionTimedOutEventDetails: { error: 'States.Timeout' },
        });
        throw await statesTimeoutError();
      }
      const error = lambdaFunctionError(thrown);
      this.registry.appendEvent(record, 'LambdaFunctionFailed', {
        lambdaFunctionFailedEventDetails: { error: error.name, cause: error.message },
      });
      throw error;
    } finally {
      void this.registry.persist(record);
    }
  }

  /** `arn:aws:states:::lambda:invoke` with {FunctionName, Payload}: result wrapped like the AWS integration. */
  private async invokeIntegrationTask(run: ActiveRun, spec: TaskSpec, input: JsonValue): Promise<JsonValue> {
    const record = run.record;
    const { functionName, payload } = invokeParameters(input);
    const deadline = deadlineFor(spec, input, this.ctx.clock);
    const taskDetails = { resourceType: 'lambda', resource: 'invoke' };
    this.registry.appendEvent(record, 'TaskScheduled', {
      taskScheduledEventDetails: {
        ...taskDetails,
        region: regionOf(record.stateMachineArn),
        parameters: JSON.stringify(input),
        ...timeoutDetail(spec, deadline, this.ctx.clock()),
      },
    });
    this.registry.appendEvent(record, 'TaskStarted', { taskStartedEventDetails: taskDetails });
    void this.registry.persist(record);
    try {
      const result = integrationResult(await withDeadline(this.ctx.invokeLambda(functionName, payload), deadline, this.ctx.scheduleTimer, this.ctx.clock));
      this.registry.appendEvent(record, 'TaskSucceeded', {
        taskSucceededEventDetails: { ...taskDetails, output: JSON.stringify(result), outputDetails: { truncated: false } },
      });
      return result as JsonValue;
    } catch (thrown) {
      if (thrown === TIMED_OUT) {
        this.registry.appendEvent(record, 'TaskTimedOut', { taskTimedOutEventDetails: { ...taskDetails, error: 'States.Timeout' } });
        throw await statesTimeoutError();
      }
      const error = lambdaFunctionError(thrown);
      this.registry.appendEvent(record, 'TaskFailed', {
        taskFailedEventDetails: { ...taskDetails, error: error.name, cause: error.message },
      });
      throw error;
    } finally {
      void this.registry.persist(record);
    }
  }

  /** Maps the library's event log onto AWS history events and keeps the persisted position current. */
  private async consumeEvents(run: ActiveRun, handle: RunHandle): Promise<void> {
    const record = run.record;
    try {
      for await (const event of handle.eventLogs) {
        if (run.cancelled === 'detached') continue;
        this.onLibraryEvent(run, record, event);
      }
    } catch (error) {
      console.error(`local-sfn: event log of ${record.executionArn} failed`, error);
    }
  }

  private onLibraryEvent(run: ActiveRun, record: ExecutionRecord, event: LibraryEvent): void {
    switch (event.type) {
      case 'StateEntered': {
        const { name, type, input } = event.state;
        const nested = event.index !== undefined || !run.prepared.topLevelStates.has(name);
        if (!nested && run.resumedEntry === name) {
          // A resumed run re-enters the state it stopped in: history and position already say so.
          run.resumedEntry = undefined;
        } else {
          if (!nested) record.position = { stateName: name, input, enteredAt: this.ctx.clock() };
          this.registry.appendEvent(record, `${type}StateEntered` as HistoryEventType, {
            stateEnteredEventDetails: { name, input: JSON.stringify(input), inputDetails: { truncated: false } },
          });
        }
        this.pushEntry(run, name, input);
        void this.registry.persist(record);
        return;
      }
      case 'StateRetried':
        this.pushEntry(run, event.state.name, event.state.input);
        return;
      case 'StateExited': {
        const { name, type, output } = event.state;
        this.registry.appendEvent(record, `${type}StateExited` as HistoryEventType, {
          stateExitedEventDetails: { name, output: JSON.stringify(output ?? null), outputDetails: { truncated: false } },
        });
        void this.registry.persist(record);
        return;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const detailKey = `mapIteration${event.type.slice('MapIteration'.length)}EventDetails`;
        this.registry.appendEvent(record, event.type, { [detailKey]: { name: event.parentState.name, index: event.index } });
        return;
      }
      default:
        // Execution* events are written by the engine itself; StateFailed/StateCaught have no AWS counterpart.
        return;
    }
  }

  /** No waiter means no invocation follows (e.g. Parameters failed), so the input is dropped, not queued. */
  private pushEntry(run: ActiveRun, stateName: string, input: unknown): void {
    run.entryWaiters.get(stateName)?.shift()?.(input);
  }

  private nextEntry(run: ActiveRun, stateName: string): Promise<unknown> {
    let waiters = run.entryWaiters.get(stateName);
    if (!waiters) {
      waiters = [];
      run.entryWaiters.set(stateName, waiters);
    }
    const queue = waiters;
    return new Promise((resolve) => queue.push(resolve));
  }

  private async onRunSettled(run: ActiveRun, outcome: { output: unknown } | { error: unknown }): Promise<void> {
    await run.drained;
    if (run.cancelled) return;
    const record = run.record;
    if ('output' in outcome) {
      await this.finish(record, 'SUCCEEDED', { output: JSON.stringify(outcome.output ?? null) });
      return;
    }
    const raised = outcome.error instanceof Error && outcome.error.cause instanceof Error ? outcome.error.cause : outcome.error;
    let error = raised instanceof Error ? raised.name : 'States.Runtime';
    let cause = raised instanceof Error ? raised.message : String(raised);
    // A Fail state without Error/Cause: AWS reports none, the library invents placeholders.
    if (error === FAIL_STATE_DEFAULTS.error) error = '';
    if (cause === FAIL_STATE_DEFAULTS.cause) cause = '';
    await this.finish(record, 'FAILED', { ...(error ? { error } : {}), ...(cause ? { cause } : {}) });
  }

  private async timeOutRun(run: ActiveRun): Promise<void> {
    if (run.cancelled || run.record.status !== 'RUNNING') return;
    this.cancelRun(run, 'timedOut');
    await run.drained;
    await this.finishTimedOut(run.record);
  }

  finishTimedOut(record: ExecutionRecord): Promise<void> {
    return this.finish(record, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution timed out' });
  }

  /** Stops a run: pending waits and entry waiters are released so no handler or library timer lingers. */
  cancelRun(run: ActiveRun, reason: CancelReason): void {
    if (run.cancelled) return;
    run.cancelled = reason;
    run.cancelExecutionTimer?.();
    this.tokens.cancelWaits(run, reason);
    for (const waiters of run.entryWaiters.values()) for (const waiter of waiters.splice(0)) waiter(undefined);
    run.handle?.abort();
  }

  async finish(
    record: ExecutionRecord,
    status: Exclude<ExecutionStatus, 'RUNNING' | 'PENDING_REDRIVE'>,
    details: { output?: string; error?: string; cause?: string },
  ): Promise<void> {
    if (record.status !== 'RUNNING') return;
    const run = this.active.get(record.executionArn);
    if (run) {
      run.cancelExecutionTimer?.();
      this.active.delete(record.executionArn);
    }
    record.status = status;
    record.stopDate = this.ctx.clock();
    // A redrive runs the state it stopped in again, with that state's input (not the wait's token or answer).
    if (status !== 'SUCCEEDED' && record.position) record.stoppedAt = { stateName: record.position.stateName, input: record.position.input, enteredAt: record.position.enteredAt };
    delete record.position;
    if (details.output !== undefined) record.output = details.output;
    if (details.error !== undefined) record.error = details.error;
    if (details.cause !== undefined) record.cause = details.cause;
    const errorDetails = { ...(details.error !== undefined ? { error: details.error } : {}), ...(details.cause !== undefined ? { cause: details.cause } : {}) };
    switch (status) {
      case 'SUCCEEDED':
        this.registry.appendEvent(record, 'ExecutionSucceeded', {
          executionSucceededEventDetails: { output: details.output ?? 'null', outputDetails: { truncated: false } },
        });
        break;
      case 'FAILED':
        this.registry.appendEvent(record, 'ExecutionFailed', { executionFailedEventDetails: errorDetails });
        break;
      case 'ABORTED':
        this.registry.appendEvent(record, 'ExecutionAborted', { executionAbortedEventDetails: errorDetails });
        break;
      case 'TIMED_OUT':
        this.registry.appendEvent(record, 'ExecutionTimedOut', { executionTimedOutEventDetails: errorDetails });
        break;
    }
    await this.registry.persist(record);
  }
}
