import type { ErrorClass } from '../capabilities/classify'
import type { ClusterLink } from '../keys/cluster-route'
import type { KeyChecks } from '../keys/key-checks'
import type { KeyReport } from '../keys/key-report'
import type { AddKeyFamilies } from '../metrics/build-keys'
import type { InfoRecord, Reply } from '../types'
import type { LogFn } from './outcomes'
import type { PlanOptions, StepKey } from './plan'

/** What one scrape found, and what it needs to run: the collector's two public shapes. */

export interface Snapshot {
  /** true when the connection and INFO succeeded. */
  readonly up: boolean
  /** Error text for `redis_exporter_last_scrape_error{err}`; '' when up. */
  readonly error: string
  readonly info: InfoRecord
  /** CONFIG GET values (fresh or cached on this connection); undefined when CONFIG is unavailable. */
  readonly config?: Readonly<Record<string, string>>
  /** Replies per optional step that was sent in this scrape. */
  readonly replies: ReadonlyMap<StepKey, readonly Reply[]>
  /** Optional steps known to be unavailable on this server (refused now or left out of this scrape). */
  readonly unavailable: readonly StepKey[]
  readonly connectSeconds: number
  /** REDIS_EXPORTER_PING_ON_CONNECT: the PING round trip, seconds. */
  readonly pingSeconds?: number
  readonly roundTrips: number
  /** When down: what kind of failure (`auth`: credentials refused; `transient`: timeout, reset...). */
  readonly failure?: ErrorClass
  /**
   * Per optional collector (`config`, `slowlog`...) and INFO section (`info_commandstats`): offered
   * by this target (true) or not (false). Collectors not probed yet or not applicable are absent.
   */
  readonly available?: ReadonlyMap<string, boolean>
  /** What the key, stream, key-group and script checks found; absent when none is configured. */
  readonly keys?: KeyReport
  /**
   * The builder of the families of `keys` (lib/metrics/build-keys.ts), given by the key phase: it
   * is loaded with the key checks, so the Lambda scrape bundle does not load it at start.
   */
  readonly addKeyFamilies?: AddKeyFamilies
}

export interface CollectOptions extends PlanOptions {
  readonly signal: AbortSignal
  /** Milliseconds clock (injected for tests). */
  readonly now: () => number
  readonly configRefreshSeconds: number
  /** REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL, seconds (lib/collect/latency-cache); 0 or absent: never reused. */
  readonly latencyRefreshSeconds?: number
  /** How long a command found unavailable is left out before it is probed again; default 600. */
  readonly capabilityTtlSeconds?: number
  /** Receives what the collector finds (a blocked command), each at most once per target. */
  readonly log?: LogFn
  /** Key, stream, key-group and script checks; absent when none is configured. */
  readonly keyChecks?: KeyChecks
  /** The database the connection is on (the target's `/db`). */
  readonly connectionDb?: number
  /** REDIS_EXPORTER_IS_CLUSTER: how the key checks reach the cluster's other masters. */
  readonly cluster?: ClusterLink
  /** Plain INFO (its default sections) instead of `INFO ALL` (a push's plan needs no more). */
  readonly infoDefault?: boolean
}
