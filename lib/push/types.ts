import type { Target } from '../target'
import type { MetricFamily, MetricType } from '../types'

/** One target of a scheduled push. `target` may carry credentials; only `id` and `dimensions` are printed. */
export interface PushTarget {
  readonly target: Target
  /** Printable identity, e.g. `host:port`; the `target` dimension / Pushgateway grouping key. */
  readonly id: string
  /** User-set extra dimensions or grouping labels (at most 28, so target and role fit in 30). */
  readonly dimensions: Readonly<Record<string, string>>
}

/** What one target's collection produced, ready for any sink. */
export interface TargetResult {
  readonly id: string
  readonly dimensions: Readonly<Record<string, string>>
  readonly up: boolean
  /** '' when up. Redacted. */
  readonly error: string
  /** INFO `role` (`master`/`slave`) when known. */
  readonly role?: string
  readonly families: readonly MetricFamily[]
  readonly durationSeconds: number
  /** Timestamp of the data points (the schedule's time, else the collection time), epoch ms. */
  readonly timestampMs?: number
  /** When the collection finished, epoch ms; counter rates divide by the time between two of these. */
  readonly collectedAtMs?: number
  /** The previous successful sample of this target in this warm process, for counter rates. */
  readonly previous?: PreviousSample
  /** INFO `run_id`; a change means the server restarted and its counters started over. */
  readonly runId?: string
}

/** A target's last successful collection, remembered between pushes in a warm process. */
export interface PreviousSample {
  readonly families: readonly MetricFamily[]
  /** Its `collectedAtMs`. */
  readonly timestampMs: number
  readonly runId?: string
}

export interface SinkReport {
  readonly sink: string
  readonly ok: boolean
  /** Number of metric data points (or documents) delivered. */
  readonly sent: number
  /** One line per failure, redacted, naming the target where it applies. */
  readonly errors: readonly string[]
  /** Data left out on purpose, naming the target and the setting (not failures). */
  readonly warnings?: readonly string[]
}

/** A sink's report: ok when nothing failed; `warnings` only when there are some. */
export function sinkReport(
  sink: string,
  sent: number,
  errors: readonly string[],
  warnings: readonly string[] = []
): SinkReport {
  return {
    sink,
    ok: errors.length === 0,
    sent,
    errors,
    ...(warnings.length > 0 ? { warnings } : {}),
  }
}

/** Which families a sink reads, by name with the namespace (`redis_memory_used_bytes`). */
export interface FamilySelection {
  readonly has: (name: string, type: MetricType) => boolean
  /** Whether a family whose name starts with `prefix` may be read (names a server makes up). */
  readonly mayHavePrefix: (prefix: string) => boolean
}

/** A destination for pushed metrics: CloudWatch EMF, PutMetricData, Pushgateway. */
export interface PushSink {
  readonly name: string
  /**
   * The families the sink reads; absent: every family. When every sink has one, a push collects
   * and builds only what they read (push-plan.ts).
   */
  readonly selects?: FamilySelection
  send(
    results: readonly TargetResult[],
    opts: { readonly signal: AbortSignal; readonly now: () => number }
  ): Promise<SinkReport>
}

/** CloudWatch `StandardUnit` values this project emits. */
export type CloudWatchUnit =
  'Seconds' | 'Bytes' | 'Count' | 'Percent' | 'Bytes/Second' | 'Count/Second' | 'None'

/** One CloudWatch data point of one target, before it is written as EMF or PutMetricData. */
export interface CloudWatchDatum {
  readonly name: string
  readonly unit: CloudWatchUnit
  readonly value: number
  /** A per-key data point's own dimensions (`db`, `key` or `stream`, `group`…), after the target's. */
  readonly dimensions?: Readonly<Record<string, string>>
}

/** Everything CloudWatch gets for one target: its dimensions (ordered) and its data points. */
export interface TargetData {
  readonly id: string
  /** `target`, `role`, then the user's dimensions; at most 30. */
  readonly dimensions: Readonly<Record<string, string>>
  readonly timestampMs: number
  readonly metrics: readonly CloudWatchDatum[]
  /** What was left out and the setting to change (per-key data points over the cap…). */
  readonly warnings?: readonly string[]
}
