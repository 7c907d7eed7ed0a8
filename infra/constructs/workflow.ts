import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { awardForms } from '#domain/catalogue';
import type { Province } from '#domain/formal-documents';
import { humanStepNames } from '#domain/workflow';
import { HandlerFunction } from './handler-function.ts';
import { acknowledge, arnToken } from './nag.ts';
import type { Storage } from './storage.ts';
import { buildWorkflowDefinition, type WaitCeilings } from './workflow-definition.ts';

export interface WorkflowProps {
  readonly storage: Storage;
  /** The province the formal documents speak for (name, place, regulation); the demo default when absent. */
  readonly province?: Partial<Province>;
}

/**
 * Each wait's TimeoutSeconds is a safety ceiling derived from the catalogue: twice the longest deadline in
 * working days, as calendar days, plus two weeks for Tết. Real deadlines (working days) are the sweeper's job.
 */
export function waitCeilings(): WaitCeilings {
  const entries = humanStepNames.map((step) => {
    const longest = Math.max(...awardForms.map((form) => form.deadlines[step]));
    return [step, Duration.days(longest * 2 + 14)] as const;
  });
  return Object.fromEntries(entries) as WaitCeilings;
}

/** The Standard state machine and the functions it calls. */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly checkCompleteness: HandlerFunction;
  readonly registerTask: HandlerFunction;
  readonly recordDecision: HandlerFunction;
  readonly recordOutcome: HandlerFunction;
  readonly escalateTask: HandlerFunction;
  readonly renderDocuments: HandlerFunction;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const { table, documents, reports } = props.storage;
    this.checkCompleteness = new HandlerFunction(this, 'CheckCompleteness', {
      name: 'check-completeness',
      description: 'Checks that every document the award form requires is present and verified',
    }).bindTable(table, 'RW');
    this.registerTask = new HandlerFunction(this, 'RegisterTask', {
      name: 'register-task',
      description: 'Stores the task token of a human step server-side with its working-day due date',
    }).bindTable(table, 'RW');
    this.recordDecision = new HandlerFunction(this, 'RecordDecision', {
      name: 'record-decision',
      description: "Records the chair's award decision and the awards register rows",
    }).bindTable(table, 'RW');
    this.recordOutcome = new HandlerFunction(this, 'RecordOutcome', {
      name: 'record-outcome',
      description: 'Records an outcome reached without a person (supplement deadline passed)',
    }).bindTable(table, 'RW');
    this.escalateTask = new HandlerFunction(this, 'EscalateTask', {
      name: 'escalate-task',
      description: 'Escalates an overdue or failed step to the secretariat head',
    }).bindTable(table, 'RW');

    // The renderers, the DOCX library and the font (~2 MB) are this function's only: no other bundle carries them.
    this.renderDocuments = new HandlerFunction(this, 'RenderDocuments', {
      name: 'render-documents',
      description: "Writes the decision (DOCX, PDF), the certificate list (XLSX) and the tally minutes' DOCX and PDF",
      timeout: Duration.minutes(1),
      memorySize: 1024,
      environment: props.province ? { PROVINCE: JSON.stringify(props.province) } : {},
    }).bindTable(table, 'RO');
    this.renderDocuments.fn.addEnvironment('DOCUMENTS_BUCKET', documents.bucketName);
    documents.grantPut(this.renderDocuments.fn, 'decisions/*');
    this.renderDocuments.acknowledgeBucketGrant(documents, 'decisions/*');
    this.renderDocuments.fn.addEnvironment('REPORTS_BUCKET', reports.bucketName);
    reports.grantPut(this.renderDocuments.fn, 'minutes/*');
    this.renderDocuments.acknowledgeBucketGrant(reports, 'minutes/*');

    // States get their own scope: their ids (CheckCompleteness, …) are the ASL state names and may equal function ids.
    const definition = buildWorkflowDefinition(
      new Construct(this, 'States'),
      {
        checkCompleteness: this.checkCompleteness.fn,
        registerTask: this.registerTask.fn,
        recordDecision: this.recordDecision.fn,
        recordOutcome: this.recordOutcome.fn,
        escalateTask: this.escalateTask.fn,
        renderDocuments: this.renderDocuments.fn,
      },
      waitCeilings(),
    );
    this.stateMachine = new StateMachine(this, 'DossierWorkflow', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      comment: 'Award dossier: submission → appraisal → council vote → decision',
      logs: {
        destination: new LogGroup(this, 'ExecutionLogs', {
          retention: RetentionDays.ONE_YEAR,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: LogLevel.ALL,
        // Execution data would carry task tokens and dossier contents into the logs.
        includeExecutionData: false,
      },
    });
    acknowledge(this.stateMachine, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray tracing and CloudWatch Logs delivery APIs have no resource-level permissions');
    for (const f of [this.checkCompleteness, this.registerTask, this.recordDecision, this.recordOutcome, this.escalateTask, this.renderDocuments]) {
      acknowledge(this.stateMachine, `AwsSolutions-IAM5[Resource::${arnToken(f.fn)}:*]`, 'The state machine may invoke this one function (any version); CDK adds the :* qualifier');
    }
  }

  /** The close of a council session may ask for the minutes' DOCX and PDF (shared/adapters/document-renderer.ts). */
  allowMinutesRendering(caller: HandlerFunction): void {
    this.renderDocuments.fn.grantInvoke(caller.fn);
    caller.fn.addEnvironment('RENDER_DOCUMENTS_FUNCTION', this.renderDocuments.fn.functionName);
    acknowledge(caller, `AwsSolutions-IAM5[Resource::${arnToken(this.renderDocuments.fn)}:*]`, 'It may invoke this one function (any version); CDK adds the :* qualifier');
  }
}
