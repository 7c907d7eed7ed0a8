import * as z from 'zod/mini';

/**
 * Names shared by the state machine (infra) and the functions that drive it. The state machine itself is
 * defined once, in infra/constructs/workflow-definition.ts; these are only the contract's words.
 */
export const humanStepStates = {
  supplement: 'AwaitSupplement',
  appraisal: 'AwaitAppraisal',
  council: 'AwaitCouncil',
  chairDecision: 'AwaitChairDecision',
} as const;

export type HumanStep = keyof typeof humanStepStates;
export const humanStepNames = Object.keys(humanStepStates) as HumanStep[];

/** Error names sent with SendTaskFailure and matched by the state machine's Catch clauses. */
export const workflowErrors = {
  withdrawn: 'Dossier.Withdrawn',
  deadlineExpired: 'Deadline.Expired',
  /** ReportFailure ends the execution with it (at a Task, so a redrive can resume the failed step). */
  failed: 'Workflow.Failed',
} as const;

export const terminalStates = ['Awarded', 'NotApproved', 'Returned', 'Withdrawn', 'ForwardedUpward'] as const;

export const ExecutionInput = z.object({
  dossierId: z.string(),
  awardCode: z.string(),
  needsCouncilVote: z.boolean(),
  /**
   * Start waiting at this person's step instead of at the completeness check: a dossier restored from an
   * export archive (scripts/import.ts) was waiting there, and its old execution stayed with the old system.
   */
  resumeAt: z.optional(z.enum(['supplement', 'appraisal', 'council', 'chairDecision'])),
});
export type ExecutionInput = z.infer<typeof ExecutionInput>;

/** What a person's completed task sends back into the execution (SendTaskSuccess output). */
export const TaskOutcome = z.object({
  outcome: z.enum(['answered', 'eligible', 'ineligible', 'supplement', 'passed', 'failed', 'approve', 'reject', 'forward']),
  decisionNumber: z.optional(z.string()),
  decisionDate: z.optional(z.string()),
});
export type TaskOutcome = z.infer<typeof TaskOutcome>;

/** Payload the state machine gives register-task when a human wait begins. */
export const RegisterTaskInput = z.object({
  taskToken: z.string().check(z.minLength(1)),
  dossierId: z.string(),
  step: z.enum(['supplement', 'appraisal', 'council', 'chairDecision']),
});
export type RegisterTaskInput = z.infer<typeof RegisterTaskInput>;

export const WorkflowStepInput = z.object({
  dossierId: z.string(),
  reason: z.optional(z.string()),
  step: z.optional(z.string()),
  /** The error name a failed step ended with (the failure path passes it to ReportFailure). */
  error: z.optional(z.string()),
  /** ReportFailure: the state that failed, the redrive count when it failed, and the execution's count now. */
  failedState: z.optional(z.string()),
  failedAtRedrive: z.optional(z.number()),
  redriveCount: z.optional(z.number()),
});
export type WorkflowStepInput = z.infer<typeof WorkflowStepInput>;
