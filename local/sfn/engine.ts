import './polyfill.ts';
import { randomUUID } from 'node:crypto';
import type {
  CreateStateMachineInput,
  CreateStateMachineOutput,
  DescribeExecutionInput,
  DescribeExecutionOutput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  HistoryEvent,
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
  StopExecutionInput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import { StateMachine } from 'aws-local-stepfunctions';
import { isObject, parseDefinition } from './asl.ts';
import { SfnServiceError } from './errors.ts';
import { ExecutionRunner } from './execution.ts';
import { executionArnFor, parseStateMachineArn, required } from './records.ts';
import type { ExecutionRecord, StateMachineRecord } from './records.ts';
import { Registry } from './registry.ts';
import { defaultScheduleTimer, discoverStatesTimeoutError } from './run.ts';
import type { InvokeLambda, ScheduleTimer } from './run.ts';
import { TaskTokens } from './task-tokens.ts';

export { SfnServiceError } from './errors.ts';
export type { SfnExceptionName } from './errors.ts';
export type { InvokeLambda, ScheduleTimer } from './run.ts';

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

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

/**
 * A Step Functions emulator for Lambda-only JSONPath state machines, on top of aws-local-stepfunctions.
 * Methods mirror the SFN API (same input/output shapes, dates as Date) and throw {@link SfnServiceError}s
 * named like AWS exceptions. Executions run concurrently; each is persisted under `stateDir` on every change
 * and RUNNING ones resume when their state machine is created again by a new engine (or on {@link resume}).
 *
 * This file is the API; the work is done by the {@link Registry} (what is known and persisted), the
 * {@link ExecutionRunner} (running executions) and the {@link TaskTokens} (waits for a task token's answer).
 */
export class LocalStepFunctions {
  private readonly clock: () => Date;
  private readonly region: string;
  private readonly accountId: string;
  private readonly strictNameReuse: boolean;
  private readonly registry: Registry;
  private readonly tokens: TaskTokens;
  private readonly runner: ExecutionRunner;

  constructor(options: LocalStepFunctionsOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.region = options.region ?? process.env['AWS_REGION'] ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.strictNameReuse = options.strictNameReuse ?? false;
    void discoverStatesTimeoutError();
    this.registry = new Registry(options.stateDir, this.clock);
    const context = {
      registry: this.registry,
      invokeLambda: options.invokeLambda,
      clock: this.clock,
      scheduleTimer: options.scheduleTimer ?? defaultScheduleTimer,
      retryIntervalMs: options.retryIntervalMs,
    };
    this.tokens = new TaskTokens(context);
    this.runner = new ExecutionRunner(context, this.tokens);
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

    const existing = this.registry.stateMachines.get(stateMachineArn);
    if (existing && this.registry.registered.has(stateMachineArn)) {
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
    this.registry.stateMachines.set(stateMachineArn, record);
    this.registry.registered.add(stateMachineArn);
    await this.registry.persistStateMachine(record);
    if (existing) await this.resume(stateMachineArn);
    return { stateMachineArn, creationDate: record.creationDate };
  }

  async describeStateMachine(input: DescribeStateMachineInput): Promise<DescribeStateMachineOutput> {
    const record = this.registry.stateMachine(required(input.stateMachineArn, 'stateMachineArn'));
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
    const all = [...this.registry.stateMachines.values()].sort((a, b) => a.name.localeCompare(b.name));
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
    const stateMachine = this.registry.stateMachine(required(input.stateMachineArn, 'stateMachineArn'));
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
    const byName = this.registry.executionsByName.get(stateMachine.stateMachineArn);
    const existing = byName?.get(name);
    if (existing) {
      const reusable = !this.strictNameReuse || existing.status === 'RUNNING';
      if (reusable && jsonEquals(JSON.parse(existing.input), parsedInput)) {
        return { executionArn: existing.executionArn, startDate: existing.startDate };
      }
      throw new SfnServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
    }

    const startDate = this.clock();
    const executionTimeout = this.registry.machineFor(stateMachine, undefined).prepared.executionTimeoutSeconds;
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
    this.registry.index(record);
    this.registry.appendEvent(record, 'ExecutionStarted', {
      executionStartedEventDetails: { input: inputText, inputDetails: { truncated: false }, roleArn: stateMachine.roleArn },
    });
    await this.registry.persist(record);
    this.runner.launch(record, stateMachine, undefined);
    return { executionArn: record.executionArn, startDate };
  }

  async describeExecution(input: DescribeExecutionInput): Promise<DescribeExecutionOutput> {
    const record = this.registry.execution(required(input.executionArn, 'executionArn'));
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
    const record = this.registry.execution(required(input.executionArn, 'executionArn'));
    const { redriveStatus: status, redriveStatusReason } = redriveStatus(record);
    if (status !== 'REDRIVABLE') throw new SfnServiceError('ExecutionNotRedrivable', `Execution is not redrivable: ${redriveStatusReason ?? ''}`);
    const stateMachine = this.registry.stateMachine(record.stateMachineArn);
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
    const executionTimeout = this.registry.machineFor(stateMachine, undefined).prepared.executionTimeoutSeconds;
    if (executionTimeout !== undefined) record.deadline = new Date(redriveDate.getTime() + executionTimeout * 1000);
    this.registry.appendEvent(record, 'ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount: record.redriveCount } });
    await this.registry.persist(record);
    // The stopped state runs again from its entry (a new StateEntered, a new token for a wait).
    this.runner.launch(record, stateMachine, from ? { stateName: from.stateName, input: from.input, enteredAt: redriveDate } : undefined, { reenter: true });
    return { redriveDate };
  }

  async stopExecution(input: StopExecutionInput): Promise<StopExecutionOutput> {
    const record = this.registry.execution(required(input.executionArn, 'executionArn'));
    if (record.status !== 'RUNNING') return { stopDate: record.stopDate ?? this.clock() };
    const run = this.runner.activeRun(record.executionArn);
    if (run) {
      this.runner.cancelRun(run, 'stopped');
      await run.drained;
    }
    await this.runner.finish(record, 'ABORTED', {
      ...(input.error !== undefined ? { error: input.error } : {}),
      ...(input.cause !== undefined ? { cause: input.cause } : {}),
    });
    return { stopDate: record.stopDate ?? this.clock() };
  }

  async listExecutions(input: ListExecutionsInput): Promise<ListExecutionsOutput> {
    const stateMachineArn = required(input.stateMachineArn, 'stateMachineArn');
    this.registry.stateMachine(stateMachineArn);
    const matching = [...(this.registry.executionsByName.get(stateMachineArn)?.values() ?? [])]
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
    const record = this.registry.execution(required(input.executionArn, 'executionArn'));
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
    const task = this.tokens.pendingTask(input.taskToken);
    let output: unknown;
    try {
      output = JSON.parse(required(input.output, 'output'));
    } catch (error) {
      if (error instanceof SfnServiceError) throw error;
      throw new SfnServiceError('InvalidOutput', 'Invalid Output: not valid JSON');
    }
    await this.tokens.settle(task, { output });
    return {};
  }

  async sendTaskFailure(input: SendTaskFailureInput): Promise<SendTaskFailureOutput> {
    const task = this.tokens.pendingTask(input.taskToken);
    await this.tokens.settle(task, { error: input.error ?? '', cause: input.cause ?? '' });
    return {};
  }

  async sendTaskHeartbeat(input: SendTaskHeartbeatInput): Promise<SendTaskHeartbeatOutput> {
    // HeartbeatSeconds is not enforced; the call only confirms the token is live.
    this.tokens.pendingTask(input.taskToken);
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
    for (const record of this.registry.executions.values()) {
      if (record.status !== 'RUNNING' || this.runner.activeRun(record.executionArn)) continue;
      if (stateMachineArn ? record.stateMachineArn !== stateMachineArn : !this.registry.registered.has(record.stateMachineArn)) continue;
      const stateMachine = this.registry.stateMachines.get(record.stateMachineArn);
      if (!stateMachine) continue;
      if (record.deadline && record.deadline.getTime() <= this.clock().getTime()) {
        finishing.push(this.runner.finishTimedOut(record));
        continue;
      }
      const position = record.position;
      if (position && !this.registry.machineFor(stateMachine, undefined).prepared.topLevelStates.has(position.stateName)) {
        finishing.push(
          this.runner.finish(record, 'FAILED', {
            error: 'States.Runtime',
            cause: `Cannot resume: state '${position.stateName}' is not in the current definition`,
          }),
        );
        continue;
      }
      this.runner.launch(record, stateMachine, position);
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
    this.registry.close();
    this.runner.detachAll();
    await this.registry.idle();
  }
}

function validateDefinition(definition: string): void {
  try {
    // The library's constructor runs asl-validator (ARNs and JSONPaths checked).
    new StateMachine(parseDefinition(definition) as unknown as ConstructorParameters<typeof StateMachine>[0]);
  } catch (error) {
    throw new SfnServiceError('InvalidDefinition', `Invalid State Machine Definition: ${error instanceof Error ? error.message : String(error)}`);
  }
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
