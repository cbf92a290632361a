import { TimeoutError } from '../errors'

/** Resolves with `work`, or rejects with TimeoutError as soon as `signal` aborts (running `onAbort`). */
export function raceAbort<T>(
  work: Promise<T>,
  signal: AbortSignal,
  onAbort: () => void
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
