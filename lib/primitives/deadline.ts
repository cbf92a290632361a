import { TimeoutError } from '../errors'

/**
 * Runs `work` under a deadline of `ms`: its signal aborts with `reason()` (a TimeoutError whose
 * text names the setting to raise) when the time runs out, or with the parent's reason when
 * `parent` aborts first. The timer is cleared and the parent unlinked once `work` settles. `work`
 * decides what an abort means (collect returns `redis_up 0`); wrap it in `raceAbort` to reject.
 */
export async function withDeadline<T>(
  ms: number,
  reason: () => Error,
  work: (signal: AbortSignal) => Promise<T>,
  parent?: AbortSignal
): Promise<T> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(reason()), Math.max(0, ms))
  const follow = (): void => controller.abort(parent?.reason)
  if (parent?.aborted) follow()
  else parent?.addEventListener('abort', follow, { once: true })
  try {
    return await work(controller.signal)
  } finally {
    clearTimeout(timer)
    parent?.removeEventListener('abort', follow)
  }
}

/**
 * Resolves with `work`, or rejects with the signal's TimeoutError as soon as `signal` aborts
 * (running `onAbort` first, e.g. to drop the connection the work is waiting on).
 */
export function raceAbort<T>(
  work: Promise<T>,
  signal: AbortSignal,
  onAbort: () => void = () => undefined
): Promise<T> {
  if (signal.aborted) {
    onAbort()
    work.catch(() => undefined)
    return Promise.reject(abortError(signal))
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      onAbort()
      reject(abortError(signal))
    }
    signal.addEventListener('abort', abort, { once: true })
    work.then(
      (v) => {
        signal.removeEventListener('abort', abort)
        resolve(v)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort)
        reject(e)
      }
    )
  })
}

/** The TimeoutError an aborted signal stands for: its own reason when it is one. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  if (reason instanceof TimeoutError) return reason
  return new TimeoutError('scrape deadline exceeded before Redis answered', { cause: reason })
}
