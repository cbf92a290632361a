// The AWS classifiers of the PutMetricData retry (lib/primitives/retry.ts runs it).

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
])

/** An AWS throttling answer (by error name/code, 429, or the SDK's `$retryable.throttling`). */
export function isThrottling(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const e = err as {
    name?: unknown
    code?: unknown
    Code?: unknown
    $retryable?: { throttling?: boolean }
    $metadata?: { httpStatusCode?: number }
  }
  return (
    [e.name, e.code, e.Code].some((n) => typeof n === 'string' && THROTTLING.has(n)) ||
    e.$retryable?.throttling === true ||
    e.$metadata?.httpStatusCode === 429
  )
}

/** Worth another attempt: throttling, or a 5xx from the service. */
export function isRetryable(err: unknown): boolean {
  if (isThrottling(err)) return true
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata
    ?.httpStatusCode
  return typeof status === 'number' && status >= 500
}
