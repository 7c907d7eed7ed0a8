// Hosts every function of the template in one worker thread, each function as Lambda would see it:
// - its own module instance (its code, clients and caches), imported on its first invocation;
// - its own environment: process.env answers from the environment of the function whose invocation is
//   running. AsyncLocalStorage follows an invocation through every await, timer and callback, and through
//   the import of the function's module.
// The packages from node_modules (the AWS SDK above all) are loaded once and shared by all functions, so V8
// optimises them once instead of once per function (bench/README.md, throughput: ~50 ms of CPU per dossier).
import { AsyncLocalStorage } from 'node:async_hooks';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const running = new AsyncLocalStorage();
/** Outside any invocation (nothing of ours runs there) the host has only the environment every function shares. */
const hostEnv = { ...workerData.sharedEnv };
const env = () => running.getStore()?.env ?? hostEnv;
process.env = new Proxy(
  {},
  {
    get: (_, key) => env()[key],
    set: (_, key, value) => ((env()[key] = String(value)), true),
    has: (_, key) => key in env(),
    deleteProperty: (_, key) => delete env()[key],
    ownKeys: () => Reflect.ownKeys(env()),
    getOwnPropertyDescriptor: (_, key) => (key in env() ? { value: env()[key], writable: true, enumerable: true, configurable: true } : undefined),
  },
);

// What a function prints is sent to the runtime with the function's name, in order with its result.
for (const stream of ['stdout', 'stderr']) {
  process[stream].write = (chunk, encoding, callback) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    parentPort.postMessage({ log: { stream, functionName: running.getStore()?.functionName, text } });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) queueMicrotask(() => done());
    return true;
  };
}

/**
 * An error no one caught ends the sandbox it came from, as Lambda's Node.js runtime does: the function's
 * invocations in flight fail with it (an unhandled rejection as Runtime.UnhandledPromiseRejection) and its next
 * invocation starts a fresh sandbox. The other functions go on. The invocation's async context says whose
 * error it is; an error of the host's own code ends the host (the runtime then starts a new one).
 */
function sandboxFailed(error) {
  const store = running.getStore();
  if (!store) {
    console.error('lambda host failed', error);
    process.exit(1);
  }
  console.error(`${error.name}: ${error.message}`);
  for (const id of store.inFlight) parentPort.postMessage({ id, ok: false, error });
  store.inFlight.clear();
  if (sandboxes.get(store.functionName)?.store === store) sandboxes.delete(store.functionName);
}
process.on('unhandledRejection', (reason) =>
  sandboxFailed({ name: 'Runtime.UnhandledPromiseRejection', message: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason) }),
);
process.on('uncaughtException', (error) => sandboxFailed({ name: error.name, message: error.message, stack: error.stack }));

/** functionName → its sandbox: environment and module. A discarded sandbox (timed out, failed) is imported afresh. */
const sandboxes = new Map();
let instances = 0;

function sandboxOf(fn) {
  let sandbox = sandboxes.get(fn.functionName);
  if (!sandbox) {
    const store = { functionName: fn.functionName, env: { ...fn.env }, inFlight: new Set() };
    // A new URL is a new module instance: a fresh sandbox never shares state with a discarded one.
    const url = `${pathToFileURL(fn.bundle).href}?sandbox=${++instances}`;
    sandbox = { store, handler: running.run(store, () => import(url)).then((mod) => mod.handler) };
    sandboxes.set(fn.functionName, sandbox);
  }
  return sandbox;
}

async function invoke({ id, fn, event, deadline }) {
  const context = {
    functionName: fn.functionName,
    awsRequestId: id,
    invokedFunctionArn: fn.functionArn,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: false,
  };
  const sandbox = sandboxOf(fn);
  const { inFlight } = sandbox.store;
  inFlight.add(id);
  // Answers once: a sandbox that failed meanwhile has already answered for its invocations.
  const answer = (message) => inFlight.delete(id) && parentPort.postMessage({ id, ...message });
  try {
    const handler = await sandbox.handler.catch((error) => {
      // Like Lambda after a failed init: the next invocation starts a fresh sandbox.
      if (sandboxes.get(fn.functionName) === sandbox) sandboxes.delete(fn.functionName);
      throw error;
    });
    const result = await running.run(sandbox.store, () => handler(event, context));
    answer({ ok: true, result: result === undefined ? null : result });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    answer({ ok: false, error: { name: e.name, message: e.message, stack: e.stack } });
  }
}

parentPort.on('message', (msg) => {
  if (msg.type === 'invoke') void invoke(msg);
  else if (msg.type === 'discard') sandboxes.delete(msg.functionName);
  else if (msg.type === 'ping') parentPort.postMessage({ pong: msg.id });
});
parentPort.postMessage({ ready: true });
