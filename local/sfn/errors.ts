/** Exception names the Step Functions API returns (the SDK maps `__type` to these error classes). */
export type SfnExceptionName =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'ExecutionNotRedrivable'
  | 'InvalidArn'
  | 'InvalidDefinition'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'StateMachineAlreadyExists'
  | 'StateMachineDoesNotExist'
  | 'StateMachineTypeNotSupported'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ValidationException';

/** An API-level failure; `name` is the AWS exception name so callers can branch on it like on the SDK's errors. */
export class SfnServiceError extends Error {
  override readonly name: SfnExceptionName;

  constructor(name: SfnExceptionName, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * An error raised inside a running state. aws-local-stepfunctions matches Retry/Catch `ErrorEquals` against
 * `error.name`, uses `error.message` as the Cause, and reads `isRetryable`/`isCatchable` (default true).
 */
export function stateError(name: string, cause: string, options: { recoverable?: boolean } = {}): Error {
  const error = new Error(cause);
  error.name = name;
  if (options.recoverable === false) {
    // Like States.Runtime on AWS: neither Retry nor Catch may swallow it.
    Object.assign(error, { isRetryable: false, isCatchable: false });
  }
  return error;
}

/**
 * The error a Lambda task reports when its function throws: name = errorType, Cause = the JSON document AWS
 * puts in the Cause of Lambda failures ({errorType, errorMessage, trace}).
 */
export function lambdaFunctionError(thrown: unknown): Error {
  const errorType = thrown instanceof Error ? thrown.name : 'Error';
  const errorMessage = thrown instanceof Error ? thrown.message : String(thrown);
  const trace = thrown instanceof Error && thrown.stack ? thrown.stack.split('\n') : [];
  return stateError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}
