import { describe, expect, it } from 'vitest'
import { FAMILIES } from '../../../../lib/metrics/catalog/families'
import type { Descriptor } from '../../../../lib/metrics/descriptor'

const ROWS: readonly Descriptor[] = Object.values(FAMILIES)
const NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/

describe('FAMILIES', () => {
  it('names every descriptor by its key, validly, and freezes it', () => {
    for (const [key, d] of Object.entries(FAMILIES)) {
      expect(d.name).toBe(key)
      expect(key).toMatch(NAME_RE)
      expect(Object.isFrozen(d)).toBe(true)
    }
    expect(ROWS).toHaveLength(143)
  })

  it('has real help texts, sources and unique, valid label names', () => {
    for (const row of ROWS) {
      expect(row.help.trim(), row.name).not.toBe('')
      expect(row.help, row.name).not.toBe(`${row.name} metric`)
      expect(row.help, row.name).not.toContain('\n')
      expect(row.source.trim(), row.name).not.toBe('')
      const labels = [...row.labels, ...row.optional]
      expect(new Set(labels).size, row.name).toBe(labels.length)
      for (const label of labels) {
        expect(label, row.name).toMatch(NAME_RE)
        expect(label, row.name).not.toMatch(/^__/)
        expect(['quantile', 'le'], row.name).not.toContain(label)
      }
    }
  })

  it.each<[name: keyof typeof FAMILIES, type: string, labels: readonly string[]]>([
    ['up', 'gauge', []],
    ['exporter_last_scrape_error', 'gauge', ['err']],
    ['exporter_scrape_duration_seconds', 'summary', []],
    ['exporter_build_info', 'gauge', ['version', 'commit_sha', 'build_date', 'runtime_version']],
    ['exporter_collector_success', 'gauge', ['collector']],
    ['master_link_up', 'gauge', ['master_host', 'master_port']],
    ['slave_info', 'gauge', ['master_host', 'master_port', 'read_only']],
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
    expect(FAMILIES[name].type).toBe(type)
    expect(FAMILIES[name].labels).toEqual(labels)
    expect(FAMILIES[name].optional).toEqual([])
  })

  it('lists the Valkey-only instance_info labels as optional, after the others', () => {
    expect(FAMILIES.instance_info.labels).toEqual([
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
    expect(FAMILIES.instance_info.optional).toEqual(['valkey_version', 'valkey_release_stage'])
  })
})
