import type { StreamConsumer, StreamGroup, StreamInfo } from '../parse/xinfo'

/** One checked key: what its type gave. Missing keys are not reported. */
export interface KeySample {
  readonly db: number
  readonly key: string
  readonly size?: number
  readonly value?: number
  readonly valueText?: string
  readonly memory?: number
}

export interface StreamSample {
  readonly db: number
  readonly stream: string
  readonly info: StreamInfo
  readonly groups: readonly (StreamGroup & { members?: readonly StreamConsumer[] })[]
}

export interface GroupsSample {
  readonly db: number
  readonly groups: readonly { name: string; count: number; memory: number }[]
  readonly distinct: number
}

export interface ScriptSample {
  readonly filename: string
  readonly values: readonly (readonly [string, number])[]
  /** 1 ok, 2 empty, 0 error (redis_exporter's redis_script_result). */
  readonly result: 0 | 1 | 2
}

/** One SCAN walk's progress, for the exporter's self-metrics. */
export interface WalkProgress {
  readonly check: 'check_keys' | 'check_streams' | 'count_keys' | 'key_groups'
  readonly db: number
  readonly pattern: string
  readonly completed: number
  /** Estimated fraction of the current walk done (calls × batch ÷ keys in the database). */
  readonly progress: number
}

/** What the key checks found in one scrape. */
export interface KeyReport {
  readonly keys: readonly KeySample[]
  readonly counts: readonly { db: number; pattern: string; count: number }[]
  readonly streams: readonly StreamSample[]
  /** Present when key groups are configured (and ran on this role). */
  readonly groups?: readonly GroupsSample[]
  /** Round-trip time the key-group script took in this scrape, ms. */
  readonly groupsDurationMs: number
  readonly scripts: readonly ScriptSample[]
  /** The first script error: redis_exporter fails the scrape (redis_up 0) on it. */
  readonly scriptError?: string
  readonly commands: number
  readonly roundTrips: number
  readonly budgetExhausted: boolean
  readonly walks: readonly WalkProgress[]
  /** REDIS_EXPORTER_IS_CLUSTER: why the slot map or a master could not be used (out of scope…). */
  readonly clusterError?: string
  /** Per check (check_keys, count_keys, check_streams, key_groups, scripts, key_memory): offered or blocked. */
  readonly available: ReadonlyMap<string, boolean>
}
