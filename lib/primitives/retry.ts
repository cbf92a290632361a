/** How often and how long to back off. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  readonly maxAttempts?: number
  /** First backoff ceiling, ms; doubles per retry. Default 100. */
  readonly baseDelayMs?: number
  /** Backoff ceiling, ms. Default 2000. */
  readonly maxDelayMs?: number
}

/** What a failed attempt left: the error it threw, or the value `retryValue` refused. */
export type AttemptFailure<T> = { readonly error: unknown } | { readonly value: T }

export interface RetryPolicy<T> extends RetryOptions {
  /** Bounds everything: no attempt starts and no pause lasts past it. */
  readonly signal: AbortSignal
  /** Whether a thrown error is worth another attempt (a network failure, a throttling answer). */
  readonly isRetryable: (err: unknown) => boolean
  /** Whether a value is worth another attempt (an HTTP 503); the last attempt's value is returned. */
  readonly retryValue?: (value: T) => boolean
  /** Source of the jitter, in [0, 1). Default Math.random. */
  readonly random?: () => number
  /** The pause before retry `n` (0-based), replacing the jittered backoff. */
  readonly delayMs?: (retry: number) => number
  /** Runs before each pause: to release what the failed attempt holds (a response body). */
  readonly onRetry?: (failure: AttemptFailure<T>, retry: number) => void | Promise<void>
}

/**
 * Runs `attempt` until it gives a value `retryValue` accepts, throws an error `isRetryable`
 * refuses, the attempts run out or `signal` aborts. Between attempts it pauses a random time up
 * to min(maxDelayMs, baseDelayMs * 2^n) ("full jitter"); an abort during the pause rejects with
 * the signal's reason. Returns the value with the number of attempts made.
 */
export async function retry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy<T>
): Promise<{ value: T; attempts: number }> {
  const max = policy.maxAttempts ?? 5
  const { signal } = policy
  for (let n = 1; ; n++) {
    let failure: AttemptFailure<T>
    try {
      const value = await attempt()
      if (n >= max || signal.aborted || !policy.retryValue?.(value)) return { value, attempts: n }
      failure = { value }
    } catch (error) {
      if (n >= max || signal.aborted || !policy.isRetryable(error)) throw error
      failure = { error }
    }
    await policy.onRetry?.(failure, n - 1)
    await pause(backoffMs(policy, n - 1), signal)
    if (signal.aborted) throw signal.reason
  }
}

/** The pause before retry `n` (0-based): the policy's own, else full jitter. */
export function backoffMs(
  policy: RetryOptions & Pick<RetryPolicy<unknown>, 'random' | 'delayMs'>,
  n: number
): number {
  if (policy.delayMs) return policy.delayMs(n)
  const ceiling = Math.min(policy.maxDelayMs ?? 2000, (policy.baseDelayMs ?? 100) * 2 ** n)
  return Math.floor((policy.random ?? Math.random)() * ceiling)
}

/**
 * Waits `ms`, or less if `signal` aborts first; never rejects, so the caller checks the signal
 * itself afterwards.
 */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}
