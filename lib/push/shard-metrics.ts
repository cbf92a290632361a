import type { CloudWatchOptions } from './push-config'
import type { Shard } from './shards'
import { shardLabel } from './shards'

/** What one invocation of a (sharded) push did, for its self-metrics. */
export interface ShardRun {
  readonly shard: Shard
  /** Targets collected (discovered nodes included). */
  readonly targets: number
  readonly up: number
  /** Wall time of the push, sinks included. */
  readonly durationMs: number
  /** CPU time the process spent on it, when the runtime can measure it. */
  readonly cpuMs?: number
  /** Timestamp of the push's data points, epoch ms. */
  readonly timestampMs: number
}

/** The dimension of the self-metrics: `index/of` of the invocation's shard (`0/1` unsharded). */
export const SHARD_DIMENSION = 'Shard'

/**
 * The self-metrics of one push invocation as one CloudWatch Embedded Metric Format document (one
 * log line, no newline): PushTargets, PushTargetsUp, PushDuration and PushCpuTime with the Shard
 * dimension, in the push's namespace. One per invocation: 4 custom metrics per shard, so a shard
 * that is slow, CPU-bound or losing targets shows against the others.
 */
export function shardMetricsDocument(run: ShardRun, cw: CloudWatchOptions): string {
  const metrics: { Name: string; Unit: string; value: number }[] = [
    { Name: 'PushTargets', Unit: 'Count', value: run.targets },
    { Name: 'PushTargetsUp', Unit: 'Count', value: run.up },
    { Name: 'PushDuration', Unit: 'Milliseconds', value: Math.round(run.durationMs) },
  ]
  if (run.cpuMs !== undefined && Number.isFinite(run.cpuMs)) {
    metrics.push({ Name: 'PushCpuTime', Unit: 'Milliseconds', value: Math.round(run.cpuMs) })
  }
  const doc: Record<string, unknown> = {
    _aws: {
      Timestamp: run.timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: cw.namespace,
          Dimensions: [[SHARD_DIMENSION]],
          Metrics: metrics.map(({ Name, Unit }) => ({ Name, Unit })),
        },
      ],
    },
    [SHARD_DIMENSION]: shardLabel(run.shard),
  }
  for (const m of metrics) doc[m.Name] = m.value
  return JSON.stringify(doc)
}
