import { describe, expect, it } from 'vitest'
import { emittableFamilies } from '../../lib/metrics/catalog/catalog'
import { PREFIX_RULES } from '../../lib/metrics/catalog/rules'
import {
  allPanels,
  dashboard,
  dashboardQueries,
  redisMetricNames,
  substitute,
  variableQuery,
} from '../helpers/ops-files'

const d = dashboard()
const panels = allPanels(d).filter((p) => p.type !== 'row')
const DS = '${DS_PROMETHEUS}'

describe('Grafana dashboard (ops/grafana/redis-exporter.json)', () => {
  it('takes its Prometheus as the DS_PROMETHEUS input and variable', () => {
    expect(d.__inputs).toEqual([
      expect.objectContaining({
        name: 'DS_PROMETHEUS',
        type: 'datasource',
        pluginId: 'prometheus',
      }),
    ])
    const ds = d.templating.list.find((v) => v.name === 'DS_PROMETHEUS')
    expect(ds).toMatchObject({ type: 'datasource', query: 'prometheus' })
    for (const p of panels) {
      expect(p.datasource?.uid, p.title).toBe(DS)
      for (const t of p.targets ?? []) expect(t.datasource?.uid, `${p.title} ${t.refId}`).toBe(DS)
    }
  })

  it('picks the instance from label_values(redis_up, instance)', () => {
    const v = d.templating.list.find((x) => x.name === 'instance')
    expect(v).toMatchObject({ type: 'query', datasource: { uid: DS } })
    expect(variableQuery(v!)).toBe('label_values(redis_up, instance)')
  })

  it('has the sections an operator needs', () => {
    const rows = d.panels.filter((p) => p.type === 'row').map((p) => p.title)
    expect(rows).toEqual([
      'Overview',
      'Memory',
      'Clients',
      'Commands',
      'Keyspace',
      'Replication',
      'Cluster',
      'Persistence',
      'Network and CPU',
      'Exporter',
    ])
  })

  it('filters every query on the selected instance', () => {
    for (const q of dashboardQueries(d)) {
      expect(q.expr, `${q.panel} ${q.refId}`).toContain('instance="$instance"')
      expect(() => substitute(q.expr, { instance: 'x', __rate_interval: '1m' })).not.toThrow()
    }
  })

  it('uses only metrics the exporter emits (or that Prometheus adds: up, scrape_duration_seconds)', () => {
    const names = new Set<string>()
    for (const f of emittableFamilies()) {
      names.add(`redis_${f.name}`)
      if (f.type === 'histogram')
        for (const s of ['_bucket', '_sum', '_count']) names.add(`redis_${f.name}${s}`)
      if (f.type === 'summary') for (const s of ['_sum', '_count']) names.add(`redis_${f.name}${s}`)
    }
    const prefixes = PREFIX_RULES.map((r) => `redis_${r.prefix}`)
    const used = new Set(dashboardQueries(d).flatMap((q) => [...redisMetricNames(q.expr)]))
    expect(
      [...used].filter((n) => !names.has(n) && !prefixes.some((p) => n.startsWith(p)))
    ).toEqual([])
    for (const must of [
      'redis_up',
      'redis_uptime_in_seconds',
      'redis_instance_info',
      'redis_memory_used_bytes',
      'redis_memory_max_bytes',
      'redis_mem_fragmentation_ratio',
      'redis_evicted_keys_total',
      'redis_connected_clients',
      'redis_blocked_clients',
      'redis_rejected_connections_total',
      'redis_commands_total',
      'redis_commands_duration_seconds_total',
      'redis_keyspace_hits_total',
      'redis_keyspace_misses_total',
      'redis_db_keys',
      'redis_db_keys_expiring',
      'redis_exporter_last_scrape_duration_seconds',
      'redis_exporter_last_scrape_error',
      'redis_exporter_collector_available',
    ]) {
      expect(used.has(must), must).toBe(true)
    }
  })

  it('has unique panel ids and unique refIds per panel', () => {
    const ids = allPanels(d).map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const p of panels) {
      const refs = (p.targets ?? []).map((t) => t.refId)
      expect(refs.length, p.title).toBeGreaterThan(0)
      expect(new Set(refs).size, p.title).toBe(refs.length)
    }
  })

  it('lays panels out on the 24-column grid without overlaps', () => {
    const boxes = allPanels(d).map((p) => ({ title: p.title, ...p.gridPos }))
    for (const b of boxes) expect(b.x + b.w, b.title).toBeLessThanOrEqual(24)
    const overlaps = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        .map((b) => `${a.title} / ${b.title}`)
    )
    expect(overlaps).toEqual([])
  })
})
