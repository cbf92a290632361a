import { BoundedMap } from './primitives/bounded-map'

/** How often a target that keeps failing is logged again, by default. */
export const FAILURE_LOG_INTERVAL_MS = 60_000

/** The most failing targets followed at once; beyond it the least recently failed is forgotten. */
export const MAX_FAILING_TARGETS = 1000

/** What to log for one failure: nothing (undefined), or a line carrying this count. */
export interface FailureLine {
  /** True for the first failure after success (or ever). */
  readonly first: boolean
  /** Failures since the previous line of this target, this one included (1 for the first). */
  readonly failures: number
}

/** What to log when a failing target answers again. */
export interface RecoveryLine {
  /** Failures from the first one to this success. */
  readonly failures: number
  /** Seconds from the first failure to this success. */
  readonly downSeconds: number
}

interface Failing {
  readonly sinceMs: number
  lastLineMs: number
  total: number
  unlogged: number
}

/**
 * Rate-limits the log of targets that keep failing: the first failure is logged, then at most
 * one line per `intervalMs` with the count of failures since the previous line, then one line
 * when the target recovers. Pure bookkeeping over an injected clock; callers write the lines.
 */
export class FailureLog {
  readonly #failing: BoundedMap<string, Failing>
  readonly #intervalMs: number

  constructor(opts: { readonly intervalMs?: number; readonly max?: number } = {}) {
    this.#intervalMs = opts.intervalMs ?? FAILURE_LOG_INTERVAL_MS
    this.#failing = new BoundedMap(opts.max ?? MAX_FAILING_TARGETS)
  }

  /** One failure of `key` at `nowMs`: the line to write, or undefined to stay quiet. */
  failed(key: string, nowMs: number): FailureLine | undefined {
    const entry = this.#failing.get(key)
    if (!entry) {
      this.#failing.set(key, { sinceMs: nowMs, lastLineMs: nowMs, total: 1, unlogged: 0 })
      return { first: true, failures: 1 }
    }
    entry.total += 1
    entry.unlogged += 1
    if (nowMs - entry.lastLineMs < this.#intervalMs) return undefined
    const failures = entry.unlogged
    entry.lastLineMs = nowMs
    entry.unlogged = 0
    return { first: false, failures }
  }

  /** One success of `key` at `nowMs`: the recovery line when it was failing, else undefined. */
  succeeded(key: string, nowMs: number): RecoveryLine | undefined {
    const entry = this.#failing.get(key)
    if (!entry) return undefined
    this.#failing.delete(key)
    return { failures: entry.total, downSeconds: Math.max(0, nowMs - entry.sinceMs) / 1000 }
  }

  /** Targets currently followed as failing. */
  get size(): number {
    return this.#failing.size
  }
}

/** The `msg` of the lines logOutcome writes. */
export interface OutcomeLines {
  readonly failed: string
  readonly recovered: string
}

/** One outcome of `key` (printed as `target`) at `nowMs`. */
export interface Outcome {
  readonly key: string
  readonly ok: boolean
  readonly nowMs: number
  /** What a failure line carries besides level, msg and target (the error, a duration). */
  readonly details?: Readonly<Record<string, unknown>>
}

/**
 * Writes what `failures` decides on for one outcome: a failing key's first failure (warn), then a
 * line per interval with `failures_since_last_log`, then its recovery (info) with the count of
 * failures and `down_seconds`. The one log of everything that keeps failing: scrapes, pushed
 * targets, the rediscovery of REDIS_ADDR.
 */
export function logOutcome(
  failures: FailureLog,
  log: (entry: Readonly<Record<string, unknown>>) => void,
  lines: OutcomeLines,
  outcome: Outcome
): void {
  const target = outcome.key
  const recovered = outcome.ok ? failures.succeeded(target, outcome.nowMs) : undefined
  const failed = outcome.ok ? undefined : failures.failed(target, outcome.nowMs)
  if (recovered) {
    const { failures: count, downSeconds } = recovered
    log({ level: 'info', msg: lines.recovered, target, failures: count, down_seconds: downSeconds })
  } else if (failed) {
    const since = failed.first ? {} : { failures_since_last_log: failed.failures }
    log({ level: 'warn', msg: lines.failed, target, ...outcome.details, ...since })
  }
}
