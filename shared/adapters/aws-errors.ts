/**
 * Names of AWS errors that mean "try again shortly": throttling, whatever its status, and the 5xx names a
 * service reports when it is unavailable (as an errorType they arrive without the SDK's status code).
 */
export const THROTTLING_ERROR_NAME = /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|SlowDown|TooManyRequests/;
export const UNAVAILABLE_ERROR_NAME = /ServiceUnavailable|InternalError|RequestTimeout/;

/**
 * The per-item reasons of a cancelled DynamoDB transaction, in item order, or undefined when the error is not
 * a cancellation. Checked by name, not class: a bundled handler may hold a second copy of the SDK.
 */
export function cancellationReasons(error: unknown): { Code?: string | undefined; Item?: Record<string, unknown> | undefined }[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: unknown }).CancellationReasons;
  return Array.isArray(reasons) ? reasons : [];
}
