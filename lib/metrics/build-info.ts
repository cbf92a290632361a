import { MAX_FIELD_NAME } from '../bounds'
import { parseValue } from '../parse/number'
import type { InfoRecord } from '../types'
import { INFO_METRICS_BY_FIELD } from './catalog'
import type { FamilySet } from './family-set'
import { helpFor } from './help'

const IO_THREAD = /^used_active_time_io_thread_(\d+)$/
const KEYSPACE_DB = /^db\d+$/

/**
 * The one-to-one INFO maps and the prefix rules of redis_exporter: mapped fields keep their
 * catalog name and type, `cluster_*` and numeric `db*` fields pass through as gauges, every
 * other field is dropped (and a field name longer than MAX_FIELD_NAME). `ok`/`true` read as 1 and
 * `err`/`fail`/`false` as 0.
 */
export function addInfoFields(
  set: FamilySet,
  info: InfoRecord,
  opts: { includeSystemMetrics: boolean }
): void {
  for (const field of Object.keys(info)) {
    const raw = info[field]!
    const row = INFO_METRICS_BY_FIELD.get(field)
    if (row) {
      if (row.optIn === 'system' && !opts.includeSystemMetrics) continue
      const value = parseValue(raw)
      if (value === undefined) continue
      // Divide by the integer factor (µs -> s is / 1e6, as redis_exporter does) to avoid 0.1 + 0.2 noise.
      const scaled = row.scale ? value / Math.round(1 / row.scale) : value
      set.add(row.name, row.type, row.help, scaled)
      continue
    }
    const thread = IO_THREAD.exec(field)
    if (thread) {
      const value = parseValue(raw)
      if (value === undefined) continue
      const name = 'active_time_io_thread_seconds_total'
      set.add(name, 'counter', helpFor(name), value, { thread: thread[1]! })
      continue
    }
    if (
      (field.startsWith('cluster_') || (field.startsWith('db') && !KEYSPACE_DB.test(field))) &&
      field.length <= MAX_FIELD_NAME
    ) {
      const value = parseValue(raw)
      if (value === undefined) continue
      const name = field.replace(/[^a-zA-Z0-9_]/g, '_')
      set.add(name, 'gauge', `${name} metric (INFO or CLUSTER INFO field ${field})`, value)
    }
  }
}
