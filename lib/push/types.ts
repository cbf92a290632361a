import type { Target } from '../target'
import type { MetricFamily } from '../types'

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
}

export interface SinkReport {
  readonly sink: string
  readonly ok: boolean
  /** Number of metric data points (or documents) delivered. */
  readonly sent: number
  /** One line per failure, redacted, naming the target where it applies. */
  readonly errors: readonly string[]
}

/** A destination for pushed metrics: CloudWatch EMF, PutMetricData, Pushgateway. */
export interface PushSink {
  readonly name: string
  send(
    results: readonly TargetResult[],
    opts: { readonly signal: AbortSignal; readonly now: () => number }
  ): Promise<SinkReport>
}
