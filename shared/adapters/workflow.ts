import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { ExecutionInput, TaskOutcome } from '#domain/workflow';
import { requireEnv } from './config.ts';

const sfn = new SFNClient({});

/** Execution name = dossierId: Step Functions itself refuses a second workflow for the same dossier. */
export async function startDossierWorkflow(input: ExecutionInput): Promise<string> {
  const out = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: requireEnv('STATE_MACHINE_ARN'),
      name: input.dossierId,
      input: JSON.stringify(input),
    }),
  );
  return out.executionArn ?? '';
}

/**
 * Starts the dossier's execution unless one of its name exists already (it did start, and ended or moved on):
 * true when this call started it.
 */
export async function startDossierWorkflowOnce(input: ExecutionInput): Promise<boolean> {
  try {
    await startDossierWorkflow(input);
    return true;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ExecutionAlreadyExists') throw error;
    return false;
  }
}

/** Sends a stored answer (see {@link deliverHandoff}): SendTaskSuccess with its output, or SendTaskFailure. */
export async function sendTaskAnswer(token: string, answer: { output?: string; error?: string; cause?: string }): Promise<void> {
  if (answer.output !== undefined) await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: answer.output }));
  else await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: answer.error ?? '', cause: answer.cause ?? '' }));
}

export async function completeWaitingStep(token: string, outcome: TaskOutcome): Promise<void> {
  await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(outcome) }));
}

export async function failWaitingStep(token: string, error: string, cause: string): Promise<void> {
  await sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause }));
}

/** The execution of a dossier (named after it). */
export function dossierExecutionArn(dossierId: string): string {
  return `${requireEnv('STATE_MACHINE_ARN').replace(':stateMachine:', ':execution:')}:${dossierId}`;
}

export interface DossierExecution {
  readonly status: string;
  readonly error?: string;
  readonly redriveCount: number;
  /** The state it is in (the last one entered); for a stopped execution, the one it stopped in. */
  readonly state?: string;
}

/** Where a dossier's execution stands, or undefined if it was never started. No execution data is read. */
export async function describeDossierExecution(dossierId: string): Promise<DossierExecution | undefined> {
  const executionArn = dossierExecutionArn(dossierId);
  try {
    const [described, history] = await Promise.all([
      sfn.send(new DescribeExecutionCommand({ executionArn })),
      // The newest events only: the last StateEntered is the state it is in.
      sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 25, includeExecutionData: false })),
    ]);
    const entered = (history.events ?? []).find((e) => e.type?.endsWith('StateEntered'));
    return {
      status: described.status ?? 'UNKNOWN',
      ...(described.error ? { error: described.error } : {}),
      redriveCount: described.redriveCount ?? 0,
      ...(entered?.stateEnteredEventDetails?.name ? { state: entered.stateEnteredEventDetails.name } : {}),
    };
  } catch (error) {
    if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return undefined;
    throw error;
  }
}

/** RedriveExecution: the execution runs the state it stopped in again (for this workflow, ReportFailure, which resumes the failed step). */
export async function redriveDossierWorkflow(dossierId: string): Promise<void> {
  await sfn.send(new RedriveExecutionCommand({ executionArn: dossierExecutionArn(dossierId) }));
}
