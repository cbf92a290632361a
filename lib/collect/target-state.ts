import type { ServerFacts, StepKey } from './plan'

/**
 * What the exporter remembers about one target between scrapes. It is owned by the app instance
 * (created per process or warm container), never module-global, and holds no secrets.
 */
export interface TargetState {
  facts?: ServerFacts
  /** CONFIG GET values, reused on the same connection of the same server until they age out. */
  config?: {
    readonly values: Readonly<Record<string, string>>
    readonly connectionId: number | undefined
    readonly runId: string
    readonly fetchedAtMs: number
  }
  /** Optional steps the server refused as unknown/not permitted, with the time to probe again. */
  readonly unavailable: Map<StepKey, number>
  /** Self-metrics. */
  scrapes: number
  scrapeDurationSum: number
  lastUsedMs: number
}

export function newTargetState(): TargetState {
  return { unavailable: new Map(), scrapes: 0, scrapeDurationSum: 0, lastUsedMs: 0 }
}

/** How long a refused optional command is left out before it is tried again. */
export const UNAVAILABLE_RETRY_MS = 10 * 60 * 1000

/**
 * Replies meaning "this command does not exist or is not allowed here" (blocked, renamed away,
 * too old a server): the command is left out for a while instead of failing on every scrape.
 */
export function isUnavailableError(error: string): boolean {
  return /unknown (command|subcommand)|^NOPERM|not allowed|cluster support disabled|unsupported|not supported|wrong number of arguments/i.test(
    error
  )
}
