import type { InfoRecord } from '../types'
import { parseKvPairs } from './kv-list'
import { parseFinite } from './number'
import { stringEntries } from './reply'

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
  for (const [field, value] of stringEntries(info)) {
    if (!field.startsWith(PREFIX) || field.length === PREFIX.length) continue
    const quantiles: Quantile[] = []
    for (const [k, v] of parseKvPairs(value)) {
      if (k[0] !== 'p' || parseFinite(k.slice(1)) === undefined) continue
      const n = parseFinite(v)
      if (n !== undefined) quantiles.push({ quantile: k.slice(1), value: n })
    }
    if (quantiles.length > 0) out.push({ cmd: field.slice(PREFIX.length), quantiles })
  }
  return out
}
