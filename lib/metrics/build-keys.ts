import type { KeyReport, StreamSample } from '../keys/key-report'
import { MAX_ZERO_FILL_DATABASES } from '../bounds'
import { FAMILIES } from './catalog/families'
import type { Descriptor } from './descriptor'
import type { FamilySet } from './family-set'

export type AddKeyFamilies = typeof addKeyFamilies

/** The families of the key, stream, key-group and script checks, and their self-metrics. */
export function addKeyFamilies(
  set: FamilySet,
  report: KeyReport,
  opts: { readonly databases: number }
): void {
  for (const k of report.keys) {
    const labels = { db: `db${k.db}`, key: k.key }
    if (k.size !== undefined) set.sample(FAMILIES.key_size, k.size, labels)
    if (k.value !== undefined) set.sample(FAMILIES.key_value, k.value, labels)
    if (k.valueText !== undefined) {
      set.sample(FAMILIES.key_value_as_string, 1, { ...labels, val: k.valueText })
    }
    if (k.memory !== undefined) set.sample(FAMILIES.key_memory_usage_bytes, k.memory, labels)
  }
  for (const c of report.counts) {
    set.sample(FAMILIES.keys_count, c.count, { db: `db${c.db}`, key: c.pattern })
  }
  for (const s of report.streams) addStream(set, s)
  if (report.groups) addKeyGroups(set, report.groups, opts.databases)
  for (const s of report.scripts) {
    for (const [key, value] of s.values) {
      set.sample(FAMILIES.script_values, value, { key, filename: s.filename })
    }
    set.sample(FAMILIES.script_result, s.result, { filename: s.filename })
  }
  set.sample(FAMILIES.exporter_key_checks_commands, report.commands)
  set.sample(FAMILIES.exporter_key_checks_round_trips, report.roundTrips)
  set.sample(FAMILIES.exporter_key_checks_budget_exhausted, report.budgetExhausted ? 1 : 0)
  for (const w of report.walks) {
    const labels = { check: w.check, db: `db${w.db}`, pattern: w.pattern }
    set.sample(FAMILIES.exporter_key_scan_progress_ratio, w.progress, labels)
    set.sample(FAMILIES.exporter_key_scan_walks_completed_total, w.completed, labels)
  }
}

/** Each gauge whose value the reply had, with `labels`. */
function gauges<L extends Record<string, string>>(
  set: FamilySet,
  labels: L,
  values: readonly (readonly [Descriptor<'gauge'>, number | undefined])[]
): void {
  for (const [desc, v] of values) if (v !== undefined) set.sample(desc, v, labels)
}

function addStream(set: FamilySet, s: StreamSample): void {
  const labels = { db: `db${s.db}`, stream: s.stream }
  const i = s.info
  gauges(set, labels, [
    [FAMILIES.stream_length, i.length],
    [FAMILIES.stream_radix_tree_keys, i.radixTreeKeys],
    [FAMILIES.stream_radix_tree_nodes, i.radixTreeNodes],
    [FAMILIES.stream_groups, i.groups],
    [FAMILIES.stream_last_generated_id, i.lastGeneratedId],
    [FAMILIES.stream_first_entry_id, i.firstEntryId],
    [FAMILIES.stream_last_entry_id, i.lastEntryId],
    [FAMILIES.stream_max_deleted_entry_id, i.maxDeletedEntryId],
  ])
  if (i.entriesAdded !== undefined) {
    set.sample(FAMILIES.stream_entries_added_total, i.entriesAdded, labels)
  }
  for (const g of s.groups) {
    const gl = { ...labels, group: g.name }
    gauges(set, gl, [
      [FAMILIES.stream_group_consumers, g.consumers],
      [FAMILIES.stream_group_messages_pending, g.pending],
      [FAMILIES.stream_group_last_delivered_id, g.lastDeliveredId],
      [FAMILIES.stream_group_entries_read, g.entriesRead],
      [FAMILIES.stream_group_lag, g.lag],
    ])
    for (const c of g.members ?? []) {
      const cl = { ...gl, consumer: c.name }
      if (c.pending !== undefined) {
        set.sample(FAMILIES.stream_group_consumer_messages_pending, c.pending, cl)
      }
      if (c.idleMs !== undefined) {
        set.sample(FAMILIES.stream_group_consumer_idle_seconds, c.idleMs / 1000, cl)
      }
    }
  }
}

/** Groups per database, and the number of distinct groups for db0..db(N-1) (0 without keys). */
function addKeyGroups(
  set: FamilySet,
  groups: NonNullable<KeyReport['groups']>,
  databases: number
): void {
  const distinct = new Map<number, number>()
  for (const g of groups) {
    distinct.set(g.db, g.distinct)
    for (const group of g.groups) {
      const labels = { db: `db${g.db}`, key_group: group.name }
      set.sample(FAMILIES.key_group_count, group.count, labels)
      set.sample(FAMILIES.key_group_memory_usage_bytes, group.memory, labels)
    }
  }
  const count = Math.min(databases, MAX_ZERO_FILL_DATABASES)
  for (let db = 0; db < count; db++) if (!distinct.has(db)) distinct.set(db, 0)
  for (const [db, n] of [...distinct].sort(([a], [b]) => a - b)) {
    set.sample(FAMILIES.number_of_distinct_key_groups, n, { db: `db${db}` })
  }
}
