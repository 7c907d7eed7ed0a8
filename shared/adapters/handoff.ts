import { type Handoff, markHandoffDelivered } from './dossier-repository.ts';
import { sendTaskAnswer } from './workflow.ts';
import type { TaskRecord } from '#schemas/records';

/**
 * The wait behind this token has ended: the answer was delivered before (a lost reply, a concurrent sweep) or
 * the wait timed out or was stopped. Either way nothing is owed any more.
 */
const WAIT_ENDED = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Sends a closed task's answer to its execution and takes it out of the outbox. Answers 'pending' when Step
 * Functions could not be reached: the answer stays in the outbox for a retry or the sweep. Never throws for
 * that, so a committed change is never reported to the person as failed.
 */
export async function deliverHandoff(task: TaskRecord & { handoff: Handoff }, now = new Date()): Promise<'delivered' | 'pending'> {
  try {
    await sendTaskAnswer(task.token, task.handoff);
  } catch (error) {
    if (!WAIT_ENDED.has((error as { name?: string }).name ?? '')) return 'pending';
  }
  await markHandoffDelivered(task, now.toISOString()).catch(() => undefined);
  return 'delivered';
}

export function hasUndeliveredHandoff(task: TaskRecord): task is TaskRecord & { handoff: Handoff } {
  return task.handoff !== undefined && task.handoff.deliveredAt === undefined;
}
