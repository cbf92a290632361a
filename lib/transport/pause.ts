/**
 * Waits `ms`, or less if `signal` aborts first; never rejects, so a retry loop can check the
 * signal itself afterwards. Shared by the HTTP retries (Upstash REST, Pushgateway).
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
