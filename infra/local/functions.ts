import type { FaultInjector } from './faults.ts';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { HANDLER_BUNDLING } from '../bundling.ts';
import { HANDLER_ENTRY_METADATA, projectRoot } from '../paths.ts';
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

export interface InvokeObserver {
  (record: { logicalId: string; entry: string; ms: number; ok: boolean; memoryMb: number }): void;
}

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
 * Bundles every handler under functions/ once with esbuild (as deployed: ESM, SDK included, code shared
 * between handlers split into chunks). Runs before the template exists, in parallel with the synth.
 * Returns handler entry (functions/<name>/handler.ts) → bundle file.
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
      splitting: true,
      sourcemap: 'linked',
      outExtension: { '.js': '.mjs' },
      banner: { js: HANDLER_BUNDLING.banner },
      alias: { ...HANDLER_BUNDLING.alias },
      absWorkingDir: projectRoot,
      logLevel: 'warning',
    });
  });
  return new Map(names.map((n) => [`functions/${n}/handler.ts`, path.join(buildDir, `${n}.mjs`)]));
}

/**
 * Runs each function in its own
 * worker thread with exactly its template environment plus the emulator endpoints.
 */
export class LocalFunctions {
  private readonly byArn = new Map<string, LocalFunction>();
  private readonly workers = new Map<string, Promise<Worker>>();
  private readonly pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
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
    for (const f of functions) this.byArn.set(f.arn, f);
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
      throw new LambdaFunctionError(fault.errorType, fault.errorType === 'Sandbox.Timedout' ? `Task timed out after ${fn.timeoutMs / 1000} seconds` : 'Injected fault', fault.status);
    }
    const worker = await this.worker(fn);
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
          this.workers.delete(fn.logicalId);
          void worker.terminate();
          reject(new LambdaFunctionError('Sandbox.Timedout', `Task timed out after ${fn.timeoutMs / 1000} seconds`));
        }, fn.timeoutMs);
        worker.postMessage({ id, event, deadline });
      });
      ok = true;
      return result;
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
      this.observe?.({ logicalId: fn.logicalId, entry: fn.entry, ms: performance.now() - started, ok, memoryMb: fn.memoryMb });
    }
  }

  private worker(fn: LocalFunction): Promise<Worker> {
    const existing = this.workers.get(fn.logicalId);
    if (existing) return existing;
    const bundle = this.bundles.get(fn.entry);
    if (!bundle) throw new Error(`Handler ${fn.entry} was not bundled`);
    const starting = new Promise<Worker>((resolveWorker, reject) => {
      const worker = new Worker(fileURLToPath(new URL('./lambda-worker.mjs', import.meta.url)), {
        workerData: { bundle, functionName: fn.logicalId, functionArn: fn.arn },
        env: { ...this.sharedEnv, ...fn.environment, AWS_LAMBDA_FUNCTION_NAME: fn.logicalId, AWS_LAMBDA_FUNCTION_TIMEOUT: String(fn.timeoutMs / 1000) },
        stdout: true,
        stderr: true,
      });
      for (const [stream, sink] of [[worker.stdout, process.stdout], [worker.stderr, process.stderr]] as const) {
        stream.on('data', (chunk: Buffer) => {
          if (!this.quiet) sink.write(chunk);
          this.logStream?.write(chunk.toString().split('\n').filter(Boolean).map((line) => `${fn.logicalId} ${line}\n`).join(''));
        });
      }
      worker.on('message', (msg: { ready?: boolean; id?: string; ok?: boolean; result?: unknown; error?: { name: string; message: string } }) => {
        if (msg.ready) return resolveWorker(worker);
        const waiter = msg.id ? this.pending.get(msg.id) : undefined;
        if (!waiter || !msg.id) return;
        this.pending.delete(msg.id);
        if (msg.ok) waiter.resolve(msg.result);
        else waiter.reject(new LambdaFunctionError(msg.error?.name ?? 'Error', msg.error?.message ?? 'Unknown error'));
      });
      worker.on('error', (error) => {
        this.workers.delete(fn.logicalId);
        reject(error);
      });
      worker.unref();
    });
    this.workers.set(fn.logicalId, starting);
    return starting;
  }

  async close(): Promise<void> {
    const workers = await Promise.allSettled(this.workers.values());
    this.workers.clear();
    await Promise.all(workers.map((w) => (w.status === 'fulfilled' ? w.value.terminate() : undefined)));
  }
}
