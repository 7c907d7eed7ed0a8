import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HandlerFunction } from './handler-function.ts';
import { acknowledge, arnToken } from './nag.ts';
import type { Storage } from './storage.ts';

export interface ReportRendererProps {
  readonly storage: Storage;
}

/**
 * The function that writes a year-end report version's files (CSV per table, XLSX, HTML, summary.json). The
 * year-end jobs (scheduled and on demand) build the figures and invoke it synchronously, then register the
 * version: rendering and S3 writes stay out of their bundles, and only this function may write the reports.
 */
export class ReportRenderer extends Construct {
  readonly renderer: HandlerFunction;

  constructor(scope: Construct, id: string, props: ReportRendererProps) {
    super(scope, id);
    this.renderer = new HandlerFunction(this, 'RenderYearEnd', {
      name: 'render-year-end',
      description: 'Writes the files of one year-end report version (CSV, XLSX, HTML, JSON)',
      timeout: Duration.minutes(1),
      memorySize: 1024,
    });
    // Year-end reports only: the council's minutes share the bucket under minutes/.
    this.renderer.fn.addEnvironment('REPORTS_BUCKET', props.storage.reports.bucketName);
    props.storage.reports.grantPut(this.renderer.fn, 'reports/*');
    this.renderer.acknowledgeBucketGrant(props.storage.reports, 'reports/*');
    acknowledge(Stack.of(this), `AwsSolutions-IAM5[Resource::${arnToken(this.renderer.fn)}:*]`, 'The year-end jobs may invoke this one function (any version); CDK adds the :* qualifier');
  }

  /** A year-end job that asks for a version's files: it may invoke the renderer, and knows its name. */
  allowRendering(job: HandlerFunction): void {
    this.renderer.fn.grantInvoke(job.fn);
    job.fn.addEnvironment('RENDER_REPORT_FUNCTION', this.renderer.fn.functionName);
  }
}
