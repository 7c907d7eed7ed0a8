import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { RenderRequest } from '#schemas/input/render-report';
import { RenderReportResult } from '#schemas/report-files';
import { THROTTLING_ERROR_NAME, UNAVAILABLE_ERROR_NAME } from './aws-errors.ts';
import { requireEnv } from './config.ts';

const lambda = new LambdaClient({});

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Asks the render-year-end function (RENDER_REPORT_FUNCTION) to write a version's files and waits for its
 * answer: the job registers the version only after every file exists. A failed render throws, so nothing
 * is registered and the previous version stays the latest. When the renderer failed because S3 throttled or
 * was unavailable, the error says so as the SDK's do (a 503 status), so the API answers "try again shortly".
 */
export async function renderInLambda(request: RenderRequest): Promise<RenderReportResult['files']> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: requireEnv('RENDER_REPORT_FUNCTION'), Payload: new TextEncoder().encode(JSON.stringify(request)) }));
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  const answer = parseJson(text);
  if (out.FunctionError) {
    const { errorType = 'Error', errorMessage = text.slice(0, 300) } = (answer ?? {}) as { errorType?: string; errorMessage?: string };
    const error = new Error(`The report renderer failed (${out.FunctionError}): ${errorType}: ${errorMessage}`);
    // The renderer's S3 writes throttled or unavailable: retryable for the caller too.
    if (THROTTLING_ERROR_NAME.test(errorType) || UNAVAILABLE_ERROR_NAME.test(errorType)) Object.assign(error, { name: errorType, $metadata: { httpStatusCode: 503 } });
    throw error;
  }
  const result = RenderReportResult.safeParse(answer);
  if (!result.success) throw new Error(`The report renderer answered without a list of files: ${text.slice(0, 300)}`);
  return result.data.files;
}
