/**
 * Faults injected on purpose at a service boundary of the local runtime (`POST /_local/faults`): the next
 * `count` calls of an operation fail as that AWS service fails. For tests of retries and recovery only.
 */
export const faultServices = ['sfn', 'dynamodb', 's3', 'ses', 'lambda'] as const;
export type FaultService = (typeof faultServices)[number];

export interface ArmedFault {
  /** The AWS service whose answer is replaced; `lambda` makes an invocation of the named function fail. */
  readonly service: FaultService;
  readonly operation: string;
  count: number;
  readonly status: number;
  readonly errorType: string;
  /**
   * When set, the call is not failed but held this long and then passed on untouched: a race window made wide
   * on purpose, so a test can act while one request is known to be in flight.
   */
  readonly delayMs?: number;
}

export class FaultInjector {
  private readonly armed: ArmedFault[] = [];

  arm(fault: ArmedFault): void {
    this.armed.push({ ...fault });
  }

  /** Disarms every fault still armed (`DELETE /_local/faults`). */
  clear(): number {
    const left = this.armed.reduce((n, f) => n + f.count, 0);
    this.armed.length = 0;
    return left;
  }

  /** What is still armed (`GET /_local/faults`): a test waits for a delay to be taken before acting. */
  list(): readonly ArmedFault[] {
    return this.armed.map((f) => ({ ...f }));
  }

  /** The fault to answer this call with, if one is armed (and uses it up). */
  take(service: FaultService, operation: string): ArmedFault | undefined {
    const fault = this.armed.find((f) => f.service === service && f.operation === operation && f.count > 0);
    if (fault) fault.count -= 1;
    return fault;
  }
}

/** What each service answers by default when a fault is armed without an explicit error (its common transient fault). */
export const defaultFaults: Record<FaultService, { status: number; errorType: string }> = {
  sfn: { status: 500, errorType: 'InternalFailure' },
  dynamodb: { status: 400, errorType: 'ProvisionedThroughputExceededException' },
  s3: { status: 503, errorType: 'SlowDown' },
  ses: { status: 429, errorType: 'TooManyRequestsException' },
  lambda: { status: 200, errorType: 'Sandbox.Timedout' },
};
