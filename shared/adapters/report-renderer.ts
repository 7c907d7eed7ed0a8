import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { RenderRequest } from '#schemas/input/render-report';
import { RenderReportResult } from '#schemas/report-files';
import { requireEnv } from './config.ts';

const lambda = new LambdaClient({});

/**
 * Asks the render-year-end function (RENDER_REPORT_FUNCTION) to write a version's files and waits for its
 * answer: the job registers the version only after every file exists. A failed render throws, so nothing
 * is registered and the previous version stays the latest.
 */
export async function renderInLambda(request: RenderRequest): Promise<RenderReportResult['files']> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: requireEnv('RENDER_REPORT_FUNCTION'), Payload: new TextEncoder().encode(JSON.stringify(request)) }));
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  if (out.FunctionError) {
    const { errorType, errorMessage } = (JSON.parse(text || '{}') ?? {}) as { errorType?: string; errorMessage?: string };
    throw new Error(`The report renderer failed (${out.FunctionError}): ${errorType ?? 'Error'}: ${errorMessage ?? text.slice(0, 300)}`);
  }
  const answer = RenderReportResult.safeParse(JSON.parse(text));
  if (!answer.success) throw new Error('The report renderer answered without a list of files');
  return answer.data.files;
}
