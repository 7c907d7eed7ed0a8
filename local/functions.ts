import type { FaultInjector } from './faults.ts';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, symlinkSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build, type Plugin } from 'esbuild';
import { HANDLER_BUNDLING } from '../infra/bundling.ts';
import { HANDLER_ENTRY_METADATA, projectRoot } from '../infra/paths.ts';
import { cached, sourceKey } from './build-cache.ts';
import { type CfnTemplate, localAttribute, resolve, resourcesOfType } from './template.ts';

export interface LocalFunction {
  readonly logicalId: string;
  readonly arn: string;
  readonly entry: string;
  readonly environment: Record<string, string>;
  readonly timeoutMs: number;
  /** Configured memory (the GB in GB-seconds). */
  readonly memoryMb: number;
}

export type InvokeObserver = (record: { logicalId: string; entry: string; ms: number; ok: boolean; memoryMb: number }) => void

/** Lambda error surfaced to callers the way Lambda reports it: the handler's error name is the errorType. */
export class LambdaFunctionError extends Error {
  constructor(
    name: string,
    message: string,
    /** Set for an injected fault of Lambda itself (not 200): the Invoke API answers with this status. */
    readonly status?: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** Every function of the template that carries our handler-entry metadata, with its resolved environment. */
export function functionsFromTemplate(template: CfnTemplate): LocalFunction[] {
  return resourcesOfType(template, 'AWS::Lambda::Function')
    .filter(([, r]) => typeof r.Metadata?.[HANDLER_ENTRY_METADATA] === 'string')
    .map(([logicalId, r]) => {
      const props = resolve(template, r.Properties ?? {}) as { Environment?: { Variables?: Record<string, string> }; Timeout?: number; MemorySize?: number };
      return {
        logicalId,
        arn: localAttribute(template, logicalId, 'Arn'),
        entry: String(r.Metadata?.[HANDLER_ENTRY_METADATA]),
        environment: props.Environment?.Variables ?? {},
        timeoutMs: (props.Timeout ?? 3) * 1000,
        memoryMb: Number(props.MemorySize ?? 128),
      };
    });
}

/**
 * Bundles every handler under functions/ once with esbuild, for the local runtime: ESM, one file per
 * function with all of our code (functions/, shared/) in it, so each function has its own module instance
 * as in its own Lambda sandbox. The packages from node_modules are left out and imported from there: the
 * host loads them once for all functions (see lambda-host.mjs). Runs before the template exists, in
 * parallel with the synth. Returns handler entry (functions/<name>/handler.ts) → bundle file.
 */
export async function bundleHandlers(key = sourceKey()): Promise<Map<string, string>> {
  const names = readdirSync(path.join(projectRoot, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(projectRoot, 'functions', d.name, 'handler.ts')))
    .map((d) => d.name);
  // Built once per state of the sources (build-cache.ts); a restart reuses them.
  const { path: buildDir } = await cached(`bundles-${key}`, async (outdir) => {
    await build({
      entryPoints: Object.fromEntries(names.map((n) => [n, path.join(projectRoot, 'functions', n, 'handler.ts')])),
      outdir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      outExtension: { '.js': '.mjs' },
      plugins: [packagesFromNodeModules],
      loader: { ...HANDLER_BUNDLING.loader },
      absWorkingDir: projectRoot,
      logLevel: 'warning',
    });
    const modules = path.join(projectRoot, 'node_modules');
    if (path.relative(modules, outdir).startsWith('..')) symlinkSync(modules, path.join(outdir, 'node_modules'), 'dir');
  });
  return new Map(names.map((n) => [`functions/${n}/handler.ts`, path.join(buildDir, `${n}.mjs`)]));
}

/**
 * Leaves every package import out of the bundles, as written. Node resolves it from the bundle's folder: inside
 * node_modules/.cache it finds the project's node_modules; where the cache is elsewhere (build-cache.ts), a
 * node_modules link beside the bundles points there. `#` imports are the project's own code and are bundled.
 */
const packagesFromNodeModules: Plugin = {
  name: 'packages-from-node-modules',
  setup(b) {
    b.onResolve({ filter: /^[^./#]/ }, (args) => ({ path: args.path, external: true }));
  },
};

const timedOut = (fn: LocalFunction, status?: number) => new LambdaFunctionError('Sandbox.Timedout', `Task timed out after ${fn.timeoutMs / 1000} seconds`, status);

/** How long a host that let a function time out may take to answer before it is taken for stuck and restarted. */
const STUCK_HOST_MS = 5000;

type HostMessage =
  | { ready: true }
  | { pong: string }
  | { log: { stream: 'stdout' | 'stderr'; functionName?: string; text: string } }
  | { id: string; ok: boolean; result?: unknown; error?: { name: string; message: string } };

/**
 * Runs the template's functions, each with exactly its template environment plus the emulator endpoints, in
 * one worker thread that keeps a sandbox per function (lambda-host.mjs).
 */
export class LocalFunctions {
  private readonly byArn = new Map<string, LocalFunction>();
  /** Each function's environment in its sandbox: the template's, the emulator endpoints, and Lambda's own variables. */
  private readonly envs = new Map<string, Record<string, string>>();
  private host?: Promise<Worker>;
  /** The newest host: only its failure fails the pending invocations and makes the next call start another. */
  private hostWorker?: Worker;
  private readonly pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly pongs = new Map<string, () => void>();
  private bundles = new Map<string, string>();
  private readonly logStream?: WriteStream;

  constructor(
    readonly functions: readonly LocalFunction[],
    private readonly sharedEnv: Record<string, string>,
    private readonly observe?: InvokeObserver,
    /** Every line the functions print is also appended here, like CloudWatch Logs (tests search it). */
    logFile?: string,
    /** Do not echo function output to this process's stdout/stderr (tests, benchmarks); the log file still gets it. */
    private readonly quiet = false,
  ) {
    if (logFile) {
      mkdirSync(path.dirname(logFile), { recursive: true });
      this.logStream = createWriteStream(logFile, { flags: 'a' });
    }
    for (const f of functions) {
      this.byArn.set(f.arn, f);
      this.envs.set(f.logicalId, { ...sharedEnv, ...f.environment, AWS_LAMBDA_FUNCTION_NAME: f.logicalId, AWS_LAMBDA_FUNCTION_TIMEOUT: String(f.timeoutMs / 1000) });
    }
  }

  /** Takes the bundles built by {@link bundleHandlers}; every function of the template must have one. */
  useBundles(bundles: ReadonlyMap<string, string>): void {
    const missing = this.functions.filter((f) => !bundles.has(f.entry)).map((f) => f.entry);
    if (missing.length > 0) throw new Error(`No bundle for ${missing.join(', ')}`);
    this.bundles = new Map(bundles);
  }

  /** Armed `lambda` faults make the next invocations of a function (named by its folder) fail as Lambda does. */
  useFaults(faults: FaultInjector): void {
    this.faults = faults;
  }
  private faults?: FaultInjector;

  /** The function named by its ARN, its name (the logical id locally) or an ARN ending in it. */
  private lookup(arnOrName: string): LocalFunction | undefined {
    return this.byArn.get(arnOrName) ?? this.functions.find((f) => f.logicalId === arnOrName || arnOrName.endsWith(`:function:${f.logicalId}`));
  }

  find(arnOrName: string): LocalFunction {
    const fn = this.lookup(arnOrName);
    if (!fn) throw new LambdaFunctionError('ResourceNotFoundException', `Function not found: ${arnOrName}`);
    return fn;
  }

  has(arnOrName: string): boolean {
    return this.lookup(arnOrName) !== undefined;
  }

  byEntry(entry: string): LocalFunction {
    const fn = this.functions.find((f) => f.entry === entry);
    if (!fn) throw new Error(`No function for ${entry}`);
    return fn;
  }

  async invoke(arnOrName: string, event: unknown): Promise<unknown> {
    const fn = this.find(arnOrName);
    const fault = this.faults?.take('lambda', path.basename(path.dirname(fn.entry)));
    if (fault) {
      this.observe?.({ logicalId: fn.logicalId, entry: fn.entry, ms: 0, ok: false, memoryMb: fn.memoryMb });
      if (fault.errorType === 'Sandbox.Timedout') throw timedOut(fn, fault.status);
      throw new LambdaFunctionError(fault.errorType, 'Injected fault', fault.status);
    }
    const bundle = this.bundles.get(fn.entry);
    if (!bundle) throw new Error(`Handler ${fn.entry} was not bundled`);
    const host = await this.startHost();
    const id = randomUUID();
    const started = performance.now();
    const deadline = Date.now() + fn.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    let ok = false;
    try {
      const result = await new Promise((resolvePromise, reject) => {
        this.pending.set(id, { resolve: resolvePromise, reject });
        timer = setTimeout(() => {
          // Like Lambda, a timed-out sandbox is discarded; the next call starts a fresh one.
          this.pending.delete(id);
          host.postMessage({ type: 'discard', functionName: fn.logicalId });
          void this.restartIfStuck(host);
          reject(timedOut(fn));
        }, fn.timeoutMs);
        host.postMessage({ type: 'invoke', id, event, deadline, fn: { functionName: fn.logicalId, functionArn: fn.arn, bundle, env: this.envs.get(fn.logicalId) } });
      });
      ok = true;
      return result;
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
      this.observe?.({ logicalId: fn.logicalId, entry: fn.entry, ms: performance.now() - started, ok, memoryMb: fn.memoryMb });
    }
  }

  /**
   * A function that timed out may still hold the host's thread (a loop that never awaits). If the host does not
   * answer a ping in time, it is replaced, and what was running in it fails as a sandbox that died would.
   */
  private async restartIfStuck(host: Worker): Promise<void> {
    const id = randomUUID();
    const answered = await new Promise<boolean>((resolveAnswer) => {
      const timer = setTimeout(() => resolveAnswer(false), STUCK_HOST_MS);
      this.pongs.set(id, () => {
        clearTimeout(timer);
        resolveAnswer(true);
      });
      host.postMessage({ type: 'ping', id });
    });
    this.pongs.delete(id);
    if (!answered) this.hostFailed(host, new LambdaFunctionError('Runtime.ExitError', 'The sandbox host was restarted after a function held it past its timeout'));
  }

  /** Forgets a host that died or is stuck: its invocations fail, and the next one starts a new host. */
  private hostFailed(host: Worker, error: Error): void {
    void host.terminate();
    // A host already replaced has had its invocations failed then.
    if (this.hostWorker !== host) return;
    this.host = undefined;
    this.hostWorker = undefined;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  private startHost(): Promise<Worker> {
    if (this.host) return this.host;
    const starting = new Promise<Worker>((resolveHost, reject) => {
      const host = new Worker(fileURLToPath(new URL('./lambda-host.mjs', import.meta.url)), {
        workerData: { sharedEnv: this.sharedEnv },
        env: { ...this.sharedEnv },
      });
      this.hostWorker = host;
      host.on('message', (msg: HostMessage) => {
        if ('ready' in msg) return resolveHost(host);
        if ('pong' in msg) return this.pongs.get(msg.pong)?.();
        if ('log' in msg) return this.printed(msg.log);
        const waiter = this.pending.get(msg.id);
        if (!waiter) return;
        this.pending.delete(msg.id);
        if (msg.ok) waiter.resolve(msg.result);
        else waiter.reject(new LambdaFunctionError(msg.error?.name ?? 'Error', msg.error?.message ?? 'Unknown error'));
      });
      host.on('error', (error) => {
        reject(error);
        this.hostFailed(host, new LambdaFunctionError('Runtime.ExitError', `The sandbox host exited: ${error.message}`));
      });
      host.on('exit', (code) => {
        this.hostFailed(host, new LambdaFunctionError('Runtime.ExitError', `The sandbox host exited with code ${code}`));
      });
      host.unref();
    });
    this.host = starting;
    return starting;
  }

  /** A function's output: echoed unless quiet, and appended to the log file line by line under its name. */
  private printed({ stream, functionName, text }: { stream: 'stdout' | 'stderr'; functionName?: string; text: string }): void {
    if (!this.quiet) (stream === 'stdout' ? process.stdout : process.stderr).write(text);
    this.logStream?.write(text.split('\n').filter(Boolean).map((line) => `${functionName ?? 'host'} ${line}\n`).join(''));
  }

  async close(): Promise<void> {
    const host = await this.host?.catch(() => undefined);
    this.host = undefined;
    this.hostWorker = undefined;
    await host?.terminate();
  }
}
