import './polyfill.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type {
  CreateStateMachineInput,
  CreateStateMachineOutput,
  DescribeExecutionInput,
  DescribeExecutionOutput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  ExecutionStatus,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  HistoryEvent,
  HistoryEventType,
  ListExecutionsInput,
  ListExecutionsOutput,
  ListStateMachinesInput,
  ListStateMachinesOutput,
  RedriveExecutionInput,
  RedriveExecutionOutput,
  SendTaskFailureInput,
  SendTaskFailureOutput,
  SendTaskHeartbeatInput,
  SendTaskHeartbeatOutput,
  SendTaskSuccessInput,
  SendTaskSuccessOutput,
  StartExecutionInput,
  StartExecutionOutput,
  StateMachineType,
  StopExecutionInput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import { StateMachine } from 'aws-local-stepfunctions';
import type { RunOptions } from 'aws-local-stepfunctions';
import { isObject, parseDefinition, prepareDefinition, readSimplePath } from './asl.ts';
import type { PreparedDefinition, TaskSpec } from './asl.ts';
import { lambdaFunctionError, SfnServiceError, stateError } from './errors.ts';
import { CoalescingWriter, documentFileName, journaledSave, readJournaledDocuments, readJsonDocuments } from './store.ts';

export { SfnServiceError } from './errors.ts';
export type { SfnExceptionName } from './errors.ts';

/** Calls a Lambda function; throws an Error whose `name` is the function's errorType when it fails. */
export type InvokeLambda = (functionArn: string, payload: unknown) => Promise<unknown>;

/** Runs `callback` after `delayMs`; returns a canceller. Injectable so tests can drive deadlines. */
export type ScheduleTimer = (callback: () => void, delayMs: number) => () => void;

export interface LocalStepFunctionsOptions {
  /** Directory for state machines and executions (JSON, written atomically); reused across restarts. */
  readonly stateDir: string;
  readonly invokeLambda: InvokeLambda;
  /** Source of "now" for dates, history timestamps and deadlines. */
  readonly clock?: () => Date;
  /** Timer used for TimeoutSeconds (task and execution); defaults to chunked, unref'd setTimeout. */
  readonly scheduleTimer?: ScheduleTimer;
  /** Region and account for ARNs built from a name (default AWS_REGION or us-east-1, 123456789012). */
  readonly region?: string;
  readonly accountId?: string;
  /** If set, every Retry waits this many ms instead of IntervalSeconds × BackoffRate (fast local loops). */
  readonly retryIntervalMs?: number;
  /**
   * AWS returns the existing execution for a repeated name + identical input only while it is RUNNING.
   * By default this emulator also does so after it has finished (idempotent submit); set true for AWS's rule.
   */
  readonly strictNameReuse?: boolean;
}

/** CreateStateMachine input; `stateMachineArn` (an extension) registers the machine under a given ARN. */
export type CreateStateMachineRequest = Pick<CreateStateMachineInput, 'name' | 'definition'> &
  Partial<Pick<CreateStateMachineInput, 'roleArn' | 'type'>> & { readonly stateMachineArn?: string };

// ---------------------------------------------------------------------------------------------------------
// Records (in memory; persisted as JSON with ISO dates)

interface StateMachineRecord {
  stateMachineArn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: StateMachineType;
  creationDate: Date;
}

type TaskOutcome = { readonly output: unknown } | { readonly error: string; readonly cause: string };

interface WaitingTask {
  token: string;
  since: Date;
  deadline?: Date;
  /** Set (and persisted) when SendTaskSuccess/Failure arrives, so a restart replays the answer, not the wait. */
  outcome?: TaskOutcome;
  /** The Lambda that received the token returned: after a restart the wait resumes without calling it again. */
  handedOut?: boolean;
}

/** Where an execution is: the last top-level state entered, with its raw input (before InputPath/Parameters). */
interface Position {
  stateName: string;
  input: unknown;
  enteredAt: Date;
  waiting?: WaitingTask;
}

interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  /** Execution-level TimeoutSeconds, fixed at start so restarts do not extend it. */
  deadline?: Date;
  position?: Position;
  /** Where a FAILED, TIMED_OUT or ABORTED execution stopped: RedriveExecution runs this state again with this input. */
  stoppedAt?: Position;
  /** Successful RedriveExecution calls ($$.Execution.RedriveCount). */
  redriveCount?: number;
  redriveDate?: Date;
  events: HistoryEvent[];
  /** How many times the execution was (re)started by an engine. */
  launches: number;
}

// ---------------------------------------------------------------------------------------------------------
// Runtime state of one library run (a fresh run per start or resume)

type RunHandle = ReturnType<StateMachine['run']>;
type LibraryEvent = RunHandle['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type JsonValue = Parameters<TaskHandlers[string]>[0];

type CancelReason = 'stopped' | 'timedOut' | 'detached';


interface ActiveRun {
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

interface PendingTask {
  readonly run: ActiveRun;
  readonly stateName: string;
  readonly position: Position;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
  cancelTimer?: () => void;
}

interface CachedMachine {
  readonly definition: string;
  readonly prepared: PreparedDefinition;
  readonly machine: StateMachine;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const STATE_MACHINE_ARN = /^(arn:[a-z-]+:states:[a-z0-9-]*:\d*):stateMachine:([^:]+)$/;
const FAIL_STATE_DEFAULTS = { error: 'FailStateError', cause: 'Execution failed because of a Fail state' };

/**
 * A Step Functions emulator for Lambda-only JSONPath state machines, on top of aws-local-stepfunctions.
 * Methods mirror the SFN API (same input/output shapes, dates as Date) and throw {@link SfnServiceError}s
 * named like AWS exceptions. Executions run concurrently; each is persisted under `stateDir` on every change
 * and RUNNING ones resume when their state machine is created again by a new engine (or on {@link resume}).
 */
export class LocalStepFunctions {
  private readonly stateDir: string;
  private readonly invokeLambda: InvokeLambda;
  private readonly clock: () => Date;
  private readonly scheduleTimer: ScheduleTimer;
  private readonly region: string;
  private readonly accountId: string;
  private readonly retryIntervalMs: number | undefined;
  private readonly strictNameReuse: boolean;

  private readonly stateMachines = new Map<string, StateMachineRecord>();
  /** ARNs created (or re-created) through this engine instance; others are only known from disk. */
  private readonly registered = new Set<string>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly executionsByName = new Map<string, Map<string, ExecutionRecord>>();
  private readonly active = new Map<string, ActiveRun>();
  private readonly pending = new Map<string, PendingTask>();
  private readonly writers = new Map<string, CoalescingWriter>();
  private readonly machines = new Map<string, CachedMachine>();
  private closed = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.stateDir = options.stateDir;
    this.invokeLambda = options.invokeLambda;
    this.clock = options.clock ?? (() => new Date());
    this.scheduleTimer = options.scheduleTimer ?? defaultScheduleTimer;
    this.region = options.region ?? process.env['AWS_REGION'] ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.retryIntervalMs = options.retryIntervalMs;
    this.strictNameReuse = options.strictNameReuse ?? false;
    void discoverStatesTimeoutError();
    this.load();
  }

  // -------------------------------------------------------------------------------------------------------
  // State machines

  async createStateMachine(input: CreateStateMachineRequest): Promise<CreateStateMachineOutput> {
    const name = required(input.name, 'name');
    if (!NAME_PATTERN.test(name)) throw new SfnServiceError('InvalidName', `Invalid Name: '${name}'`);
    const definition = required(input.definition, 'definition');
    validateDefinition(definition);
    const type = input.type ?? 'STANDARD';
    if (type !== 'STANDARD' && type !== 'EXPRESS') {
      throw new SfnServiceError('StateMachineTypeNotSupported', `State machine type not supported: ${type}`);
    }
    const stateMachineArn = input.stateMachineArn ?? `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
    parseStateMachineArn(stateMachineArn);
    const roleArn = input.roleArn ?? `arn:aws:iam::${this.accountId}:role/local-sfn`;

    const existing = this.stateMachines.get(stateMachineArn);
    if (existing && this.registered.has(stateMachineArn)) {
      // AWS: identical re-creation is idempotent, anything else conflicts.
      if (existing.definition !== definition || existing.roleArn !== roleArn || existing.type !== type) {
        throw new SfnServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${stateMachineArn}'`);
      }
      return { stateMachineArn, creationDate: existing.creationDate };
    }

    // A machine known only from disk is being redeployed after a restart: take the (possibly newer)
    // definition, then resume its unfinished executions.
    const record: StateMachineRecord = existing
      ? Object.assign(existing, { definition, roleArn, type })
      : { stateMachineArn, name, definition, roleArn, type, creationDate: this.clock() };
    this.stateMachines.set(stateMachineArn, record);
    this.registered.add(stateMachineArn);
    await this.persistStateMachine(record);
    if (existing) await this.resume(stateMachineArn);
    return { stateMachineArn, creationDate: record.creationDate };
  }

  async describeStateMachine(input: DescribeStateMachineInput): Promise<DescribeStateMachineOutput> {
    const record = this.stateMachine(required(input.stateMachineArn, 'stateMachineArn'));
    return {
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: 'ACTIVE',
      definition: record.definition,
      roleArn: record.roleArn,
      type: record.type,
      creationDate: record.creationDate,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    };
  }

  async listStateMachines(input: ListStateMachinesInput = {}): Promise<ListStateMachinesOutput> {
    const all = [...this.stateMachines.values()].sort((a, b) => a.name.localeCompare(b.name));
    const { items, nextToken } = page(all, input.maxResults, input.nextToken);
    return {
      stateMachines: items.map((sm) => ({
        stateMachineArn: sm.stateMachineArn,
        name: sm.name,
        type: sm.type,
        creationDate: sm.creationDate,
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  // -------------------------------------------------------------------------------------------------------
  // Executions

  async startExecution(input: StartExecutionInput): Promise<StartExecutionOutput> {
    const stateMachine = this.stateMachine(required(input.stateMachineArn, 'stateMachineArn'));
    const name = input.name ?? randomUUID();
    if (!NAME_PATTERN.test(name)) throw new SfnServiceError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = input.input ?? '{}';
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(inputText);
    } catch {
      throw new SfnServiceError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
    }

    // The check and the registration below run in one synchronous stretch, so concurrent duplicate
    // starts cannot both pass it.
    const byName = this.executionsByName.get(stateMachine.stateMachineArn);
    const existing = byName?.get(name);
    if (existing) {
      const reusable = !this.strictNameReuse || existing.status === 'RUNNING';
      if (reusable && jsonEquals(JSON.parse(existing.input), parsedInput)) {
        return { executionArn: existing.executionArn, startDate: existing.startDate };
      }
      throw new SfnServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
    }

    const startDate = this.clock();
    const executionTimeout = this.machineFor(stateMachine, undefined).prepared.executionTimeoutSeconds;
    const record: ExecutionRecord = {
      executionArn: executionArnFor(stateMachine.stateMachineArn, name),
      stateMachineArn: stateMachine.stateMachineArn,
      name,
      input: inputText,
      status: 'RUNNING',
      startDate,
      ...(executionTimeout !== undefined ? { deadline: new Date(startDate.getTime() + executionTimeout * 1000) } : {}),
      events: [],
      launches: 0,
    };
    this.index(record);
    this.appendEvent(record, 'ExecutionStarted', {
      executionStartedEventDetails: { input: inputText, inputDetails: { truncated: false }, roleArn: stateMachine.roleArn },
    });
    await this.persist(record);
    this.launch(record, stateMachine, undefined);
    return { executionArn: record.executionArn, startDate };
  }

  async describeExecution(input: DescribeExecutionInput): Promise<DescribeExecutionOutput> {
    const record = this.execution(required(input.executionArn, 'executionArn'));
    return {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: record.startDate,
      input: record.input,
      inputDetails: { included: true },
      ...(record.stopDate ? { stopDate: record.stopDate } : {}),
      ...(record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
      redriveCount: record.redriveCount ?? 0,
      ...(record.redriveDate ? { redriveDate: record.redriveDate } : {}),
      ...redriveStatus(record),
    };
  }

  /**
   * AWS RedriveExecution: a FAILED, TIMED_OUT or ABORTED Standard execution continues from the state it stopped
   * in, which runs again with the input it had (states that succeeded are not run again); same ARN, same
   * definition, RedriveCount + 1, an ExecutionRedriven event, the execution timeout counted afresh.
   */
  async redriveExecution(input: RedriveExecutionInput): Promise<RedriveExecutionOutput> {
    const record = this.execution(required(input.executionArn, 'executionArn'));
    const { redriveStatus: status, redriveStatusReason } = redriveStatus(record);
    if (status !== 'REDRIVABLE') throw new SfnServiceError('ExecutionNotRedrivable', `Execution is not redrivable: ${redriveStatusReason ?? ''}`);
    const stateMachine = this.stateMachine(record.stateMachineArn);
    const from = record.stoppedAt;
    const redriveDate = this.clock();
    record.status = 'RUNNING';
    record.redriveCount = (record.redriveCount ?? 0) + 1;
    record.redriveDate = redriveDate;
    delete record.stopDate;
    delete record.error;
    delete record.cause;
    delete record.output;
    delete record.stoppedAt;
    const executionTimeout = this.machineFor(stateMachine, undefined).prepared.executionTimeoutSeconds;
    if (executionTimeout !== undefined) record.deadline = new Date(redriveDate.getTime() + executionTimeout * 1000);
    this.appendEvent(record, 'ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount: record.redriveCount } });
    await this.persist(record);
    // The stopped state runs again from its entry (a new StateEntered, a new token for a wait).
    this.launch(record, stateMachine, from ? { stateName: from.stateName, input: from.input, enteredAt: redriveDate } : undefined, { reenter: true });
    return { redriveDate };
  }

  async stopExecution(input: StopExecutionInput): Promise<StopExecutionOutput> {
    const record = this.execution(required(input.executionArn, 'executionArn'));
    if (record.status !== 'RUNNING') return { stopDate: record.stopDate ?? this.clock() };
    const run = this.active.get(record.executionArn);
    if (run) {
      this.cancelRun(run, 'stopped');
      await run.drained;
    }
    await this.finish(record, 'ABORTED', {
      ...(input.error !== undefined ? { error: input.error } : {}),
      ...(input.cause !== undefined ? { cause: input.cause } : {}),
    });
    return { stopDate: record.stopDate ?? this.clock() };
  }

  async listExecutions(input: ListExecutionsInput): Promise<ListExecutionsOutput> {
    const stateMachineArn = required(input.stateMachineArn, 'stateMachineArn');
    this.stateMachine(stateMachineArn);
    const matching = [...(this.executionsByName.get(stateMachineArn)?.values() ?? [])]
      .filter((record) => input.statusFilter === undefined || record.status === input.statusFilter)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime() || a.name.localeCompare(b.name));
    const { items, nextToken } = page(matching, input.maxResults, input.nextToken);
    return {
      executions: items.map(
        (record): ExecutionListItem => ({
          executionArn: record.executionArn,
          stateMachineArn: record.stateMachineArn,
          name: record.name,
          status: record.status,
          startDate: record.startDate,
          ...(record.stopDate ? { stopDate: record.stopDate } : {}),
        }),
      ),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  async getExecutionHistory(input: GetExecutionHistoryInput): Promise<GetExecutionHistoryOutput> {
    const record = this.execution(required(input.executionArn, 'executionArn'));
    const ordered = input.reverseOrder ? [...record.events].reverse() : record.events;
    const withData = input.includeExecutionData ?? true;
    const { items, nextToken } = page(ordered, input.maxResults, input.nextToken);
    return {
      events: items.map((event) => (withData ? structuredClone(event) : withoutExecutionData(event))),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  // -------------------------------------------------------------------------------------------------------
  // Task tokens

  async sendTaskSuccess(input: SendTaskSuccessInput): Promise<SendTaskSuccessOutput> {
    const task = this.pendingTask(input.taskToken);
    let output: unknown;
    try {
      output = JSON.parse(required(input.output, 'output'));
    } catch (error) {
      if (error instanceof SfnServiceError) throw error;
      throw new SfnServiceError('InvalidOutput', 'Invalid Output: not valid JSON');
    }
    await this.settle(task, { output });
    return {};
  }

  async sendTaskFailure(input: SendTaskFailureInput): Promise<SendTaskFailureOutput> {
    const task = this.pendingTask(input.taskToken);
    await this.settle(task, { error: input.error ?? '', cause: input.cause ?? '' });
    return {};
  }

  async sendTaskHeartbeat(input: SendTaskHeartbeatInput): Promise<SendTaskHeartbeatOutput> {
    // HeartbeatSeconds is not enforced; the call only confirms the token is live.
    this.pendingTask(input.taskToken);
    return {};
  }

  // -------------------------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * Restarts RUNNING executions that have no live run in this engine (after a restart), from their last
   * persisted position: a waiting task is entered again (new token, register function invoked again, the
   * original deadline kept) unless its answer was already recorded; any other state is re-run from its input.
   * Runs only executions of machines created through this engine unless `stateMachineArn` names one.
   * Returns the resumed execution ARNs.
   */
  async resume(stateMachineArn?: string): Promise<string[]> {
    const resumed: string[] = [];
    const finishing: Promise<void>[] = [];
    for (const record of this.executions.values()) {
      if (record.status !== 'RUNNING' || this.active.has(record.executionArn)) continue;
      if (stateMachineArn ? record.stateMachineArn !== stateMachineArn : !this.registered.has(record.stateMachineArn)) continue;
      const stateMachine = this.stateMachines.get(record.stateMachineArn);
      if (!stateMachine) continue;
      if (record.deadline && record.deadline.getTime() <= this.clock().getTime()) {
        finishing.push(this.finishTimedOut(record));
        continue;
      }
      const position = record.position;
      if (position && !this.machineFor(stateMachine, undefined).prepared.topLevelStates.has(position.stateName)) {
        finishing.push(
          this.finish(record, 'FAILED', {
            error: 'States.Runtime',
            cause: `Cannot resume: state '${position.stateName}' is not in the current definition`,
          }),
        );
        continue;
      }
      this.launch(record, stateMachine, position);
      resumed.push(record.executionArn);
    }
    await Promise.all(finishing);
    return resumed;
  }

  /**
   * Lets go of every run without recording anything (as if the process died: RUNNING stays RUNNING on disk),
   * clears timers and waits for pending writes. Use a new engine over the same stateDir to resume.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const run of this.active.values()) this.cancelRun(run, 'detached');
    this.active.clear();
    await Promise.all([...this.writers.values()].map((writer) => writer.idle()));
  }

  // -------------------------------------------------------------------------------------------------------
  // Running

  /** `reenter`: the run enters `from` anew (a redrive), rather than continuing an entry already in the history (a resume). */
  private launch(record: ExecutionRecord, stateMachine: StateMachineRecord, from: Position | undefined, options: { reenter?: boolean } = {}): void {
    const cached = this.machineFor(stateMachine, from?.stateName);
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
      this.retryIntervalMs === undefined
        ? undefined
        : Object.fromEntries(cached.prepared.retryStates.map((name) => [name, this.retryIntervalMs ?? 0]));
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
      const delay = record.deadline.getTime() - this.clock().getTime();
      run.cancelExecutionTimer = this.scheduleTimer(() => background(this.timeOutRun(run)), Math.max(0, delay));
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
        return this.waitForTaskToken(run, stateName, spec, input, rawInput, token ?? '', resumeFrom);
      default:
        throw stateError('States.Runtime', `Resource '${spec.resource}' is not supported by the local Step Functions`, {
          recoverable: false,
        });
    }
  }

  /** `Resource: arn:aws:lambda:...:function:X`: the effective input is the event, the result is the output. */
  private async invokeFunctionTask(run: ActiveRun, spec: TaskSpec, input: JsonValue): Promise<JsonValue> {
    const record = run.record;
    const deadline = this.deadlineFor(spec, input);
    this.appendEvent(record, 'LambdaFunctionScheduled', {
      lambdaFunctionScheduledEventDetails: {
        resource: spec.resource,
        input: JSON.stringify(input),
        inputDetails: { truncated: false },
        ...timeoutDetail(spec, deadline, this.clock()),
      },
    });
    this.appendEvent(record, 'LambdaFunctionStarted', {});
    void this.persist(record);
    try {
      const result = await this.withDeadline(this.invokeLambda(spec.resource, input), deadline);
      this.appendEvent(record, 'LambdaFunctionSucceeded', {
        lambdaFunctionSucceededEventDetails: { output: JSON.stringify(result ?? null), outputDetails: { truncated: false } },
      });
      return (result ?? null) as JsonValue;
    } catch (thrown) {
      if (thrown === TIMED_OUT) {
        this.appendEvent(record, 'LambdaFunctionTimedOut', {
          lambdaFunctionTimedOutEventDetails: { error: 'States.Timeout' },
        });
        throw await statesTimeoutError();
      }
      const error = lambdaFunctionError(thrown);
      this.appendEvent(record, 'LambdaFunctionFailed', {
        lambdaFunctionFailedEventDetails: { error: error.name, cause: error.message },
      });
      throw error;
    } finally {
      void this.persist(record);
    }
  }

  /** `arn:aws:states:::lambda:invoke` with {FunctionName, Payload}: result wrapped like the AWS integration. */
  private async invokeIntegrationTask(run: ActiveRun, spec: TaskSpec, input: JsonValue): Promise<JsonValue> {
    const record = run.record;
    const { functionName, payload } = invokeParameters(input);
    const deadline = this.deadlineFor(spec, input);
    const taskDetails = { resourceType: 'lambda', resource: 'invoke' };
    this.appendEvent(record, 'TaskScheduled', {
      taskScheduledEventDetails: {
        ...taskDetails,
        region: regionOf(record.stateMachineArn),
        parameters: JSON.stringify(input),
        ...timeoutDetail(spec, deadline, this.clock()),
      },
    });
    this.appendEvent(record, 'TaskStarted', { taskStartedEventDetails: taskDetails });
    void this.persist(record);
    try {
      const result = integrationResult(await this.withDeadline(this.invokeLambda(functionName, payload), deadline));
      this.appendEvent(record, 'TaskSucceeded', {
        taskSucceededEventDetails: { ...taskDetails, output: JSON.stringify(result), outputDetails: { truncated: false } },
      });
      return result as JsonValue;
    } catch (thrown) {
      if (thrown === TIMED_OUT) {
        this.appendEvent(record, 'TaskTimedOut', { taskTimedOutEventDetails: { ...taskDetails, error: 'States.Timeout' } });
        throw await statesTimeoutError();
      }
      const error = lambdaFunctionError(thrown);
      this.appendEvent(record, 'TaskFailed', {
        taskFailedEventDetails: { ...taskDetails, error: error.name, cause: error.message },
      });
      throw error;
    } finally {
      void this.persist(record);
    }
  }

  /**
   * `arn:aws:states:::lambda:invoke.waitForTaskToken`: persist the wait, invoke the function with the token in
   * its Payload, then wait for SendTaskSuccess/SendTaskFailure, the state's TimeoutSeconds, or a stop.
   */
  private async waitForTaskToken(
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
    const now = this.clock();
    const deadline = resumeFrom?.waiting?.deadline ?? this.deadlineFor(spec, input);
    if (!handedOut) this.appendEvent(record, 'TaskScheduled', {
      taskScheduledEventDetails: {
        ...taskDetails,
        region: regionOf(record.stateMachineArn),
        parameters: JSON.stringify(input),
        ...timeoutDetail(spec, deadline, now),
      },
    });
    if (deadline && deadline.getTime() <= now.getTime()) {
      this.appendEvent(record, 'TaskTimedOut', { taskTimedOutEventDetails: { ...taskDetails, error: 'States.Timeout' } });
      void this.persist(record);
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
      await this.persist(record);
    } catch (error) {
      this.dropPending(token);
      throw error;
    }
    if (deadline) {
      task.cancelTimer = this.scheduleTimer(
        () => background(this.timeOutTask(token)),
        Math.max(0, deadline.getTime() - this.clock().getTime()),
      );
    }
    if (run.cancelled) throw cancelledError(run.cancelled);
    if (handedOut) return (await answer) as JsonValue;

    this.appendEvent(record, 'TaskStarted', { taskStartedEventDetails: taskDetails });
    try {
      const result = await this.invokeLambda(functionName, payload);
      this.appendEvent(record, 'TaskSubmitted', {
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
        this.appendEvent(record, 'TaskFailed', {
          taskFailedEventDetails: { ...taskDetails, error: error.name, cause: error.message },
        });
        void this.persist(record);
        throw error;
      }
    }
    if (position.waiting && this.pending.get(token) === task) position.waiting.handedOut = true;
    void this.persist(record);
    return (await answer) as JsonValue;
  }

  /**
   * Records the answer durably (a restart then replays it instead of waiting again) and only then lets the
   * waiting task continue and the API call return.
   */
  private async settle(task: PendingTask, outcome: TaskOutcome): Promise<void> {
    const token = task.position.waiting?.token ?? '';
    this.dropPending(token);
    const record = task.run.record;
    const taskDetails = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    if (task.position.waiting) task.position.waiting.outcome = outcome;
    if ('output' in outcome) {
      this.appendEvent(record, 'TaskSucceeded', {
        taskSucceededEventDetails: { ...taskDetails, output: JSON.stringify(outcome.output), outputDetails: { truncated: false } },
      });
    } else {
      this.appendEvent(record, 'TaskFailed', {
        taskFailedEventDetails: { ...taskDetails, error: outcome.error, cause: outcome.cause },
      });
    }
    try {
      await this.persist(record);
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
    this.appendEvent(task.run.record, 'TaskTimedOut', {
      taskTimedOutEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', error: 'States.Timeout' },
    });
    void this.persist(task.run.record);
    task.reject(await statesTimeoutError());
  }

  private dropPending(token: string): void {
    const task = this.pending.get(token);
    if (!task) return;
    this.pending.delete(token);
    task.run.waitingTokens.delete(token);
    task.cancelTimer?.();
  }

  private pendingTask(taskToken: string | undefined): PendingTask {
    const token = required(taskToken, 'taskToken');
    const task = this.pending.get(token);
    if (task) return task;
    const owner = tokenOwner(token);
    if (owner === undefined) throw new SfnServiceError('InvalidToken', 'Invalid Token');
    if (this.executions.has(owner)) {
      // A token of a known execution whose task has ended (answered, timed out, stopped, or re-issued on resume).
      throw new SfnServiceError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    }
    throw new SfnServiceError('TaskDoesNotExist', 'Task Does Not Exist');
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
          if (!nested) record.position = { stateName: name, input, enteredAt: this.clock() };
          this.appendEvent(record, `${type}StateEntered` as HistoryEventType, {
            stateEnteredEventDetails: { name, input: JSON.stringify(input), inputDetails: { truncated: false } },
          });
        }
        this.pushEntry(run, name, input);
        void this.persist(record);
        return;
      }
      case 'StateRetried':
        this.pushEntry(run, event.state.name, event.state.input);
        return;
      case 'StateExited': {
        const { name, type, output } = event.state;
        this.appendEvent(record, `${type}StateExited` as HistoryEventType, {
          stateExitedEventDetails: { name, output: JSON.stringify(output ?? null), outputDetails: { truncated: false } },
        });
        void this.persist(record);
        return;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const detailKey = `mapIteration${event.type.slice('MapIteration'.length)}EventDetails`;
        this.appendEvent(record, event.type, { [detailKey]: { name: event.parentState.name, index: event.index } });
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

  private finishTimedOut(record: ExecutionRecord): Promise<void> {
    return this.finish(record, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution timed out' });
  }

  /** Stops a run: pending waits and entry waiters are released so no handler or library timer lingers. */
  private cancelRun(run: ActiveRun, reason: CancelReason): void {
    if (run.cancelled) return;
    run.cancelled = reason;
    run.cancelExecutionTimer?.();
    for (const token of [...run.waitingTokens]) {
      const task = this.pending.get(token);
      this.dropPending(token);
      task?.reject(cancelledError(reason));
    }
    for (const waiters of run.entryWaiters.values()) for (const waiter of waiters.splice(0)) waiter(undefined);
    run.handle?.abort();
  }

  private async finish(
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
    record.stopDate = this.clock();
    // A redrive runs the state it stopped in again, with that state's input (not the wait's token or answer).
    if (status !== 'SUCCEEDED' && record.position) record.stoppedAt = { stateName: record.position.stateName, input: record.position.input, enteredAt: record.position.enteredAt };
    delete record.position;
    if (details.output !== undefined) record.output = details.output;
    if (details.error !== undefined) record.error = details.error;
    if (details.cause !== undefined) record.cause = details.cause;
    const errorDetails = { ...(details.error !== undefined ? { error: details.error } : {}), ...(details.cause !== undefined ? { cause: details.cause } : {}) };
    switch (status) {
      case 'SUCCEEDED':
        this.appendEvent(record, 'ExecutionSucceeded', {
          executionSucceededEventDetails: { output: details.output ?? 'null', outputDetails: { truncated: false } },
        });
        break;
      case 'FAILED':
        this.appendEvent(record, 'ExecutionFailed', { executionFailedEventDetails: errorDetails });
        break;
      case 'ABORTED':
        this.appendEvent(record, 'ExecutionAborted', { executionAbortedEventDetails: errorDetails });
        break;
      case 'TIMED_OUT':
        this.appendEvent(record, 'ExecutionTimedOut', { executionTimedOutEventDetails: errorDetails });
        break;
    }
    await this.persist(record);
  }

  // -------------------------------------------------------------------------------------------------------
  // Helpers

  private machineFor(stateMachine: StateMachineRecord, startAt: string | undefined): CachedMachine {
    const key = `${stateMachine.stateMachineArn}\n${startAt ?? ''}`;
    const cached = this.machines.get(key);
    if (cached && cached.definition === stateMachine.definition) return cached;
    const prepared = prepareDefinition(parseDefinition(stateMachine.definition), startAt);
    // Validated in createStateMachine; the rewritten copy may leave states unreachable (resume), which the
    // validator would reject.
    const machine = new StateMachine(prepared.definition, { validationOptions: { noValidate: true } });
    const entry: CachedMachine = { definition: stateMachine.definition, prepared, machine };
    this.machines.set(key, entry);
    return entry;
  }

  private deadlineFor(spec: TaskSpec, effectiveInput: unknown): Date | undefined {
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
    return seconds === undefined ? undefined : new Date(this.clock().getTime() + seconds * 1000);
  }

  /** Races `work` against `deadline`; rejects with the TIMED_OUT marker when the deadline passes first. */
  private withDeadline<T>(work: Promise<T>, deadline: Date | undefined): Promise<T> {
    if (!deadline) return work;
    return new Promise<T>((resolve, reject) => {
      const cancel = this.scheduleTimer(() => reject(TIMED_OUT), Math.max(0, deadline.getTime() - this.clock().getTime()));
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

  private appendEvent(record: ExecutionRecord, type: HistoryEventType, details: Partial<HistoryEvent>): void {
    const id = record.events.length + 1;
    record.events.push({ timestamp: this.clock(), type, id, previousEventId: id - 1, ...details });
  }

  private stateMachine(arn: string): StateMachineRecord {
    parseStateMachineArn(arn);
    const record = this.stateMachines.get(arn);
    if (!record) throw new SfnServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return record;
  }

  private execution(arn: string): ExecutionRecord {
    const record = this.executions.get(arn);
    if (!record) {
      if (!/^arn:[a-z-]+:states:[a-z0-9-]*:\d*:execution:[^:]+:[^:]+$/.test(arn)) {
        throw new SfnServiceError('InvalidArn', `Invalid Arn: '${arn}'`);
      }
      throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    }
    return record;
  }

  private index(record: ExecutionRecord): void {
    this.executions.set(record.executionArn, record);
    let byName = this.executionsByName.get(record.stateMachineArn);
    if (!byName) {
      byName = new Map();
      this.executionsByName.set(record.stateMachineArn, byName);
    }
    byName.set(record.name, record);
  }

  private persist(record: ExecutionRecord): Promise<void> {
    if (this.closed) return Promise.resolve();
    let writer = this.writers.get(record.executionArn);
    if (!writer) {
      const file = join(this.stateDir, 'executions', documentFileName(`${record.stateMachineArn.split(':').pop()}-${record.name}`, record.executionArn));
      // The history is appended, not rewritten (store.ts); records read from disk got their writer in load().
      writer = new CoalescingWriter(file, journaledSave(file, () => record));
      this.writers.set(record.executionArn, writer);
    }
    return writer.write();
  }

  private persistStateMachine(record: StateMachineRecord): Promise<void> {
    let writer = this.writers.get(record.stateMachineArn);
    if (!writer) {
      const file = join(this.stateDir, 'state-machines', documentFileName(record.name, record.stateMachineArn));
      writer = CoalescingWriter.json(file, () => record);
      this.writers.set(record.stateMachineArn, writer);
    }
    return writer.write();
  }

  private load(): void {
    for (const raw of readJsonDocuments(join(this.stateDir, 'state-machines'))) {
      const record = raw as StateMachineRecord;
      record.creationDate = new Date(record.creationDate);
      this.stateMachines.set(record.stateMachineArn, record);
    }
    for (const { record, file, position } of readJournaledDocuments(join(this.stateDir, 'executions'))) {
      const execution = reviveExecution(record as ExecutionRecord);
      this.index(execution);
      // Its writer continues the journal from where it stands.
      this.writers.set(execution.executionArn, new CoalescingWriter(file, journaledSave(file, () => execution, position)));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Module helpers

/** Rejection marker for {@link LocalStepFunctions.withDeadline}. */
const TIMED_OUT = Symbol('timed out');

let timeoutErrorFactory: Promise<() => Error> | undefined;

/**
 * The library treats `States.TaskFailed` as matching every task error except instances of its own
 * (unexported) StatesTimeoutError class. One 1 ms run that times out hands us that class, so the timeouts the
 * engine raises behave exactly like the library's.
 */
function discoverStatesTimeoutError(): Promise<() => Error> {
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

async function statesTimeoutError(): Promise<Error> {
  return (await discoverStatesTimeoutError())();
}

function cancelledError(reason: CancelReason): Error {
  return stateError('States.Runtime', `Execution ${reason}`, { recoverable: false });
}

/** Tokens carry their execution ARN so a stale token can be told apart from a forged one. */
function newTaskToken(executionArn: string): string {
  return `${Buffer.from(executionArn).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
}

function tokenOwner(token: string): string | undefined {
  const match = /^([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]{43}$/.exec(token);
  if (!match?.[1]) return undefined;
  const arn = Buffer.from(match[1], 'base64url').toString('utf8');
  return arn.startsWith('arn:') && arn.includes(':execution:') ? arn : undefined;
}

/** Finds the token issued for this task inside its resolved Parameters. */
function claimToken(run: ActiveRun, input: unknown): string | undefined {
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

/** Runs a promise nobody awaits, reporting (not crashing on) its failure. */
function background(work: Promise<unknown>): void {
  work.catch((error: unknown) => console.error('local-sfn: background work failed', error));
}

function invokeParameters(input: unknown): { functionName: string; payload: unknown } {
  if (!isObject(input) || typeof input['FunctionName'] !== 'string') {
    throw stateError('States.Runtime', 'lambda:invoke needs Parameters.FunctionName', { recoverable: false });
  }
  return { functionName: input['FunctionName'], payload: input['Payload'] ?? {} };
}

/** What the optimised `lambda:invoke` integration returns on AWS (minus the SDK metadata). */
function integrationResult(payload: unknown): { ExecutedVersion: string; Payload: unknown; StatusCode: number } {
  return { ExecutedVersion: '$LATEST', Payload: payload ?? null, StatusCode: 200 };
}

function timeoutDetail(spec: TaskSpec, deadline: Date | undefined, now: Date): { timeoutInSeconds?: number } {
  if (spec.timeoutSeconds !== undefined) return { timeoutInSeconds: spec.timeoutSeconds };
  return deadline ? { timeoutInSeconds: Math.ceil((deadline.getTime() - now.getTime()) / 1000) } : {};
}

function validateDefinition(definition: string): void {
  try {
    // The library's constructor runs asl-validator (ARNs and JSONPaths checked).
    new StateMachine(parseDefinition(definition) as unknown as ConstructorParameters<typeof StateMachine>[0]);
  } catch (error) {
    throw new SfnServiceError('InvalidDefinition', `Invalid State Machine Definition: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function regionOf(arn: string): string {
  return arn.split(':')[3] ?? '';
}

function parseStateMachineArn(arn: string): { prefix: string; name: string } {
  const match = STATE_MACHINE_ARN.exec(arn);
  if (!match?.[1] || !match[2]) throw new SfnServiceError('InvalidArn', `Invalid Arn: '${arn}'`);
  return { prefix: match[1], name: match[2] };
}

function executionArnFor(stateMachineArn: string, executionName: string): string {
  const { prefix, name } = parseStateMachineArn(stateMachineArn);
  return `${prefix}:execution:${name}:${executionName}`;
}

function required<T>(value: T | undefined | null, field: string): T {
  if (value === undefined || value === null) {
    throw new SfnServiceError('ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function page<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  const size = maxResults && maxResults > 0 ? Math.min(maxResults, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  let start = 0;
  if (nextToken) {
    start = Number(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new SfnServiceError('InvalidToken', 'Invalid Token: nextToken');
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

function withoutExecutionData(event: HistoryEvent): HistoryEvent {
  const copy = structuredClone(event) as unknown as Record<string, unknown>;
  for (const value of Object.values(copy)) {
    if (isObject(value)) {
      delete value['input'];
      delete value['output'];
      delete value['parameters'];
    }
  }
  return copy as unknown as HistoryEvent;
}

function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEquals(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && jsonEquals(a[key], b[key]));
  }
  return false;
}

/** Whether RedriveExecution would accept the execution, as DescribeExecution reports it. */
function redriveStatus(record: ExecutionRecord): { redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE'; redriveStatusReason?: string } {
  if (record.status === 'RUNNING') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is RUNNING and cannot be redriven' };
  if (record.status === 'SUCCEEDED') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' };
  return { redriveStatus: 'REDRIVABLE' };
}

function reviveExecution(record: ExecutionRecord): ExecutionRecord {
  const date = (value: Date | string): Date => new Date(value);
  record.startDate = date(record.startDate);
  if (record.redriveDate) record.redriveDate = date(record.redriveDate);
  if (record.stoppedAt) record.stoppedAt.enteredAt = date(record.stoppedAt.enteredAt);
  if (record.stopDate) record.stopDate = date(record.stopDate);
  if (record.deadline) record.deadline = date(record.deadline);
  if (record.position) {
    record.position.enteredAt = date(record.position.enteredAt);
    const waiting = record.position.waiting;
    if (waiting) {
      waiting.since = date(waiting.since);
      if (waiting.deadline) waiting.deadline = date(waiting.deadline);
    }
  }
  for (const event of record.events) event.timestamp = date(event.timestamp ?? new Date(0));
  return record;
}

/** setTimeout in chunks (a single delay above 2^31-1 ms would fire at once), unref'd so it never pins the process. */
function defaultScheduleTimer(callback: () => void, delayMs: number): () => void {
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
