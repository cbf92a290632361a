import { describe, expect, it } from 'vitest'
import { catalogFamilies } from '../../../lib/metrics/catalog/catalog'
import type { CloudWatchUnit } from '../../../lib/push/types'
import {
  DEFAULT_CLOUDWATCH_METRICS,
  inferUnit,
  matchesGlob,
} from '../../../lib/push/default-metrics'

describe('DEFAULT_CLOUDWATCH_METRICS', () => {
  const catalog = new Map(catalogFamilies().map((d) => [d.name, d]))

  it('has a default set of 20 families, each once', () => {
    expect(DEFAULT_CLOUDWATCH_METRICS).toHaveLength(20)
    expect(new Set(DEFAULT_CLOUDWATCH_METRICS.map((r) => r.family)).size).toBe(20)
  })

  it.each(DEFAULT_CLOUDWATCH_METRICS.map((r) => [r.family, r] as const))(
    '%s is a catalog family, sent as a rate exactly when it is a counter',
    (family, rule) => {
      const row = catalog.get(family)
      expect(row, family).toBeDefined()
      expect(rule.unit.endsWith('/Second')).toBe(row?.type === 'counter')
    }
  )
})

describe('inferUnit', () => {
  it.each<[string, boolean, CloudWatchUnit]>([
    ['used_memory_rss_bytes', false, 'Bytes'],
    ['uptime_in_seconds', false, 'Seconds'],
    ['connected_clients', false, 'None'],
    ['net_input_bytes_total', true, 'Bytes/Second'],
    ['commands_duration_seconds_total', true, 'None'],
    ['cpu_sys_seconds_total', true, 'None'],
    ['latency_usec', true, 'None'],
    ['keyspace_hits_total', true, 'Count/Second'],
  ])('%s (counter %s) -> %s', (family, counter, unit) => {
    expect(inferUnit(family, counter)).toBe(unit)
  })
})

describe('matchesGlob', () => {
  it.each<[string, string, boolean]>([
    ['memory_used_bytes', 'memory_used_bytes', true],
    ['memory_used_bytes', 'memory_*', true],
    ['memory_used_bytes', '*_bytes', true],
    ['memory_used_bytes', 'memory', false],
    ['memory_used_bytes', 'used_*', false],
    ['db_keys', 'db.keys', false],
    ['commands_total', 'commands_(total)', false],
    ['anything', '*', true],
  ])('%s ~ %s is %s', (name, glob, matches) => {
    expect(matchesGlob(name, glob)).toBe(matches)
  })
})
