import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { cancellationReasons } from './aws-errors.ts';
import { requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';

/**
 * The one way a hash-chained aggregate (a dossier, a council session, a cluster's ranking with its proposal, a
 * directory record) is written: the domain plans the items, this helper commits them in one TransactWriteItems.
 *
 * A plan's FIRST item moves the aggregate's chain head on, under the condition that the head still stands where
 * the plan read it. The helper's one retry policy:
 * - a cancellation by transaction conflicts only (another transaction held an item, e.g. a shared counter
 *   shard): the same plan again, after a jittered, exponentially growing pause;
 * - the head's condition failed (someone moved the chain on first): a write that may be re-planned (a ballot:
 *   the member's vote stands whatever came first) is planned again on the head DynamoDB returned with the
 *   failure (no second read), after the same pause; any other write is a 409 at once (a person decided on a
 *   snapshot that is gone);
 * - another failed condition the caller can name (already voted, cluster ranked…) is the caller's error;
 * - attempts are bounded: when they run out the caller's 409 (CONCURRENT_CHANGE / BUSY).
 * A cancelled transaction writes nothing, so no attempt leaves anything half-written.
 */

type Transact = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Body<K extends keyof Transact> = Omit<NonNullable<Transact[K]>, 'TableName'> & { TableName?: string };

/** One write of a plan; without a TableName it goes to the records table. */
export type PlannedItem = { Put: Body<'Put'> } | { Update: Body<'Update'> } | { Delete: Body<'Delete'> } | { ConditionCheck: Body<'ConditionCheck'> };

export interface ChainedPlan {
  /** In order; the first moves the chain head on under the condition that it has not moved since it was read. */
  readonly items: readonly PlannedItem[];
}

/** Cancellation codes in item order ('None' for an item that did not fail). */
export type CancellationCodes = readonly string[];

export interface ChainedWrite<S> {
  /** The aggregate as it stands now (with its chain head). */
  readonly read: () => Promise<S>;
  /** The write on that state; it may throw the domain's refusal (session closed, recused…). */
  readonly plan: (state: S) => ChainedPlan;
  /**
   * Plan again when the head moved, on the head item DynamoDB returns with the failure (parsed by this), or on a
   * fresh read when that gives nothing. Without it a moved head is `conflict`.
   */
  readonly replan?: { readonly fromItem?: (item: Record<string, unknown>) => S | undefined };
  /** Names a cancellation by a failed condition (already voted…); undefined when it is not one the caller knows. */
  readonly refused?: (codes: CancellationCodes, state: S, cause: Error) => Error | undefined;
  /** The 409 of a lost race: the head moved and may not be re-planned, or attempts ran out. */
  readonly conflict: (cause: Error) => Error;
}

/**
 * Bounded attempts with "full jitter" exponential backoff. Measured against 21 simultaneous ballots on one
 * session (test/workflow/council-roster.test.ts): each round commits one writer, so the bound must outlast
 * about as many rounds as there are simultaneous writers, with room to spare (the old ballot loop allowed 21).
 */
export const retryPolicy = { attempts: 32, baseMs: 8, capMs: 250 } as const;

export function backoffMs(attempt: number, random: () => number = Math.random, policy: { baseMs: number; capMs: number } = retryPolicy): number {
  return random() * Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 16));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const retryable = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/** Commits a plan that is not re-read: a plan made by the caller (a dossier change, a directory change). */
export function commitPlan(plan: ChainedPlan, options: Pick<ChainedWrite<ChainedPlan>, 'refused' | 'conflict'>): Promise<void> {
  return commitChained({ read: async () => plan, plan: (p) => p, ...options });
}

export async function commitChained<S>(write: ChainedWrite<S>, policy: { attempts: number; baseMs: number; capMs: number } = retryPolicy): Promise<void> {
  let state: S = await write.read();
  let plan = write.plan(state);
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: toTransactItems(plan, Boolean(write.replan)) }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const cause = error as Error;
      const codes = plan.items.map((_, i) => reasons[i]?.Code ?? 'None');
      const conflictsOnly = codes.some((c) => retryable.has(c)) && codes.every((c) => c === 'None' || retryable.has(c));
      if (!conflictsOnly) {
        const named = write.refused?.(codes, state, cause);
        if (named) throw named;
        if (codes[0] !== 'ConditionalCheckFailed' || !write.replan) throw write.conflict(cause);
      }
      if (attempt >= policy.attempts) throw write.conflict(cause);
      await pause(backoffMs(attempt, Math.random, policy));
      if (!conflictsOnly && write.replan) {
        const head = reasons[0]?.Item;
        const seen = head ? write.replan.fromItem?.(unmarshall(head as Record<string, AttributeValue>)) : undefined;
        state = seen ?? (await write.read());
        plan = write.plan(state);
      }
    }
  }
}

/** The SDK's items: the records table where none is named; the head asks for its old image when it may be re-planned. */
function toTransactItems(plan: ChainedPlan, returnHead: boolean): Transact[] {
  const table = requireEnv('TABLE_NAME');
  return plan.items.map((item, i) => {
    const onFailure = i === 0 && returnHead ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {};
    if ('Put' in item) return { Put: { TableName: table, ...onFailure, ...item.Put } };
    if ('Update' in item) return { Update: { TableName: table, ...onFailure, ...item.Update } };
    if ('Delete' in item) return { Delete: { TableName: table, ...onFailure, ...item.Delete } };
    return { ConditionCheck: { TableName: table, ...onFailure, ...item.ConditionCheck } };
  });
}
