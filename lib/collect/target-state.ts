import type { KeyState } from '../keys/key-state'
import type { LatencyCache } from './latency-cache'
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
  /** Optional steps the server refused as unknown/not permitted/empty, with the time to probe again. */
  readonly unavailable: Map<StepKey, number>
  /** Why each unavailable step was refused (the server's error text), for logs. */
  readonly reasons: Map<StepKey, string>
  /** Optional steps that answered since the server was last (re)learned. */
  readonly answered: Set<StepKey>
  /** Until when plain INFO is sent because the server refused `INFO ALL`. */
  infoAllRefusedUntil?: number
  /** The connection CLIENT SETNAME was last sent on. */
  namedConnectionId?: number
  /** run_ids seen recently, with when: an endpoint that flips between them balances across nodes. */
  readonly seenRunIds: Map<string, number>
  /** Log lines already written for this target (each at most once). */
  readonly logged: Set<string>
  /** The latency statistics reused within REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL. */
  latency?: LatencyCache
  /** SCAN walks and blocked commands of the key checks (created on first use). */
  keys?: KeyState
  /** Self-metrics. */
  scrapes: number
  scrapeDurationSum: number
  lastUsedMs: number
}

export function newTargetState(): TargetState {
  return {
    unavailable: new Map(),
    reasons: new Map(),
    answered: new Set(),
    seenRunIds: new Map(),
    logged: new Set(),
    scrapes: 0,
    scrapeDurationSum: 0,
    lastUsedMs: 0,
  }
}

/** How long a refused optional command is left out before it is tried again, by default. */
export const UNAVAILABLE_RETRY_MS = 10 * 60 * 1000
