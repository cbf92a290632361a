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
  const plain = plainMembers(dimensions, metrics)
  const pieces = plain ? piecesOf(cw) : undefined
  // What every document of this series shares: the directive's head and the dimension members.
  let head = ''
  let members = ''
  if (pieces) {
    const names = Object.keys(dimensions)
    head = `{"_aws":{"Timestamp":${JSON.stringify(timestampMs)},"CloudWatchMetrics":[{"Namespace":${pieces.namespace},"Dimensions":[${JSON.stringify(names)}],"Metrics":[`
    for (const name of names)
      members += `,${JSON.stringify(name)}:${JSON.stringify(dimensions[name])}`
  }
  for (let i = 0; i < metrics.length; i += MAX_METRICS_PER_DOCUMENT) {
    const chunk = metrics.slice(i, i + MAX_METRICS_PER_DOCUMENT)
    if (!pieces) {
      docs.push(objectDocument(dimensions, chunk, timestampMs, cw))
      continue
    }
    let defs = ''
    let values = ''
    for (const m of chunk) {
      const made = metricPieces(pieces, m, cw)
      defs += defs === '' ? made.definition : `,${made.definition}`
      values += made.member + JSON.stringify(m.value)
    }
    docs.push(`${head}${defs}]}]}${members}${values}}`)
  }
  return docs
}

/**
 * Whether a document's members can be written in order as text: every dimension value a string,
 * every member name starting with an ASCII letter (no array index, which an object would move
 * first, nor `__proto__`) and no name twice (an object would keep one). Otherwise the document is
 * built as an object (objectDocument), which gives the same text for the plain case.
 */
function plainMembers(
  dimensions: Readonly<Record<string, string>>,
  metrics: readonly CloudWatchDatum[]
): boolean {
  const seen = new Set<string>()
  const fresh = (name: string): boolean => {
    const c = name.charCodeAt(0) | 0x20
    if (c < 0x61 || c > 0x7a || seen.has(name)) return false
    seen.add(name)
    return true
  }
  for (const name in dimensions) {
    if (!fresh(name) || typeof dimensions[name] !== 'string') return false
  }
  for (const m of metrics) if (!fresh(m.name)) return false
  return true
}

/** JSON text that depends only on the options, and each metric's pieces, made once. */
interface Pieces {
  readonly namespace: string
  /** Per metric name; at most MAX_METRIC_PIECES are kept. */
  readonly metrics: Map<string, MetricPieces>
}

interface MetricPieces {
  readonly unit: CloudWatchDatum['unit']
  /** `{"Name":…,"Unit":…}`. */
  readonly definition: string
  /** `,"<name>":`, before the value. */
  readonly member: string
}

const piecesByOptions = new WeakMap<CloudWatchOptions, Pieces>()

/** Metric pieces kept per options object (catalog names and the fields rules pass on). */
const MAX_METRIC_PIECES = 4096

function piecesOf(cw: CloudWatchOptions): Pieces {
  let pieces = piecesByOptions.get(cw)
  if (!pieces) {
    pieces = { namespace: JSON.stringify(cw.namespace), metrics: new Map() }
    piecesByOptions.set(cw, pieces)
  }
  return pieces
}

function metricPieces(pieces: Pieces, m: CloudWatchDatum, cw: CloudWatchOptions): MetricPieces {
  const hit = pieces.metrics.get(m.name)
  if (hit?.unit === m.unit) return hit
  const made = {
    unit: m.unit,
    definition: JSON.stringify(metricDefinition(m, cw)),
    member: `,${JSON.stringify(m.name)}:`,
  }
  if (pieces.metrics.size < MAX_METRIC_PIECES) pieces.metrics.set(m.name, made)
  return made
}

function metricDefinition(m: CloudWatchDatum, cw: CloudWatchOptions): Record<string, unknown> {
  return {
    Name: m.name,
    Unit: m.unit,
    ...(cw.storageResolution === 1 ? { StorageResolution: 1 } : {}),
  }
}

/** One document built as an object and serialised (what the text path must equal). */
function objectDocument(
  dimensions: Readonly<Record<string, string>>,
  chunk: readonly CloudWatchDatum[],
  timestampMs: number,
  cw: CloudWatchOptions
): string {
  const doc: Record<string, unknown> = {
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: cw.namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: chunk.map((m) => metricDefinition(m, cw)),
        },
      ],
    },
    ...dimensions,
  }
  for (const m of chunk) doc[m.name] = m.value
  return JSON.stringify(doc)
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
