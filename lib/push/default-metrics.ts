import type { CloudWatchUnit } from './types'

/** How a family is sent to CloudWatch when it is selected. */
export interface MetricRule {
  /** Family name without the namespace prefix (`memory_used_bytes` for `redis_memory_used_bytes`). */
  readonly family: string
  readonly unit: CloudWatchUnit
  /** How samples with labels are folded into one value per target. Default: sum. */
  readonly aggregate?: 'sum' | 'max'
}

/**
 * The curated default set: what matters for alarms and capacity, at the fewest custom metrics.
 * Counters (`_total`) are sent as per-second rates (unit x/Second); see cloudwatch-data.ts.
 */
export const DEFAULT_CLOUDWATCH_METRICS: readonly MetricRule[] = [
  { family: 'up', unit: 'None' },
  { family: 'memory_used_bytes', unit: 'Bytes' },
  { family: 'memory_max_bytes', unit: 'Bytes' },
  { family: 'mem_fragmentation_ratio', unit: 'None' },
  { family: 'connected_clients', unit: 'Count' },
  { family: 'blocked_clients', unit: 'Count' },
  { family: 'rejected_connections_total', unit: 'Count/Second' },
  { family: 'commands_processed_total', unit: 'Count/Second' },
  { family: 'keyspace_hits_total', unit: 'Count/Second' },
  { family: 'keyspace_misses_total', unit: 'Count/Second' },
  { family: 'evicted_keys_total', unit: 'Count/Second' },
  { family: 'expired_keys_total', unit: 'Count/Second' },
  { family: 'net_input_bytes_total', unit: 'Bytes/Second' },
  { family: 'net_output_bytes_total', unit: 'Bytes/Second' },
  { family: 'db_keys', unit: 'Count' },
  { family: 'connected_slaves', unit: 'Count' },
  { family: 'connected_slave_lag_seconds', unit: 'Seconds', aggregate: 'max' },
  { family: 'master_link_up', unit: 'None' },
  { family: 'master_last_io_seconds_ago', unit: 'Seconds' },
  { family: 'exporter_last_scrape_duration_seconds', unit: 'Seconds' },
]

/** Units of families outside the default set, by name. */
export function inferUnit(family: string, counter: boolean): CloudWatchUnit {
  const base = family.replace(/_total$/, '')
  if (counter) {
    if (base.endsWith('_bytes')) return 'Bytes/Second'
    if (base.endsWith('_seconds') || base.endsWith('_usec') || base.endsWith('_ms')) return 'None'
    return 'Count/Second'
  }
  if (base.endsWith('_bytes')) return 'Bytes'
  if (base.endsWith('_seconds')) return 'Seconds'
  return 'None'
}

/** Shell-style globs with `*` only, matched against whole family names. */
export function matchesGlob(name: string, glob: string): boolean {
  let re = GLOBS.get(glob)
  if (!re) {
    re = new RegExp(`^${glob.split('*').map(escapeRegExp).join('.*')}$`)
    if (GLOBS.size < MAX_GLOBS) GLOBS.set(glob, re)
  }
  return re.test(name)
}

/** Compiled globs: the include and exclude settings hold a few; bounded all the same. */
const GLOBS = new Map<string, RegExp>()
const MAX_GLOBS = 256

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
