/** Most the precise clock may stray from Date.now before it is set again (a step of the wall clock). */
const MAX_DRIFT_MS = 1000

let origin = Date.now() - performance.now()

/**
 * Milliseconds since the epoch with sub-millisecond resolution: the monotonic `performance.now()`
 * on an origin taken from `Date.now()`, set again when the wall clock was stepped by more than a
 * second. Durations of a few hundred microseconds (a PING, a connect on loopback) read as such,
 * where `Date.now()` would give 0 or 1 ms. Where the runtime's `performance.now()` moves only
 * with I/O (Workers), it reads like `Date.now()`.
 */
export function preciseNow(): number {
  const t = origin + performance.now()
  const wall = Date.now()
  if (Math.abs(t - wall) < MAX_DRIFT_MS) return t
  origin = wall - performance.now()
  return wall
}
