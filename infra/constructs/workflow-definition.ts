import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Fail,
  IntegrationPattern,
  JsonPath,
  Pass,
  Succeed,
  TaskInput,
  Timeout,
  type IChainable,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { type HumanStep, humanStepStates, workflowErrors } from '#domain/workflow';

export interface WorkflowFunctions {
  readonly checkCompleteness: IFunction;
  readonly registerTask: IFunction;
  readonly recordDecision: IFunction;
  readonly recordOutcome: IFunction;
  readonly escalateTask: IFunction;
  readonly renderDocuments: IFunction;
}

/** Ceilings for each human wait; the real working-day deadlines are enforced by the daily sweeper. */
export type WaitCeilings = Record<HumanStep, Duration>;

/** Worth retrying on any Lambda task beyond the Lambda service errors CDK adds: an optimistic-lock conflict resolves on re-read. */
/**
 * Errors worth another attempt: Lambda throttling and timeouts, a lost optimistic-lock race, and AWS service
 * throttling or unavailability the SDK's own retries did not outlast. Every step is idempotent (a retry after
 * a committed step reports the stored result), so retrying them is safe.
 */
const transientErrors = [
  'Lambda.TooManyRequestsException',
  'Sandbox.Timedout',
  'ConflictError',
  'TransientError',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'SlowDown',
  'TooManyRequestsException',
];

/**
 * The award workflow (docs/architecture.md §2), the single definition both AWS and the local runtime execute.
 * JSONPath only and Lambda tasks only, so aws-local-stepfunctions can interpret the synthesized ASL.
 */
export function buildWorkflowDefinition(scope: Construct, fns: WorkflowFunctions, ceilings: WaitCeilings): IChainable {
  // Reached only if a redriven execution names a state it cannot resume (never by the states below).
  const failed = new Fail(scope, 'Failed', { error: 'Workflow.Failed', cause: 'A workflow step failed; see the dossier audit trail' });
  /**
   * The failure path: the failed step's Catch notes which state failed and the redrive count at that moment,
   * then ReportFailure records 'workflowFailed', alerts, and fails the execution there (Workflow.Failed), so
   * the execution stops at a Task. A redrive (RedriveExecution, from the admin route) runs ReportFailure again
   * with the same input under a higher $$.Execution.RedriveCount: it then answers 'resume', and
   * ResumeFailedStep sends the execution back into the state that failed.
   */
  const reportFailure = lambdaStep(scope, 'ReportFailure', fns.escalateTask, {
    dossierId: JsonPath.stringAt('$.dossierId'),
    reason: 'systemError',
    // The error name only: the Cause may carry the failed step's input.
    error: JsonPath.stringAt('$.error.Error'),
    failedState: JsonPath.stringAt('$.failure.state'),
    failedAtRedrive: JsonPath.numberAt('$.failure.redriveCount'),
    redriveCount: JsonPath.numberAt('$$.Execution.RedriveCount'),
  }, '$.failureReport');
  const resumeFailedStep = new Choice(scope, 'ResumeFailedStep');
  reportFailure.next(resumeFailedStep);
  resumeFailedStep.otherwise(failed);
  const failureOf = (task: LambdaInvoke): Pass => {
    const name = task.node.id;
    const note = new Pass(scope, `${name}Failed`, {
      parameters: { state: name, redriveCount: JsonPath.numberAt('$$.Execution.RedriveCount') },
      resultPath: '$.failure',
    });
    note.next(reportFailure);
    resumeFailedStep.when(Condition.stringEquals('$.failure.state', name), task);
    return note;
  };
  const guard = <T extends LambdaInvoke>(task: T): T => {
    task.addCatch(failureOf(task), { resultPath: '$.error' });
    return task;
  };

  const awarded = new Succeed(scope, 'Awarded');
  const notApproved = new Succeed(scope, 'NotApproved');
  // A form decided upward: the execution ends once the proposal is signed and written; the central answer,
  // months later, is recorded through the API (a Standard execution may not outlast a year).
  const forwardedUpward = new Succeed(scope, 'ForwardedUpward');
  const returned = new Succeed(scope, 'Returned');
  const withdrawn = new Succeed(scope, 'Withdrawn');

  const checkCompleteness = guard(
    lambdaStep(scope, 'CheckCompleteness', fns.checkCompleteness, { dossierId: JsonPath.stringAt('$.dossierId') }, '$.completeness'),
  );
  const awaitSupplement = humanWait(scope, 'supplement', fns.registerTask, ceilings.supplement);
  const awaitAppraisal = humanWait(scope, 'appraisal', fns.registerTask, ceilings.appraisal);
  const awaitCouncil = humanWait(scope, 'council', fns.registerTask, ceilings.council);
  const awaitChair = humanWait(scope, 'chairDecision', fns.registerTask, ceilings.chairDecision);

  // A wait that outlives its ceiling is escalated to the secretariat head, then waits again.
  const escalateThenWait = (wait: LambdaInvoke, step: HumanStep): LambdaInvoke => {
    const escalate = guard(
      lambdaStep(scope, `Escalate${humanStepStates[step].replace('Await', '')}`, fns.escalateTask, {
        dossierId: JsonPath.stringAt('$.dossierId'),
        step,
        reason: 'ceilingReached',
      }, '$.escalation'),
    );
    escalate.next(wait);
    return escalate;
  };

  const expireSupplement = guard(
    lambdaStep(scope, 'ExpireSupplement', fns.recordOutcome, {
      dossierId: JsonPath.stringAt('$.dossierId'),
      reason: 'supplementDeadlinePassed',
    }, '$.expiry'),
  );
  // A province whose regulation does not return a dossier by itself: the ceiling escalates and the wait goes on.
  expireSupplement.next(
    new Choice(scope, 'SupplementReturned').when(Condition.stringEquals('$.expiry.status', 'SupplementRequested'), escalateThenWait(awaitSupplement, 'supplement')).otherwise(returned),
  );
  awaitSupplement
    .addCatch(withdrawn, { errors: [workflowErrors.withdrawn], resultPath: '$.error' })
    .addCatch(expireSupplement, { errors: [workflowErrors.deadlineExpired, 'States.Timeout'], resultPath: '$.error' })
    .addCatch(failureOf(awaitSupplement), { resultPath: '$.error' });

  const withEscalation = (wait: LambdaInvoke, step: HumanStep): LambdaInvoke => {
    const escalate = escalateThenWait(wait, step);
    wait
      .addCatch(withdrawn, { errors: [workflowErrors.withdrawn], resultPath: '$.error' })
      .addCatch(escalate, { errors: ['States.Timeout'], resultPath: '$.error' })
      .addCatch(failureOf(wait), { resultPath: '$.error' });
    return wait;
  };
  withEscalation(awaitAppraisal, 'appraisal');
  withEscalation(awaitCouncil, 'council');
  withEscalation(awaitChair, 'chairDecision');

  const recordDecision = guard(
    lambdaStep(scope, 'RecordDecision', fns.recordDecision, {
      dossierId: JsonPath.stringAt('$.dossierId'),
      decisionNumber: JsonPath.stringAt('$.chairDecision.decisionNumber'),
      decisionDate: JsonPath.stringAt('$.chairDecision.decisionDate'),
    }, '$.decision'),
  );
  // The draft decision (DOCX), the decision (PDF) and the certificate list (XLSX), stored with the dossier.
  const renderDecisionDocuments = guard(
    lambdaStep(scope, 'RenderDecisionDocuments', fns.renderDocuments, {
      kind: 'decision',
      dossierId: JsonPath.stringAt('$.dossierId'),
      decisionNumber: JsonPath.stringAt('$.chairDecision.decisionNumber'),
      decisionDate: JsonPath.stringAt('$.chairDecision.decisionDate'),
    }, '$.decisionDocuments'),
  );
  recordDecision.next(renderDecisionDocuments).next(awarded);
  // The proposal (tờ trình) to the central level, DOCX and PDF, stored with the dossier.
  const renderProposalDocuments = guard(
    lambdaStep(scope, 'RenderProposalDocuments', fns.renderDocuments, {
      kind: 'proposal',
      dossierId: JsonPath.stringAt('$.dossierId'),
      proposalNumber: JsonPath.stringAt('$.chairDecision.decisionNumber'),
      proposalDate: JsonPath.stringAt('$.chairDecision.decisionDate'),
    }, '$.proposalDocuments'),
  );
  renderProposalDocuments.next(forwardedUpward);

  const outcomeIs = (step: HumanStep, outcome: string) => Condition.stringEquals(`$.${step}.outcome`, outcome);

  awaitSupplement.next(checkCompleteness);
  checkCompleteness.next(
    new Choice(scope, 'IsComplete')
      .when(Condition.booleanEquals('$.completeness.complete', true), awaitAppraisal)
      .otherwise(awaitSupplement),
  );
  const toChairOrCouncil = new Choice(scope, 'NeedsCouncilVote')
    .when(Condition.booleanEquals('$.needsCouncilVote', true), awaitCouncil)
    .otherwise(awaitChair);
  awaitAppraisal.next(
    new Choice(scope, 'AppraisalOutcome')
      .when(outcomeIs('appraisal', 'eligible'), toChairOrCouncil)
      .when(outcomeIs('appraisal', 'supplement'), awaitSupplement)
      .otherwise(notApproved),
  );
  awaitCouncil.next(
    new Choice(scope, 'CouncilOutcome').when(outcomeIs('council', 'passed'), awaitChair).otherwise(notApproved),
  );
  awaitChair.next(
    new Choice(scope, 'ChairOutcome')
      .when(outcomeIs('chairDecision', 'approve'), recordDecision)
      .when(outcomeIs('chairDecision', 'forward'), renderProposalDocuments)
      .otherwise(notApproved),
  );
  // A dossier restored from an export archive (scripts/import.ts) waits at a person's step, but its execution
  // (and the task token it held) stayed with the old system: its new execution starts at that wait, whose
  // register-task keeps the PENDING task as it is and only replaces the token. Every other start goes to the
  // completeness check.
  const waits: Record<HumanStep, LambdaInvoke> = { supplement: awaitSupplement, appraisal: awaitAppraisal, council: awaitCouncil, chairDecision: awaitChair };
  const start = new Choice(scope, 'ResumeOrStart');
  for (const [step, wait] of Object.entries(waits)) start.when(Condition.and(Condition.isPresent('$.resumeAt'), Condition.stringEquals('$.resumeAt', step)), wait);
  return start.otherwise(checkCompleteness);
}

function lambdaStep(scope: Construct, id: string, fn: IFunction, payload: Record<string, unknown>, resultPath: string): LambdaInvoke {
  const task = new LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payload: TaskInput.fromObject(payload),
    payloadResponseOnly: true,
    retryOnServiceExceptions: true,
    resultPath,
  });
  task.addRetry({ errors: transientErrors, interval: Duration.seconds(1), maxAttempts: 3, backoffRate: 2 });
  return task;
}

/** A person's step: register-task stores the token server-side; the API completes it (never the client). */
function humanWait(scope: Construct, step: HumanStep, registerTask: IFunction, ceiling: Duration): LambdaInvoke {
  const task = new LambdaInvoke(scope, humanStepStates[step], {
    lambdaFunction: registerTask,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({
      taskToken: JsonPath.taskToken,
      dossierId: JsonPath.stringAt('$.dossierId'),
      step,
    }),
    resultPath: `$.${step}`,
    taskTimeout: Timeout.duration(ceiling),
    retryOnServiceExceptions: true,
  });
  task.addRetry({ errors: transientErrors, interval: Duration.seconds(1), maxAttempts: 3, backoffRate: 2 });
  return task;
}
