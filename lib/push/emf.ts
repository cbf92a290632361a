import { cloudWatchData, cloudWatchSelection } from './cloudwatch-data'
import type { CloudWatchOptions } from './push-config'
import { sinkReport } from './types'
import type { CloudWatchDatum, PushSink, SinkReport, TargetData, TargetResult } from './types'

/** EMF allows 100 metric definitions per document (per directive). */
export const MAX_METRICS_PER_DOCUMENT = 100

/**
 * CloudWatch Embedded Metric Format documents: one per target and per 100 metrics, each the whole
 * of one log line (no newline here). Dimensions and metric values are root members, as the
 * specification requires; the directive has one dimension set (target, role, user dimensions).
 * Per-key data points (`db`, `key`…) go in documents of their own, one per key.
 */
export function renderEmf(results: readonly TargetResult[], cw: CloudWatchOptions): string[] {
  return results.flatMap((r) => emfDocuments(cloudWatchData(r, cw), cw))
}

export function emfDocuments(data: TargetData, cw: CloudWatchOptions): string[] {
  return bySeries(data.metrics).flatMap((metrics) =>
    documents({ ...data.dimensions, ...metrics[0]?.dimensions }, metrics, data.timestampMs, cw)
  )
}

/** The data points grouped by their own dimensions (the target's first), in order. */
function bySeries(metrics: readonly CloudWatchDatum[]): CloudWatchDatum[][] {
  const groups = new Map<string, CloudWatchDatum[]>()
  for (const m of metrics) {
    const id = m.dimensions ? JSON.stringify(m.dimensions) : ''
    const group = groups.get(id)
    if (group) group.push(m)
    else groups.set(id, [m])
  }
  return [...groups.values()]
}

function documents(
  dimensions: Readonly<Record<string, string>>,
  metrics: readonly CloudWatchDatum[],
  timestampMs: number,
  cw: CloudWatchOptions
): string[] {
  const docs: string[] = []
  for (let i = 0; i < metrics.length; i += MAX_METRICS_PER_DOCUMENT) {
    const chunk = metrics.slice(i, i + MAX_METRICS_PER_DOCUMENT)
    const doc: Record<string, unknown> = {
      _aws: {
        Timestamp: timestampMs,
        CloudWatchMetrics: [
          {
            Namespace: cw.namespace,
            Dimensions: [Object.keys(dimensions)],
            Metrics: chunk.map((m) => ({
              Name: m.name,
              Unit: m.unit,
              ...(cw.storageResolution === 1 ? { StorageResolution: 1 } : {}),
            })),
          },
        ],
      },
      ...dimensions,
    }
    for (const m of chunk) doc[m.name] = m.value
    docs.push(JSON.stringify(doc))
  }
  return docs
}

/**
 * The EMF sink: writes each document as one line through `write` (on Lambda,
 * `process.stdout.write`, awaited) — CloudWatch Logs extracts the metrics; no API call, no IAM.
 */
export function emfSink(opts: {
  readonly cloudwatch: CloudWatchOptions
  readonly write: (line: string) => Promise<void>
}): PushSink {
  return {
    name: 'emf',
    selects: cloudWatchSelection(opts.cloudwatch),
    async send(results): Promise<SinkReport> {
      let sent = 0
      const errors: string[] = []
      const warnings: string[] = []
      for (const result of results) {
        const data = cloudWatchData(result, opts.cloudwatch)
        warnings.push(...(data.warnings ?? []))
        try {
          for (const doc of emfDocuments(data, opts.cloudwatch)) await opts.write(`${doc}\n`)
          sent += data.metrics.length
        } catch (err) {
          errors.push(`emf: target ${result.id}: ${(err as Error).message}`)
        }
      }
      return sinkReport('emf', sent, errors, warnings)
    },
  }
}
