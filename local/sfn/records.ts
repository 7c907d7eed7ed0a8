import type { ExecutionStatus, HistoryEvent, StateMachineType } from '@aws-sdk/client-sfn';
import { SfnServiceError } from './errors.ts';

// The records the engine keeps in memory and persists as JSON with ISO dates, and the ARNs that name them.

export interface StateMachineRecord {
  stateMachineArn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: StateMachineType;
  creationDate: Date;
}

export type TaskOutcome = { readonly output: unknown } | { readonly error: string; readonly cause: string };

export interface WaitingTask {
  token: string;
  since: Date;
  deadline?: Date;
  /** Set (and persisted) when SendTaskSuccess/Failure arrives, so a restart replays the answer, not the wait. */
  outcome?: TaskOutcome;
  /** The Lambda that received the token returned: after a restart the wait resumes without calling it again. */
  handedOut?: boolean;
}

/** Where an execution is: the last top-level state entered, with its raw input (before InputPath/Parameters). */
export interface Position {
  stateName: string;
  input: unknown;
  enteredAt: Date;
  waiting?: WaitingTask;
}

export interface ExecutionRecord {
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

const STATE_MACHINE_ARN = /^(arn:[a-z-]+:states:[a-z0-9-]*:\d*):stateMachine:([^:]+)$/;

export function regionOf(arn: string): string {
  return arn.split(':')[3] ?? '';
}

export function parseStateMachineArn(arn: string): { prefix: string; name: string } {
  const match = STATE_MACHINE_ARN.exec(arn);
  if (!match?.[1] || !match[2]) throw new SfnServiceError('InvalidArn', `Invalid Arn: '${arn}'`);
  return { prefix: match[1], name: match[2] };
}

export function executionArnFor(stateMachineArn: string, executionName: string): string {
  const { prefix, name } = parseStateMachineArn(stateMachineArn);
  return `${prefix}:execution:${name}:${executionName}`;
}

export function required<T>(value: T | undefined | null, field: string): T {
  if (value === undefined || value === null) {
    throw new SfnServiceError('ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

/** A record read back from JSON: its dates are strings again. */
export function reviveExecution(record: ExecutionRecord): ExecutionRecord {
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

