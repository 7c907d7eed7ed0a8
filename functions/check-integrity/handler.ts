import { getDossierBundle, listAllDossiersByStatus } from '#adapters/dossier-repository';
import { hasUndeliveredHandoff } from '#adapters/handoff';
import { type DossierExecution, describeDossierExecution } from '#adapters/workflow';
import { firstBrokenLink } from '#domain/audit';
import { dossierStatuses, humanSteps, outOfWorkflowStatuses } from '#domain/lifecycle';
import { humanStepStates } from '#domain/workflow';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import type { DossierRecord, TaskRecord } from '#schemas/records';
import * as routes from '#schemas/routes/dossiers';

/** Dossiers read (and executions described) at once: a province has thousands; the services have rate limits. */
const CONCURRENCY = 8;

/** What the dossier's status says its execution must be waiting in. */
const waitStateOf: Record<string, string> = Object.fromEntries(
  Object.entries(humanSteps).map(([step, { status }]) => [status, humanStepStates[step as keyof typeof humanStepStates]]),
);

type DisagreementCode = 'EXECUTION_MISSING' | 'EXECUTION_FAILED' | 'EXECUTION_ENDED' | 'STATE_MISMATCH' | 'NO_OPEN_TASK' | 'HANDOFF_UNDELIVERED';
interface Disagreement {
  dossierId: string;
  code: DisagreementCode;
  status: string;
  updatedAt: string;
  execution?: { status: string; state?: string; error?: string; redriveCount: number };
  openTask?: string;
}

/**
 * Compares a dossier in the workflow with its execution: the execution must be running, waiting in the state
 * the dossier's status names, with that step's task open; an answer owed to it must have been delivered.
 */
function disagreementsOf(dossier: DossierRecord, tasks: TaskRecord[], execution: DossierExecution | undefined): Disagreement[] {
  const base = { dossierId: dossier.id, status: dossier.status, updatedAt: dossier.updatedAt };
  const seen = execution ? { execution: { status: execution.status, ...(execution.state ? { state: execution.state } : {}), ...(execution.error ? { error: execution.error } : {}), redriveCount: execution.redriveCount } } : {};
  const open = tasks.find((t) => t.state === 'PENDING');
  const withTask = open ? { openTask: open.step } : {};
  const found: Disagreement[] = tasks.filter(hasUndeliveredHandoff).map(() => ({ ...base, code: 'HANDOFF_UNDELIVERED' as const, ...seen, ...withTask }));
  if (!execution) return [...found, { ...base, code: 'EXECUTION_MISSING' }];
  if (execution.status === 'SUCCEEDED') return [...found, { ...base, code: 'EXECUTION_ENDED', ...seen, ...withTask }];
  if (execution.status !== 'RUNNING') return [...found, { ...base, code: 'EXECUTION_FAILED', ...seen, ...withTask }];
  const expected = waitStateOf[dossier.status];
  if (expected && execution.state !== expected) found.push({ ...base, code: 'STATE_MISMATCH', ...seen, ...withTask });
  else if (expected && (!open || humanStepStates[open.step] !== expected) && found.length === 0) found.push({ ...base, code: 'NO_OPEN_TASK', ...seen, ...withTask });
  return found;
}

async function eachBounded<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

/**
 * Walks every dossier: its audit chain must verify; a dossier in the workflow (neither a draft nor ended) must
 * have an open task, and its execution must agree with it (see {@link disagreementsOf}) — unless it changed
 * within `settleSeconds` (a step may be running). Lists what fails, each disagreement with a code; a dossier
 * whose workflow ended in the failure path stays listed until it is redriven or withdrawn.
 */
const checkIntegrity = async ({ query }: RouteInput<typeof routes.checkIntegrity>): Promise<ApiResult> => {
  const { settleSeconds } = query;
  const settledBefore = Date.now() - settleSeconds * 1000;
  const dossiers = (await Promise.all(dossierStatuses.map(listAllDossiersByStatus))).flat();
  const brokenChains: { dossierId: string; firstBrokenSeq: number }[] = [];
  const stuck: { dossierId: string; status: string; updatedAt: string; workflowFailed: boolean }[] = [];
  const disagreements: Disagreement[] = [];
  await eachBounded(dossiers, async (d) => {
    const { dossier, events, tasks } = await getDossierBundle(d.id);
    const broken = firstBrokenLink(events);
    const headMatches = events.at(-1)?.hash === dossier.lastHash && events.length === dossier.eventSeq;
    if (broken !== null || !headMatches) brokenChains.push({ dossierId: dossier.id, firstBrokenSeq: broken ?? dossier.eventSeq });
    const settled = Date.parse(dossier.updatedAt) < settledBefore;
    const inWorkflow = dossier.status !== 'Draft' && !(outOfWorkflowStatuses as readonly string[]).includes(dossier.status);
    if (!settled) return;
    if (inWorkflow) {
      if (!tasks.some((t) => t.state === 'PENDING')) {
        // workflowFailed: its execution ended in the failure path and alerted (ReportFailure recorded it).
        stuck.push({ dossierId: dossier.id, status: dossier.status, updatedAt: dossier.updatedAt, workflowFailed: events.at(-1)?.action === 'workflowFailed' });
      }
      disagreements.push(...disagreementsOf(dossier, tasks, await describeDossierExecution(dossier.id)));
    } else if (tasks.some(hasUndeliveredHandoff)) {
      // An ended dossier (withdrawn, returned) whose execution still waits for the answer it is owed.
      disagreements.push(...disagreementsOf(dossier, tasks, await describeDossierExecution(dossier.id)).filter((x) => x.code === 'HANDOFF_UNDELIVERED'));
    }
  });
  const byId = (a: { dossierId: string }, b: { dossierId: string }) => a.dossierId.localeCompare(b.dossierId);
  return json(200, {
    checked: dossiers.length,
    intact: brokenChains.length === 0 && stuck.length === 0 && disagreements.length === 0,
    brokenChains: brokenChains.sort(byId),
    stuck: stuck.sort(byId),
    disagreements: disagreements.sort(byId),
  });
};

export const handler = apiHandler({ checkIntegrity: routes.checkIntegrity }, { checkIntegrity });
