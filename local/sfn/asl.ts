import type { StateMachineDefinition } from 'aws-local-stepfunctions';

/** How a Task state's Resource is executed locally. */
export type TaskKind = 'lambda' | 'invoke' | 'invoke-wait' | 'unsupported';

export interface TaskSpec {
  readonly kind: TaskKind;
  readonly resource: string;
  readonly timeoutSeconds?: number;
  readonly timeoutSecondsPath?: string;
}

/** A definition rewritten for the library, plus what the engine itself needs to know about its states. */
export interface PreparedDefinition {
  readonly definition: StateMachineDefinition;
  readonly startAt: string;
  /** Task states at any depth (Map/Parallel included), by name. */
  readonly tasks: ReadonlyMap<string, TaskSpec>;
  /** States with a Retry field, at any depth. */
  readonly retryStates: readonly string[];
  /** Names of the top-level states: the only places an execution can be resumed from. */
  readonly topLevelStates: ReadonlySet<string>;
  readonly executionTimeoutSeconds?: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * The library races every Task against its own setTimeout (default 60 s, and a delay above 2^31-1 ms fires at
 * once). The engine enforces TimeoutSeconds itself, so the library's timer is pinned to the largest safe delay.
 */
export const LIBRARY_TASK_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;
const LAMBDA_INVOKE_WAIT = /^arn:aws[a-z-]*:states:::lambda:invoke\.waitForTaskToken$/;

export function classifyResource(resource: string): TaskKind {
  if (LAMBDA_FUNCTION_ARN.test(resource)) return 'lambda';
  if (LAMBDA_INVOKE.test(resource)) return 'invoke';
  if (LAMBDA_INVOKE_WAIT.test(resource)) return 'invoke-wait';
  return 'unsupported';
}

export function parseDefinition(text: string): JsonObject {
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed) || typeof parsed['StartAt'] !== 'string' || !isObject(parsed['States'])) {
    throw new Error('a definition needs StartAt (string) and States (object)');
  }
  return parsed;
}

/** Copies `source` for the library: optional new StartAt, timeouts taken over by the engine (see above). */
export function prepareDefinition(source: JsonObject, startAt?: string): PreparedDefinition {
  const definition = structuredClone(source);
  if (startAt !== undefined) definition['StartAt'] = startAt;
  const executionTimeout = definition['TimeoutSeconds'];
  delete definition['TimeoutSeconds'];

  const tasks = new Map<string, TaskSpec>();
  const retryStates: string[] = [];
  const states = definition['States'];
  const topLevelStates = new Set(isObject(states) ? Object.keys(states) : []);
  walkStates(definition, (name, state) => {
    if (Array.isArray(state['Retry'])) retryStates.push(name);
    if (state['Type'] !== 'Task') return;
    const resource = typeof state['Resource'] === 'string' ? state['Resource'] : '';
    const timeoutSeconds = state['TimeoutSeconds'];
    const timeoutSecondsPath = state['TimeoutSecondsPath'];
    tasks.set(name, {
      kind: classifyResource(resource),
      resource,
      ...(typeof timeoutSeconds === 'number' ? { timeoutSeconds } : {}),
      ...(typeof timeoutSecondsPath === 'string' ? { timeoutSecondsPath } : {}),
    });
    state['TimeoutSeconds'] = LIBRARY_TASK_TIMEOUT_SECONDS;
    delete state['TimeoutSecondsPath'];
  });

  return {
    definition: definition as unknown as StateMachineDefinition,
    startAt: String(definition['StartAt']),
    tasks,
    retryStates,
    topLevelStates,
    ...(typeof executionTimeout === 'number' ? { executionTimeoutSeconds: executionTimeout } : {}),
  };
}

function walkStates(machine: JsonObject, visit: (name: string, state: JsonObject) => void): void {
  const states = machine['States'];
  if (!isObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    visit(name, state);
    const branches = state['Branches'];
    if (Array.isArray(branches)) for (const branch of branches) if (isObject(branch)) walkStates(branch, visit);
    for (const key of ['Iterator', 'ItemProcessor']) {
      const nested = state[key];
      if (isObject(nested)) walkStates(nested, visit);
    }
  }
}

/**
 * Reads a plain JSONPath (`$`, `.name`, `['name']`, `[index]`), enough for TimeoutSecondsPath; anything
 * fancier is rejected rather than guessed.
 */
export function readSimplePath(path: string, value: unknown): unknown {
  if (!path.startsWith('$')) throw new Error(`unsupported path ${path}`);
  const segment = /^(?:\.([A-Za-z_$][\w$-]*)|\['([^']*)'\]|\[(\d+)\])/;
  let rest = path.slice(1);
  let current = value;
  while (rest.length > 0) {
    const match = segment.exec(rest);
    if (!match) throw new Error(`unsupported path ${path}`);
    const key = match[1] ?? match[2] ?? Number(match[3]);
    current = isObject(current) || Array.isArray(current) ? (current as Record<string | number, unknown>)[key] : undefined;
    rest = rest.slice(match[0].length);
  }
  return current;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
