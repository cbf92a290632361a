import type { InfoRecord } from '../types'
import { eachKvSpan, isSpace, trimmed } from './kv-list'
import { parseFinite, parseFiniteIn } from './number'
import { prefixedFields } from './reply'

export interface Quantile {
  /** The percent string without the `p`, as redis_exporter labels it: '50', '99', '99.9'. */
  quantile: string
  /** Latency in µs. */
  value: number
}

export interface LatencyPercentiles {
  cmd: string
  quantiles: Quantile[]
}

const PREFIX = 'latency_percentiles_usec_'

/**
 * `# Latencystats` lines `latency_percentiles_usec_<cmd>:p50=..,p99=..,p99.9=..` (Redis >= 7.0) in
 * INFO order, quantiles in the order written. Items not shaped `p<percent>=<number>` are skipped,
 * as are entries with an empty cmd or no usable quantile. Never throws.
 */
export function parseLatencystats(info: InfoRecord): LatencyPercentiles[] {
  const out: LatencyPercentiles[] = []
  for (const [field, value] of latencystatsFields(info)) {
    const quantiles: Quantile[] = []
    if (eachQuantile(value, (quantile, n) => quantiles.push({ quantile, value: n }))) {
      out.push({ cmd: latencystatsCommand(field), quantiles })
    }
  }
  return out
}

/** The `latency_percentiles_usec_<cmd>` fields of INFO, [field, value], in INFO order. */
export function latencystatsFields(info: InfoRecord): [string, string][] {
  return prefixedFields(info, PREFIX)
}

/** The command of a `latency_percentiles_usec_<cmd>` field. */
export function latencystatsCommand(field: string): string {
  return field.slice(PREFIX.length)
}

/**
 * The quantiles of one latencystats value (`p50=..,p99=..,p99.9=..`) to `visit`, in the order
 * written; true when there was at least one.
 */
export function eachQuantile(
  value: string,
  visit: (quantile: string, value: number) => void
): boolean {
  let found = false
  eachKvSpan(value, (text, keyFrom, keyTo, valueFrom, valueTo) => {
    // The key is `p<percent>` once trimmed; the percent is sliced once (the label), the key not
    // at all when it has nothing to trim.
    let quantile: string
    if (
      keyTo > keyFrom &&
      !isSpace(text.charCodeAt(keyFrom)) &&
      !isSpace(text.charCodeAt(keyTo - 1))
    ) {
      if (text.charCodeAt(keyFrom) !== 112) return // 'p'
      quantile = text.slice(keyFrom + 1, keyTo)
    } else {
      const key = trimmed(text, keyFrom, keyTo)
      if (key.charCodeAt(0) !== 112) return
      quantile = key.slice(1)
    }
    if (parseFinite(quantile) === undefined) return
    const n = parseFiniteIn(text, valueFrom, valueTo)
    if (n === undefined) return
    found = true
    visit(quantile, n)
  })
  return found
}
