import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
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
