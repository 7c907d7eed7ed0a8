import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { MinutesInput } from '#domain/minutes';
import { formalMinutesInput } from '#domain/minutes';
import { requireEnv } from './config.ts';

const lambda = new LambdaClient({});

/**
 * Asks the render-documents function (RENDER_DOCUMENTS_FUNCTION) to write a closed session's tally minutes as
 * DOCX and PDF beside the HTML ones (minutes/<sessionId>.docx, .pdf in the reports bucket) and waits for it:
 * the renderers and the font stay out of the caller's bundle. The same minutes give the same bytes, so calling
 * it again after a failed close overwrites the files with themselves. Returns the keys written.
 */
export async function renderMinutesFiles(sessionId: string, minutes: MinutesInput): Promise<string[]> {
  // The province is the renderer's configuration; the caller sends the facts only (with the laws to cite).
  const { province: _province, ...facts } = formalMinutesInput(minutes);
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: requireEnv('RENDER_DOCUMENTS_FUNCTION'),
      Payload: new TextEncoder().encode(JSON.stringify({ kind: 'minutes', sessionId, minutes: facts })),
    }),
  );
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  if (out.FunctionError) throw new Error(`The document renderer failed (${out.FunctionError}): ${text.slice(0, 300)}`);
  const answer = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(answer.keys)) throw new Error(`The document renderer answered without its keys: ${text.slice(0, 300)}`);
  return answer.keys as string[];
}
