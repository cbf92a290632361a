import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../../lib/collect/collect'
import { MAX_LABEL_VALUE } from '../../../lib/bounds'
import { buildFamilies } from '../../../lib/metrics/build'
import { catalogFamilies } from '../../../lib/metrics/catalog/catalog'
import { prefixRuleFor, ruleHelp } from '../../../lib/metrics/catalog/rules'
import { parseInfo } from '../../../lib/parse/info'
import { renderPrometheus } from '../../../lib/render/prometheus'
import type { MetricFamily, Reply } from '../../../lib/types'
import { parsePromText, sampleValue } from '../../helpers/prom-text'
import {
  ALL_REPLIES,
  CONFIG,
  DOWN,
  GOLDEN_DIR,
  NOW_SECONDS,
  OPTS,
  SCENARIOS,
  SELF,
  fixtureText,
  parsed,
  render,
  scenario,
  upSnapshot,
} from './build-fixtures'
import type { SnapshotParts } from './build-fixtures'

describe('buildFamilies golden files', () => {
  it.each(SCENARIOS)('renders %s exactly', (file, snapshot) => {
    const text = render(snapshot)
    const url = new URL(file, GOLDEN_DIR)
    if (process.env['UPDATE_GOLDEN'] === '1') {
      mkdirSync(GOLDEN_DIR, { recursive: true })
      writeFileSync(url, text)
    }
    expect(
      existsSync(url),
      `test/golden/${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/lib/metrics/build.test.ts`
    ).toBe(true)
    expect(text).toBe(readFileSync(url, 'utf8'))
  })

  it.each(SCENARIOS)('renders %s as valid exposition text with unique family names', (_f, s) => {
    const families = buildFamilies(s, SELF, OPTS)
    const names = families.map((f) => f.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual([...names].sort())
    expect(() => parsePromText(renderPrometheus(families))).not.toThrow()
  })
})

describe('buildFamilies golden files of every INFO capture', () => {
  const CAPTURES = new URL('../../fixtures/info-captures/', import.meta.url)
  const DIR = new URL('captures/', GOLDEN_DIR)
  const captures = readdirSync(CAPTURES).filter((f) => f.endsWith('.txt') && !f.includes('-doc'))

  // The page of each capture, byte for byte as it was before the scrape path was made faster.
  it.each(captures)('renders %s exactly', (file) => {
    const snapshot = upSnapshot({
      info: parseInfo(readFileSync(new URL(file, CAPTURES), 'utf8')),
      config: CONFIG,
      replies: ALL_REPLIES,
    })
    const text = render(snapshot, { includeSystemMetrics: true })
    const url = new URL(file.replace(/\.txt$/, '.prom'), DIR)
    if (process.env['UPDATE_GOLDEN'] === '1') {
      mkdirSync(DIR, { recursive: true })
      writeFileSync(url, text)
    }
    expect(existsSync(url), `${url.pathname} is missing: run UPDATE_GOLDEN=1`).toBe(true)
    expect(text).toBe(readFileSync(url, 'utf8'))
  })
})

describe('buildFamilies values from the real captures', () => {
  const standalone = parsed(scenario('redis-7.0-standalone.prom'))
  const replica = parsed(scenario('redis-7.0-replica.prom'))
  const master = parsed(scenario('redis-7.0-master-with-replica.prom'))
  const sets = { standalone, replica, master }

  it.each<[keyof typeof sets, string, Record<string, string>, number]>([
    ['standalone', 'redis_db_keys', { db: 'db0' }, 15],
    ['standalone', 'redis_db_keys_expiring', { db: 'db0' }, 3],
    ['standalone', 'redis_db_keys', { db: 'db1' }, 2],
    ['standalone', 'redis_db_keys', { db: 'db2' }, 0],
    ['standalone', 'redis_db_keys', { db: 'db15' }, 0],
    ['standalone', 'redis_db_avg_ttl_seconds', { db: 'db1' }, 7199.745],
    ['standalone', 'redis_commands_total', { cmd: 'get' }, 7],
    ['standalone', 'redis_commands_total', { cmd: 'config|get' }, 1],
    ['standalone', 'redis_commands_duration_seconds_total', { cmd: 'eval' }, 0.024147],
    ['standalone', 'redis_commands_failed_calls_total', { cmd: 'incr' }, 2],
    ['standalone', 'redis_commands_rejected_calls_total', { cmd: 'incr' }, 0],
    ['standalone', 'redis_errors_total', { err: 'ERR' }, 3],
    ['standalone', 'redis_errors_total', { err: 'WRONGTYPE' }, 1],
    ['standalone', 'redis_latency_percentiles_usec', { cmd: 'eval', quantile: '50' }, 2023.423],
    ['standalone', 'redis_latency_percentiles_usec', { cmd: 'eval', quantile: '99' }, 20054.015],
    ['standalone', 'redis_latency_percentiles_usec', { cmd: 'eval', quantile: '99.9' }, 20054.015],
    ['standalone', 'redis_latency_percentiles_usec_sum', { cmd: 'eval' }, 24147],
    ['standalone', 'redis_latency_percentiles_usec_count', { cmd: 'eval' }, 4],
    ['standalone', 'redis_commands_latencies_usec_bucket', { cmd: 'eval', le: '66' }, 1],
    ['standalone', 'redis_commands_latencies_usec_bucket', { cmd: 'eval', le: '2113' }, 3],
    ['standalone', 'redis_commands_latencies_usec_bucket', { cmd: 'eval', le: '33816' }, 4],
    ['standalone', 'redis_commands_latencies_usec_bucket', { cmd: 'eval', le: '+Inf' }, 4],
    ['standalone', 'redis_commands_latencies_usec_sum', { cmd: 'eval' }, 24147],
    ['standalone', 'redis_commands_latencies_usec_count', { cmd: 'time' }, 9460],
    ['standalone', 'redis_latency_spike_last', { event_name: 'command' }, 1795319046],
    ['standalone', 'redis_latency_spike_duration_seconds', { event_name: 'command' }, 0.02],
    ['standalone', 'redis_slowlog_length', {}, 3],
    ['standalone', 'redis_slowlog_last_id', {}, 2],
    ['standalone', 'redis_last_slow_execution_duration_seconds', {}, 0.020019],
    ['standalone', 'redis_start_time_seconds', {}, NOW_SECONDS - 0],
    ['standalone', 'redis_config_maxclients', {}, 10000],
    ['standalone', 'redis_config_repl_backlog_size', {}, 1048576],
    [
      'standalone',
      'redis_config_client_output_buffer_limit_bytes',
      { class: 'slave', limit: 'hard' },
      268435456,
    ],
    [
      'standalone',
      'redis_config_client_output_buffer_limit_bytes',
      { class: 'pubsub', limit: 'soft' },
      8388608,
    ],
    [
      'standalone',
      'redis_config_client_output_buffer_limit_overcome_seconds',
      { class: 'slave', limit: 'soft' },
      60,
    ],
    ['standalone', 'redis_rdb_last_bgsave_status', {}, 1],
    ['standalone', 'redis_cluster_enabled', {}, 0],
    ['standalone', 'redis_connected_clients', {}, 1],
    ['standalone', 'redis_last_key_groups_scrape_duration_milliseconds', {}, 0],
    ['replica', 'redis_start_time_seconds', {}, NOW_SECONDS - 6],
    ['replica', 'redis_master_link_up', { master_host: '127.0.0.1', master_port: '26401' }, 1],
    ['replica', 'redis_slave_repl_offset', { master_host: '127.0.0.1', master_port: '26401' }, 146],
    [
      'replica',
      'redis_slave_info',
      { master_host: '127.0.0.1', master_port: '26401', read_only: '1' },
      1,
    ],
    ['replica', 'redis_slowlog_last_id', {}, 0],
    ['replica', 'redis_config_maxclients', {}, 10000],
    ['replica', 'redis_config_maxmemory', {}, 0],
    ['master', 'redis_start_time_seconds', {}, NOW_SECONDS - 7],
    [
      'master',
      'redis_connected_slave_offset_bytes',
      { slave_ip: '127.0.0.1', slave_port: '26402', slave_state: 'online' },
      146,
    ],
    [
      'master',
      'redis_connected_slave_lag_seconds',
      { slave_ip: '127.0.0.1', slave_port: '26402', slave_state: 'online' },
      0,
    ],
    ['master', 'redis_connected_slaves', {}, 1],
    ['master', 'redis_commands_total', { cmd: 'latency|histogram' }, 1],
  ])('%s: %s%j is %d', (set, name, labels, expected) => {
    expect(sampleValue(sets[set], name, labels)).toBe(expected)
  })
})

describe('buildFamilies exporter_collector_success', () => {
  const failed: Reply = { ok: false, error: "ERR unknown command 'LATENCY'" }
  const ok: Reply = { ok: true, value: [] }

  it.each<[string, SnapshotParts, Record<string, number>]>([
    [
      'failed replies and unavailable steps are 0',
      {
        replies: [
          ['config', [ok, failed]],
          ['latency_latest', [failed]],
          ['slowlog_len', [failed]],
        ],
        unavailable: ['latency_histogram', 'cluster_info'],
      },
      { config: 0, latency_latest: 0, latency_histogram: 0, slowlog: 0, cluster_info: 0 },
    ],
    [
      'answered replies are 1 and cached CONFIG values count as 1',
      {
        config: CONFIG,
        replies: [
          ['latency_latest', [ok]],
          ['latency_histogram', [ok]],
          ['slowlog_len', [{ ok: true, value: 0 }]],
          ['cluster_info', [{ ok: true, value: 'cluster_state:ok\r\n' }]],
        ],
      },
      { config: 1, latency_latest: 1, latency_histogram: 1, slowlog: 1, cluster_info: 1 },
    ],
    ['steps neither sent nor unavailable have no sample', {}, {}],
  ])('%s', (_what, parts, expected) => {
    const families = buildFamilies(upSnapshot({ info: {}, ...parts }), SELF, OPTS)
    const family = families.find((f) => f.name === 'redis_exporter_collector_success')
    const values = Object.fromEntries(
      (family?.samples ?? []).map((s) => [s.labels['collector'], s.value])
    )
    expect(values).toEqual(expected)
  })
})

describe('buildFamilies when Redis is down', () => {
  const SELF_FAMILIES = [
    'redis_exporter_build_info',
    'redis_exporter_last_scrape_connect_time_seconds',
    'redis_exporter_last_scrape_duplicate_samples',
    'redis_exporter_last_scrape_duration_seconds',
    'redis_exporter_last_scrape_error',
    'redis_exporter_last_scrape_truncated_samples',
    'redis_exporter_scrape_duration_seconds',
    'redis_exporter_scrapes_total',
    'redis_target_scrape_request_errors_total',
    'redis_up',
  ]

  it('emits only the self-metrics, even when the snapshot carries INFO fields', () => {
    const withInfo: Snapshot = { ...DOWN, info: parseInfo(fixtureText('info-redis-7.0.txt')) }
    for (const snapshot of [DOWN, withInfo]) {
      expect(buildFamilies(snapshot, SELF, OPTS).map((f) => f.name)).toEqual(SELF_FAMILIES)
    }
  })

  it('writes redis_up 0 and the error text as the err label', () => {
    const text = render(DOWN)
    expect(text).toContain('\nredis_up 0\n')
    expect(text).toContain(
      'redis_exporter_last_scrape_error{err="connect ECONNREFUSED 127.0.0.1:6379"} 1\n'
    )
    expect(text).toContain('redis_exporter_last_scrape_connect_time_seconds 0.0031\n')
  })

  it('escapes quotes and newlines of the error text in the err label', () => {
    const text = render({ ...DOWN, error: 'ERR bad "x"\nnext' })
    expect(text).toContain('redis_exporter_last_scrape_error{err="ERR bad \\"x\\"\\nnext"} 1\n')
  })

  it('writes redis_up 1 and an empty err label when up', () => {
    const text = render(upSnapshot({ info: {} }))
    expect(text).toContain('\nredis_up 1\n')
    expect(text).toContain('redis_exporter_last_scrape_error{err=""} 0\n')
  })

  it('writes the scrape summary and counters from the self-metrics', () => {
    const families = parsed(DOWN)
    expect(sampleValue(families, 'redis_exporter_scrape_duration_seconds_sum')).toBe(0.0125)
    expect(sampleValue(families, 'redis_exporter_scrape_duration_seconds_count')).toBe(3)
    expect(sampleValue(families, 'redis_exporter_scrapes_total')).toBe(3)
    expect(sampleValue(families, 'redis_exporter_last_scrape_duration_seconds')).toBe(0.0042)
  })

  it('leaves out build_info and target_scrape_request_errors_total when not given', () => {
    const families = buildFamilies(
      DOWN,
      { durationSeconds: 0, scrapesTotal: 1, scrapeDurationSum: 0 },
      OPTS
    )
    const names = families.map((f) => f.name)
    expect(names).not.toContain('redis_exporter_build_info')
    expect(names).not.toContain('redis_target_scrape_request_errors_total')
    expect(names).toHaveLength(SELF_FAMILIES.length - 2)
  })
})

describe('buildFamilies namespace', () => {
  it.each(SCENARIOS)('prefixes every family of %s with cache_', (_file, snapshot) => {
    const families: MetricFamily[] = buildFamilies(snapshot, SELF, { ...OPTS, namespace: 'cache' })
    expect(families.length).toBeGreaterThan(0)
    expect(families.filter((f) => !f.name.startsWith('cache_')).map((f) => f.name)).toEqual([])
    expect(families.map((f) => f.name)).toContain('cache_up')
  })

  it('writes the same samples under cache_ as under redis_', () => {
    const snapshot = scenario('redis-7.0-standalone.prom')
    const redis = render(snapshot)
    const cache = render(snapshot, { namespace: 'cache' })
    expect(cache).toContain('\ncache_db_keys{db="db0"} 15\n')
    expect(cache).toContain('\ncache_cluster_enabled 0\n')
    expect(cache.replace(/^(# (?:HELP|TYPE) )?cache_/gm, '$1redis_')).toBe(redis)
  })
})

describe('buildFamilies select (a push plan)', () => {
  it.each(SCENARIOS)('builds of %s exactly the selected families, samples unchanged', (_f, s) => {
    const all = buildFamilies(s, SELF, OPTS)
    const keep = new Set(['up', 'db_keys', 'memory_used_bytes', 'commands_total'])
    const some = buildFamilies(s, SELF, { ...OPTS, select: (d) => keep.has(d.name) })
    expect(some.length).toBeGreaterThan(0)
    expect(some).toEqual(all.filter((f) => keep.has(f.name.slice('redis_'.length))))
  })
})

describe('buildFamilies bounds', () => {
  const standalone = scenario('redis-7.0-standalone.prom')
  const count = (families: MetricFamily[]) => families.reduce((n, f) => n + f.samples.length, 0)

  it('keeps the first of two replicas announcing the same ip:port and counts the rest', () => {
    const text = fixtureText('info-redis-7.0-master-with-replica.txt')
    const slave0 = /^slave0:(.*)$/m.exec(text)?.[1]?.trim()
    expect(slave0).toBeDefined()
    const info = { ...parseInfo(text), slave1: slave0!.replace('offset=146', 'offset=999') }
    const families = parsed(upSnapshot({ info, config: CONFIG }))
    const labels = { slave_ip: '127.0.0.1', slave_port: '26402', slave_state: 'online' }
    expect(families.get('redis_connected_slave_offset_bytes')?.samples).toHaveLength(1)
    expect(sampleValue(families, 'redis_connected_slave_offset_bytes', labels)).toBe(146)
    expect(families.get('redis_connected_slave_lag_seconds')?.samples).toHaveLength(1)
    expect(sampleValue(families, 'redis_exporter_last_scrape_duplicate_samples')).toBe(2)
    expect(sampleValue(families, 'redis_exporter_last_scrape_truncated_samples')).toBe(0)
  })

  it('cuts the page at the sample cap, keeps the self-metrics and says how much was cut', () => {
    const full = buildFamilies(standalone, SELF, OPTS)
    const cut = buildFamilies(standalone, SELF, {
      ...OPTS,
      limits: { samples: 100, bytes: 1 << 30 },
    })
    expect(count(cut)).toBe(100)
    const families = parsePromText(renderPrometheus(cut))
    // Both uncapped counters are outside the 98 ordinary samples.
    expect(sampleValue(families, 'redis_exporter_last_scrape_truncated_samples')).toBe(
      count(full) - 2 - 98
    )
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(sampleValue(families, 'redis_exporter_last_scrape_error', { err: '' })).toBe(0)
    expect(sampleValue(families, 'redis_exporter_scrapes_total')).toBe(3)
    expect(sampleValue(families, 'redis_exporter_collector_success', { collector: 'config' })).toBe(
      1
    )
  })

  it.each([8_192, 30_000])('cuts the page at a byte cap of %d', (bytes) => {
    const text = renderPrometheus(
      buildFamilies(standalone, SELF, { ...OPTS, limits: { samples: 1 << 30, bytes } })
    )
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(bytes)
    const families = parsePromText(text)
    expect(sampleValue(families, 'redis_exporter_last_scrape_truncated_samples')).toBeGreaterThan(0)
    expect(sampleValue(families, 'redis_up')).toBe(1)
  })

  it('clips a label value taken from INFO to MAX_LABEL_VALUE', () => {
    const cmd = 'c'.repeat(5_000)
    const info = { [`cmdstat_${cmd}`]: 'calls=1,usec=2,usec_per_call=2.00' }
    const families = parsed(upSnapshot({ info }))
    const [sample] = families.get('redis_commands_total')?.samples ?? []
    expect(sample?.labels['cmd']).toHaveLength(MAX_LABEL_VALUE)
  })

  it.each([
    ['a 150-character cluster_ field is exported', 150, true],
    ['a 300-character one is not a field any server has, and is skipped', 300, false],
  ])('%s', (_what, length, exported) => {
    const field = `cluster_${'x'.repeat(length - 8)}`
    const families = parsed(upSnapshot({ info: { [field]: '1' } }))
    expect(families.has(`redis_${field}`)).toBe(exported)
  })
})

describe('buildFamilies and the catalog', () => {
  const CATALOG = new Map(catalogFamilies().map((d) => [d.name, d]))
  const CAPTURES = new URL('../../fixtures/info-captures/', import.meta.url)
  const captures = readdirSync(CAPTURES).filter((f) => f.endsWith('.txt') && !f.includes('-doc'))
  const pages: [string, Snapshot][] = [
    ...SCENARIOS,
    ...captures.map((f): [string, Snapshot] => [
      f,
      upSnapshot({
        info: parseInfo(readFileSync(new URL(f, CAPTURES), 'utf8')),
        config: CONFIG,
        replies: ALL_REPLIES,
      }),
    ]),
  ]

  it('builds a page from every capture', () => {
    expect(captures.length).toBeGreaterThan(15)
  })

  it.each(pages)('%s: every family is a catalog family, or made by a prefix rule', (_f, snap) => {
    const families = buildFamilies(snap, SELF, { ...OPTS, includeSystemMetrics: true })
    expect(families.length).toBeGreaterThan(5)
    for (const family of families) {
      const name = family.name.slice('redis_'.length)
      const desc = CATALOG.get(name)
      if (!desc) {
        const rule = prefixRuleFor(name)
        expect(rule, family.name).toBeDefined()
        expect(family.type).toBe(rule?.type)
        expect(family.help).toMatch(new RegExp(`^${name} metric \\(INFO or CLUSTER INFO field `))
        continue
      }
      expect(family.type, family.name).toBe(desc.type)
      expect(family.help, family.name).toBe(desc.help)
      const extra = desc.type === 'summary' ? ['quantile'] : desc.type === 'histogram' ? ['le'] : []
      for (const s of family.samples) {
        const keys = Object.keys(s.labels)
        // The required labels in catalog order, then the optional ones it has, then quantile/le.
        expect(keys.slice(0, desc.labels.length), family.name).toEqual(desc.labels)
        const rest = keys.slice(desc.labels.length)
        expect(
          rest.every((k) => desc.optional.includes(k) || extra.includes(k)),
          `${family.name} ${keys.join(',')}`
        ).toBe(true)
      }
    }
  })

  it('names the rule help after the field, as before', () => {
    const rule = prefixRuleFor('cluster_enabled')!
    const text = render(scenario('redis-7.0-standalone.prom'))
    expect(text).toContain(
      `# HELP redis_cluster_enabled ${ruleHelp(rule, 'cluster_enabled', 'cluster_enabled')}\n`
    )
  })
})
