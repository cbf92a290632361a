export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  readonly maxAttempts?: number
  /** First backoff ceiling, ms; doubles per attempt. Default 100. */
  readonly baseDelayMs?: number
  /** Backoff ceiling, ms. Default 2000. */
  readonly maxDelayMs?: number
}

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

/**
 * Runs `attempt` until it succeeds, a non-retryable error occurs, the attempts run out or `signal`
 * aborts. Between attempts it waits a random time up to min(maxDelay, base * 2^n) ("full jitter").
 * Returns how many attempts were made along with the value.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  opts: RetryOptions & {
    readonly signal: AbortSignal
    readonly random?: () => number
    readonly onRetry?: (err: unknown, attempt: number, delayMs: number) => void
  }
): Promise<{ value: T; attempts: number }> {
  const max = opts.maxAttempts ?? 5
  const base = opts.baseDelayMs ?? 100
  const cap = opts.maxDelayMs ?? 2000
  const random = opts.random ?? Math.random
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(), attempts: n }
    } catch (err) {
      if (n >= max || !isRetryable(err) || opts.signal.aborted) throw err
      const delayMs = Math.floor(random() * Math.min(cap, base * 2 ** (n - 1)))
      opts.onRetry?.(err, n, delayMs)
      await sleep(delayMs, opts.signal)
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error)
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason as Error)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
