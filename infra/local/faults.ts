/**
 * Faults injected on purpose at a service boundary of the local runtime (`POST /_local/faults`): the next
 * `count` calls of an operation fail as that AWS service fails. For tests of retries and recovery only.
 */
export interface ArmedFault {
  readonly service: 'sfn';
  readonly operation: string;
  count: number;
  readonly status: number;
  readonly errorType: string;
}

export class FaultInjector {
  private readonly armed: ArmedFault[] = [];

  arm(fault: ArmedFault): void {
    this.armed.push({ ...fault });
  }

  /** The fault to answer this call with, if one is armed (and uses it up). */
  take(service: ArmedFault['service'], operation: string): ArmedFault | undefined {
    const fault = this.armed.find((f) => f.service === service && f.operation === operation && f.count > 0);
    if (fault) fault.count -= 1;
    return fault;
  }
}
