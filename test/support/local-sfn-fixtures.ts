
import { setTimeout as pause } from 'node:timers/promises';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import type { SfnServer } from '#local/sfn/server';


/** What the local Step Functions tests share: a toy of the award workflow, fake Lambda functions, SDK polling helpers. */
export const REGION = 'ap-southeast-1';
export const functionArn = (name: string): string => `arn:aws:lambda:${REGION}:123456789012:function:${name}`;

/** A toy of the award workflow: retried Lambda check, Choice, a human wait with Catch, Lambda integration. */
export function toyDefinition(awaitTimeoutSeconds: number): string {
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

export interface Registration {
  readonly taskToken: string;
  readonly dossierId: string;
  readonly executionId: string;
  readonly step: string;
}

/** Stand-ins for the Lambda handlers, keyed by function ARN. */
export class FakeFunctions {
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

export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}

export function sfnClient(server: SfnServer): SFNClient {
  return new SFNClient({
    endpoint: server.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

export async function finished(client: SFNClient, executionArn: string, timeoutMs?: number): Promise<DescribeExecutionOutput> {
  return eventually(
    `${executionArn} to finish`,
    async () => {
      const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === 'RUNNING' ? undefined : execution;
    },
    timeoutMs,
  );
}

export async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const out = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return out.events ?? [];
}

export function registrationOf(fakes: FakeFunctions, dossierId: string, index = 0): Promise<Registration> {
  return eventually(`register-task call ${index + 1} for ${dossierId}`, () => fakes.registrationsFor(dossierId)[index]);
}
