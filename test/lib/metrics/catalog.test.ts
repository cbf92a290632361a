import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  INFO_METRICS as CORE_INFO_METRICS,
  INFO_METRICS_BY_FIELD,
} from '../../../lib/metrics/catalog'
import { EXTRA_INFO_METRICS } from '../../../lib/metrics/catalog-extras'

/** The whole redis_exporter INFO map: the runtime catalog plus the rows not collected yet. */
const INFO_METRICS = [...CORE_INFO_METRICS, ...EXTRA_INFO_METRICS]
import type { InfoMetricRow } from '../../../lib/metrics/catalog'
import {
  LABELLED_METRICS,
  PREFIX_RULES,
  catalogFamilies,
} from '../../../lib/metrics/catalog-labelled'

const NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Row counts per table in redis_exporter.md §1.3 (HEAD). */
const SECTION_COUNTS: Record<InfoMetricRow['section'], number> = {
  server: 3,
  clients: 14,
  memory: 49,
  persistence: 29,
  stats: 45,
  replication: 12,
  cpu: 7,
  cluster: 2,
  keydb: 6,
  tile38: 19,
  modules: 72,
}

const count = <T>(items: readonly T[], pred: (item: T) => boolean): number =>
  items.filter(pred).length

describe('INFO_METRICS', () => {
  it('has every row of every §1.3 table', () => {
    for (const [section, expected] of Object.entries(SECTION_COUNTS)) {
      expect(
        count(INFO_METRICS, (r) => r.section === section),
        section
      ).toBe(expected)
    }
    expect(INFO_METRICS).toHaveLength(258)
  })

  it('holds 180 static gauges, 77 counters, plus the opt-in total_system_memory gauge', () => {
    const gauges = INFO_METRICS.filter((r) => r.type === 'gauge')
    const counters = INFO_METRICS.filter((r) => r.type === 'counter')
    expect(gauges).toHaveLength(181)
    expect(counters).toHaveLength(77)
    expect(count(gauges, (r) => r.optIn === undefined)).toBe(180)
    expect(INFO_METRICS.filter((r) => r.optIn !== undefined).map((r) => r.field)).toEqual([
      'total_system_memory',
    ])
    expect(INFO_METRICS_BY_FIELD.get('total_system_memory')).toMatchObject({
      name: 'total_system_memory_bytes',
      type: 'gauge',
      section: 'memory',
      optIn: 'system',
    })
  })

  it('has no duplicate fields or names', () => {
    expect(new Set(INFO_METRICS.map((r) => r.field)).size).toBe(INFO_METRICS.length)
    expect(new Set(INFO_METRICS.map((r) => r.name)).size).toBe(INFO_METRICS.length)
    // The runtime lookup holds exactly the collected rows.
    expect(INFO_METRICS_BY_FIELD.size).toBe(CORE_INFO_METRICS.length)
    for (const row of CORE_INFO_METRICS) expect(INFO_METRICS_BY_FIELD.get(row.field)).toBe(row)
    expect(CORE_INFO_METRICS.some((r) => r.section === 'tile38' || r.section === 'modules')).toBe(
      false
    )
  })

  it('scales only latest_fork_usec', () => {
    expect(INFO_METRICS.filter((r) => r.scale !== undefined).map((r) => r.field)).toEqual([
      'latest_fork_usec',
    ])
  })

  it('has real help texts that name the source field', () => {
    for (const row of INFO_METRICS) {
      expect(row.help.trim(), row.field).not.toBe('')
      expect(row.help, row.field).not.toBe(`${row.name} metric`)
      expect(row.help, row.field).toContain(row.field)
      expect(row.help, row.field).not.toContain('\n')
    }
  })

  it.each<[field: string, name: string, type: 'gauge' | 'counter']>([
    ['used_memory', 'memory_used_bytes', 'gauge'],
    ['maxmemory', 'memory_max_bytes', 'gauge'],
    ['loading', 'loading_dump_file', 'gauge'],
    ['rdb_saves', 'rdb_saves_total', 'gauge'],
    ['migrate_cached_sockets', 'migrate_cached_sockets_total', 'gauge'],
    ['total_error_replies', 'total_error_replies', 'counter'],
    ['expired_time_cap_reached_count', 'expired_time_cap_reached_total', 'counter'],
    ['latest_fork_usec', 'latest_fork_seconds', 'gauge'],
    ['sync_full', 'replica_resyncs_full', 'gauge'],
    ['repl_backlog_size', 'replication_backlog_bytes', 'gauge'],
    ['active_defrag_hits', 'defrag_hits', 'gauge'],
    ['expired_stale_perc', 'expired_stale_percentage', 'gauge'],
    ['cluster_stats_messages_sent', 'cluster_messages_sent_total', 'gauge'],
    ['maxclients', 'max_clients', 'gauge'],
    ['used_cpu_sys', 'cpu_sys_seconds_total', 'counter'],
  ])('maps %s to %s (%s)', (field, name, type) => {
    const row = INFO_METRICS_BY_FIELD.get(field)
    expect(row).toBeDefined()
    expect(row?.name).toBe(name)
    expect(row?.type).toBe(type)
    if (field === 'latest_fork_usec') expect(row?.scale).toBe(1e-6)
    else expect(row?.scale).toBeUndefined()
  })
})

describe('LABELLED_METRICS', () => {
  it('has real help texts, sources and unique label names', () => {
    for (const row of LABELLED_METRICS) {
      expect(row.help.trim(), row.name).not.toBe('')
      expect(row.help, row.name).not.toBe(`${row.name} metric`)
      expect(row.help, row.name).not.toContain('\n')
      expect(row.source.trim(), row.name).not.toBe('')
      const labels = [...row.labels, ...(row.optionalLabels ?? [])]
      expect(new Set(labels).size, row.name).toBe(labels.length)
      for (const label of labels) {
        expect(label, row.name).toMatch(NAME_RE)
        expect(['quantile', 'le'], row.name).not.toContain(label)
      }
    }
  })

  it.each<[name: string, type: string, labels: readonly string[]]>([
    ['up', 'gauge', []],
    ['exporter_last_scrape_error', 'gauge', ['err']],
    ['exporter_scrape_duration_seconds', 'summary', []],
    ['exporter_build_info', 'gauge', ['version', 'commit_sha', 'build_date', 'runtime_version']],
    ['exporter_collector_success', 'gauge', ['collector']],
    ['master_link_up', 'gauge', ['master_host', 'master_port']],
    ['connected_slave_lag_seconds', 'gauge', ['slave_ip', 'slave_port', 'slave_state']],
    ['db_keys', 'gauge', ['db']],
    ['commands_duration_seconds_total', 'counter', ['cmd']],
    ['errors_total', 'counter', ['err']],
    ['latency_percentiles_usec', 'summary', ['cmd']],
    ['commands_latencies_usec', 'histogram', ['cmd']],
    ['latency_spike_duration_seconds', 'gauge', ['event_name']],
    ['config_client_output_buffer_limit_overcome_seconds', 'gauge', ['class', 'limit']],
    ['active_time_io_thread_seconds_total', 'counter', ['thread']],
  ])('has %s as a %s with labels %j', (name, type, labels) => {
    const row = LABELLED_METRICS.find((r) => r.name === name)
    expect(row).toBeDefined()
    expect(row?.type).toBe(type)
    expect(row?.labels).toEqual(labels)
  })

  it('lists the Valkey-only instance_info labels as optional', () => {
    const row = LABELLED_METRICS.find((r) => r.name === 'instance_info')
    expect(row?.labels).toEqual([
      'role',
      'redis_version',
      'redis_build_id',
      'redis_mode',
      'os',
      'maxmemory_policy',
      'tcp_port',
      'run_id',
      'process_id',
      'master_replid',
    ])
    expect(row?.optionalLabels).toEqual(['valkey_version', 'valkey_release_stage'])
  })

  it('documents the cluster_ and db prefix rules', () => {
    expect(PREFIX_RULES.map((r) => [r.prefix, r.type])).toEqual([
      ['cluster_', 'gauge'],
      ['db', 'gauge'],
    ])
    for (const rule of PREFIX_RULES) expect(rule.help.trim()).not.toBe('')
  })
})

describe('both tables', () => {
  it('have valid, unique names across INFO and labelled rows', () => {
    const names = [...INFO_METRICS.map((r) => r.name), ...LABELLED_METRICS.map((r) => r.name)]
    for (const name of names) expect(name).toMatch(NAME_RE)
    expect(new Set(names).size).toBe(names.length)
  })

  it('merge into catalogFamilies sorted by name, without the uncollected Tile38 and module rows', () => {
    const families = catalogFamilies()
    const collected = INFO_METRICS.filter((r) => r.section !== 'tile38' && r.section !== 'modules')
    expect(families).toHaveLength(collected.length + LABELLED_METRICS.length)
    expect(families.some((f) => f.name.startsWith('tile38_') || f.name.startsWith('search_'))).toBe(
      false
    )
    const names = families.map((f) => f.name)
    expect(names).toEqual([...names].sort())
    expect(families.find((f) => f.name === 'memory_used_bytes')).toMatchObject({
      type: 'gauge',
      labels: [],
    })
    expect(families.find((f) => f.name === 'db_keys')?.labels).toEqual(['db'])
  })
})

/**
 * Cross-check against real redis_exporter 1.45.0 output (Redis 7.0.15), captured in
 * test/fixtures/redis_exporter-1.45 from the shared reference.
 */
describe('redis_exporter 1.45 captures', () => {
  const CAPTURES = ['default.prom', 'extended.prom', 'config-latency-slowlog-blocked.prom']

  /** 1.45 families that are not in our catalogue with the same type, and why. */
  const EXCEPTIONS: Record<string, string> = {
    expired_time_cap_reached_total:
      'gauge in 1.45, counter in HEAD (the only type change between the two maps)',
    exporter_last_scrape_ping_time_seconds: '--ping-on-connect: not emitted by this exporter',
    config_key_value: '--include-config-metrics: not emitted by this exporter',
    config_value: '--include-config-metrics: not emitted by this exporter',
    connected_clients_details:
      '--export-client-list, 1.45-only shape (replaced in v1.64): not emitted by this exporter',
    key_size: '--check-keys: not emitted by this exporter',
    key_value: '--check-keys: not emitted by this exporter',
    key_value_as_string: '--check-keys: not emitted by this exporter',
    keys_count: '--count-keys: not emitted by this exporter',
    key_group_count: '--check-key-groups: not emitted by this exporter',
    key_group_memory_usage_bytes: '--check-key-groups: not emitted by this exporter',
    number_of_distinct_key_groups: '--check-key-groups: not emitted by this exporter',
    script_values: '--script: not emitted by this exporter',
    stream_length: '--check-streams: not emitted by this exporter',
    stream_radix_tree_keys: '--check-streams: not emitted by this exporter',
    stream_radix_tree_nodes: '--check-streams: not emitted by this exporter',
    stream_groups: '--check-streams: not emitted by this exporter',
    stream_last_generated_id: '--check-streams: not emitted by this exporter',
    stream_group_consumers: '--check-streams: not emitted by this exporter',
    stream_group_messages_pending: '--check-streams: not emitted by this exporter',
    stream_group_last_delivered_id: '--check-streams: not emitted by this exporter',
    stream_group_consumer_messages_pending: '--check-streams: not emitted by this exporter',
    stream_group_consumer_idle_seconds: '--check-streams: not emitted by this exporter',
  }

  const readTypes = (file: string): Map<string, string> => {
    const text = readFileSync(
      new URL(`../../fixtures/redis_exporter-1.45/${file}`, import.meta.url),
      'utf8'
    )
    const types = new Map<string, string>()
    for (const match of text.matchAll(/^# TYPE redis_(\S+) (\S+)$/gm)) {
      const [, name, type] = match
      if (name !== undefined && type !== undefined) types.set(name, type)
    }
    return types
  }

  const catalogType = new Map<string, string>([
    ...INFO_METRICS.map((r) => [r.name, r.type] as const),
    ...LABELLED_METRICS.map((r) => [r.name, r.type] as const),
  ])
  const typeOf = (name: string): string | undefined =>
    catalogType.get(name) ?? PREFIX_RULES.find((rule) => name.startsWith(rule.prefix))?.type

  it.each(CAPTURES)('every redis_* family in %s is catalogued with the same type', (file) => {
    const types = readTypes(file)
    expect(types.size).toBeGreaterThan(100)
    const mismatches: string[] = []
    for (const [name, type] of types) {
      if (name in EXCEPTIONS) continue
      const ours = typeOf(name)
      if (ours !== type) mismatches.push(`${name}: 1.45 ${type}, ours ${ours ?? 'missing'}`)
    }
    expect(mismatches).toEqual([])
  })

  it('lists only exceptions that occur in a capture and are really exceptions', () => {
    const seen = new Map<string, string>()
    for (const file of CAPTURES) for (const [name, type] of readTypes(file)) seen.set(name, type)
    for (const [name, reason] of Object.entries(EXCEPTIONS)) {
      expect(reason.trim(), name).not.toBe('')
      expect(seen.has(name), name).toBe(true)
      expect(typeOf(name), name).not.toBe(seen.get(name))
    }
    expect(seen.get('expired_time_cap_reached_total')).toBe('gauge')
    expect(typeOf('expired_time_cap_reached_total')).toBe('counter')
  })
})
