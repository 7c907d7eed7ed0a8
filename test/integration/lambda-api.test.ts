import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaFunctionError } from '#local/functions';
import { INVOKE_PAYLOAD_LIMIT, type LambdaApi, startLambdaApi } from '#local/lambda-api';

/**
 * The local Lambda Invoke API, called with the SDK's LambdaClient over real HTTP, as the year-end job calls
 * render-year-end. The functions behind it are stand-ins: what is under test is the API's answers.
 */
describe('local Lambda Invoke API', () => {
  let api: LambdaApi;
  let lambda: LambdaClient;
  const asyncCalls: unknown[] = [];
  let asyncCalled: () => void = () => {};

  const functions: Record<string, (event: unknown) => unknown> = {
    echo: (event) => ({ got: event }),
    boom: () => {
      throw new LambdaFunctionError('ValidationError', 'year: Required');
    },
    huge: () => 'x'.repeat(INVOKE_PAYLOAD_LIMIT + 1),
    throttled: () => {
      throw new LambdaFunctionError('TooManyRequestsException', 'Rate exceeded', 429);
    },
    later: (event) => {
      asyncCalls.push(event);
      asyncCalled();
      return null;
    },
  };
  const nameOf = (name: string) => name.replace(/^arn:aws:lambda:[^:]+:\d+:function:/, '');

  beforeAll(async () => {
    api = await startLambdaApi({
      exists: (name) => nameOf(name) in functions,
      invoke: async (name, event) => functions[nameOf(name)]!(event),
    });
    lambda = new LambdaClient({ endpoint: api.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    lambda.destroy();
    await api.close();
  });

  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const parse = (payload: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(payload)) as unknown;

  it('answers a synchronous invocation with the function result, by name or ARN', async () => {
    const byName = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: json({ year: 2026 }) }));
    expect(byName).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(byName.FunctionError).toBeUndefined();
    expect(parse(byName.Payload)).toEqual({ got: { year: 2026 } });
    const byArn = await lambda.send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:echo' }));
    expect(parse(byArn.Payload)).toEqual({ got: {} });
  });

  it("reports the function's own error as Lambda does: 200 with FunctionError and {errorType, errorMessage}", async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'boom', Payload: json({}) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    expect(parse(out.Payload)).toEqual({ errorType: 'ValidationError', errorMessage: 'year: Required' });
  });

  it('refuses unknown functions, unparsable and oversized payloads with the service errors', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'nobody' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: new TextEncoder().encode('{not json') }))).rejects.toMatchObject({ name: 'InvalidRequestContentException', $metadata: { httpStatusCode: 400 } });
    const tooLarge = json({ blob: 'x'.repeat(INVOKE_PAYLOAD_LIMIT) });
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: tooLarge }))).rejects.toMatchObject({ name: 'RequestTooLargeException', $metadata: { httpStatusCode: 413 } });
  });

  it('answers a malformed request with a 4xx and keeps serving', async () => {
    const res = await fetch(`${api.endpoint}/2015-03-31/functions/%E0%A4%A/invocations`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidParameterValueException');
    expect((await fetch(`${api.endpoint}/2015-03-31/functions`, { method: 'GET' })).status).toBe(404);
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: json(1) }));
    expect(parse(out.Payload)).toEqual({ got: 1 });
  });

  it('turns a response over 6 MB into the function error Lambda reports', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'huge' }));
    expect(out.FunctionError).toBe('Unhandled');
    expect(parse(out.Payload)).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge' });
  });

  it('answers an injected throttle with its status, so the SDK sees a retryable service error', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'throttled' }))).rejects.toMatchObject({ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
  });

  it('accepts Event invocations with 202 and runs them after answering; DryRun runs nothing', async () => {
    const ran = new Promise<void>((resolve) => (asyncCalled = resolve));
    const accepted = await lambda.send(new InvokeCommand({ FunctionName: 'later', InvocationType: 'Event', Payload: json({ n: 1 }) }));
    expect(accepted.StatusCode).toBe(202);
    await ran;
    expect(asyncCalls).toEqual([{ n: 1 }]);
    const dry = await lambda.send(new InvokeCommand({ FunctionName: 'later', InvocationType: 'DryRun', Payload: json({ n: 2 }) }));
    expect(dry.StatusCode).toBe(204);
    expect(asyncCalls).toEqual([{ n: 1 }]);
  });
});
