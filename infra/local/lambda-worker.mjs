// Runs one function's bundle in its own worker thread (its own process.env, like a Lambda sandbox).
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const mod = await import(pathToFileURL(workerData.bundle).href);
const handler = mod[workerData.handlerExport ?? 'handler'];

parentPort.on('message', async ({ id, event, deadline }) => {
  const context = {
    functionName: workerData.functionName,
    awsRequestId: id,
    invokedFunctionArn: workerData.functionArn,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: false,
  };
  try {
    const result = await handler(event, context);
    parentPort.postMessage({ id, ok: true, result: result === undefined ? null : result });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort.postMessage({ id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } });
  }
});
parentPort.postMessage({ ready: true });
