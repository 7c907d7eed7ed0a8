/**
 * Names of AWS errors that mean "try again shortly": throttling, whatever its status, and the 5xx names a
 * service reports when it is unavailable (as an errorType they arrive without the SDK's status code).
 */
export const THROTTLING_ERROR_NAME = /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|SlowDown|TooManyRequests/;
export const UNAVAILABLE_ERROR_NAME = /ServiceUnavailable|InternalError|RequestTimeout/;
