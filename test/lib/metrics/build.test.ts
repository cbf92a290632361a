import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../../lib/collect/collect'
import type { StepKey } from '../../../lib/collect/plan'
import { MAX_LABEL_VALUE, MAX_ZERO_FILL_DATABASES } from '../../../lib/bounds'
import { buildFamilies } from '../../../lib/metrics/build'
import type { BuildOptions, SelfMetrics } from '../../../lib/metrics/build'
import { parseConfigGet } from '../../../lib/parse/config-get'
import { parseInfo } from '../../../lib/parse/info'
import { renderPrometheus } from '../../../lib/render/prometheus'
import type { InfoRecord, MetricFamily, Reply } from '../../../lib/types'
import { parsePromText, sampleValue } from '../../helpers/prom-text'
import type { ParsedFamily } from '../../helpers/prom-text'

function fixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/parse/${name}`, import.meta.url), 'utf8')
}
function fixtureReply(name: string): Reply {
  return { ok: true, value: JSON.parse(fixtureText(name)) }
}

/** Scrape time: one second after the standalone capture's server_time_usec. */
const NOW_SECONDS = 1_795_319_047

const SELF: SelfMetrics = {
  durationSeconds: 0.0042,
  scrapesTotal: 3,
  scrapeDurationSum: 0.0125,
  targetScrapeRequestErrors: 0,
  buildInfo: {
    version: '1.2.3',
    commitSha: '0123abc',
    buildDate: '2025-01-01T00:00:00Z',
    runtimeVersion: 'node-v20.19.0',
  },
}

const OPTS: BuildOptions = {
  namespace: 'redis',
  includeSystemMetrics: false,
  includeMetricsForEmptyDatabases: true,
  nowSeconds: NOW_SECONDS,
}

/** What `CONFIG GET maxmemory maxclients ... databases` answers on the captured servers. */
const CONFIG: Readonly<Record<string, string>> = {
  maxmemory: '0',
  maxclients: '10000',
  'io-threads': '1',
  'repl-backlog-size': '1048576',
  databases: '16',
  ...parseConfigGet(
    JSON.parse(fixtureText('config-get-client-output-buffer-limit-redis-7.0.json'))
  ),
}

interface SnapshotParts {
  readonly info?: InfoRecord
  readonly config?: Readonly<Record<string, string>>
  readonly replies?: readonly [StepKey, readonly Reply[]][]
  readonly unavailable?: readonly StepKey[]
}

function upSnapshot(parts: SnapshotParts): Snapshot {
  return {
    up: true,
    error: '',
    info: parts.info ?? {},
    ...(parts.config ? { config: parts.config } : {}),
    replies: new Map(parts.replies ?? []),
    unavailable: parts.unavailable ?? [],
    connectSeconds: 0.0015,
    roundTrips: 1,
  }
}

const ALL_REPLIES: [StepKey, Reply[]][] = [
  ['latency_latest', [fixtureReply('latency-latest-redis-7.0.json')]],
  ['latency_histogram', [fixtureReply('latency-histogram-redis-7.0.json')]],
  ['slowlog_len', [fixtureReply('slowlog-len-redis-7.0.json')]],
  ['slowlog_get', [fixtureReply('slowlog-get-1-redis-7.0.json')]],
]

const DOWN: Snapshot = {
  up: false,
  error: 'connect ECONNREFUSED 127.0.0.1:6379',
  info: {},
  replies: new Map(),
  unavailable: [],
  connectSeconds: 0.0031,
  roundTrips: 0,
}

const SCENARIOS: readonly [file: string, snapshot: Snapshot][] = [
  [
    'redis-7.0-standalone.prom',
    upSnapshot({
      info: parseInfo(fixtureText('info-redis-7.0.txt')),
      config: CONFIG,
      replies: ALL_REPLIES,
    }),
  ],
  [
    // A replica where CONFIG and LATENCY are refused (as on managed services): config_maxclients
    // and config_maxmemory come from INFO, the collectors report 0. The slowlog is empty.
    'redis-7.0-replica.prom',
    upSnapshot({
      info: parseInfo(fixtureText('info-redis-7.0-replica.txt')),
      replies: [
        ['latency_latest', [{ ok: false, error: "ERR unknown command 'LATENCY'" }]],
        ['slowlog_len', [{ ok: true, value: 0 }]],
        ['slowlog_get', [fixtureReply('slowlog-get-1-empty-redis-7.0.json')]],
      ],
      unavailable: ['config', 'latency_histogram'],
    }),
  ],
  [
    // The master once its replica is online, configured with `databases 4`.
    'redis-7.0-master-with-replica.prom',
    upSnapshot({
      info: parseInfo(fixtureText('info-redis-7.0-master-with-replica.txt')),
      config: { ...CONFIG, databases: '4' },
      replies: ALL_REPLIES,
    }),
  ],
  ['redis-7.0-down.prom', DOWN],
]

const GOLDEN_DIR = new URL('../../golden/', import.meta.url)

function render(snapshot: Snapshot, opts: Partial<BuildOptions> = {}): string {
  return renderPrometheus(buildFamilies(snapshot, SELF, { ...OPTS, ...opts }))
}

function parsed(snapshot: Snapshot, opts: Partial<BuildOptions> = {}): Map<string, ParsedFamily> {
  return parsePromText(render(snapshot, opts))
}

function scenario(file: string): Snapshot {
  const found = SCENARIOS.find(([f]) => f === file)
  if (!found) throw new Error(`no scenario ${file}`)
  return found[1]
}

function dbLabels(families: Map<string, ParsedFamily>): string[] {
  return (families.get('redis_db_keys')?.samples ?? []).map((s) => s.labels['db'] ?? '')
}

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

  it('labels instance_info with the server fields from INFO', () => {
    const samples = standalone.get('redis_instance_info')?.samples
    expect(samples).toEqual([
      {
        name: 'redis_instance_info',
        labels: {
          role: 'master',
          redis_version: '7.0.15',
          redis_build_id: 'ae4d7c971a948f0',
          redis_mode: 'standalone',
          os: 'Linux 6.18.44-fc-v669 x86_64',
          maxmemory_policy: 'noeviction',
          tcp_port: '26401',
          run_id: 'd9c12c921deabff51497120bef834eff9be21710',
          process_id: '9037',
          master_replid: 'a2108c0ef9b54398219913e30b893e1f659d7d61',
        },
        value: 1,
      },
    ])
  })

  it('writes the LATENCY HISTOGRAM buckets cumulative, with +Inf equal to _count', () => {
    const family = standalone.get('redis_commands_latencies_usec')
    expect(family?.type).toBe('histogram')
    const cmds = new Set(family?.samples.map((s) => s.labels['cmd']))
    expect(cmds.size).toBe(15)
    for (const cmd of cmds) {
      const buckets = (family?.samples ?? []).filter(
        (s) => s.name.endsWith('_bucket') && s.labels['cmd'] === cmd
      )
      const values = buckets.map((s) => s.value)
      expect(values, cmd).toEqual([...values].sort((a, b) => a - b))
      expect(buckets.at(-1)?.labels['le'], cmd).toBe('+Inf')
      const count = sampleValue(standalone, 'redis_commands_latencies_usec_count', { cmd: cmd! })
      expect(buckets.at(-1)?.value, cmd).toBe(count)
    }
  })

  it('omits the replica-only families on a master and the master-only ones on a replica', () => {
    expect(standalone.has('redis_slave_info')).toBe(false)
    expect(standalone.has('redis_master_link_up')).toBe(false)
    expect(standalone.has('redis_connected_slave_offset_bytes')).toBe(false)
    expect(replica.has('redis_connected_slave_offset_bytes')).toBe(false)
    expect(replica.has('redis_config_io_threads')).toBe(false)
    expect(replica.has('redis_commands_latencies_usec')).toBe(false)
  })
})

describe('buildFamilies keyspace zero-fill', () => {
  const standaloneInfo = parseInfo(fixtureText('info-redis-7.0.txt'))
  const range = (n: number) => Array.from({ length: n }, (_, i) => `db${i}`)

  it.each<[string, SnapshotParts, Partial<BuildOptions>, string[]]>([
    [
      'includeMetricsForEmptyDatabases false exports only the databases INFO lists',
      { info: standaloneInfo, config: CONFIG },
      { includeMetricsForEmptyDatabases: false },
      ['db0', 'db1', 'db3'],
    ],
    [
      'cluster_enabled:1 zero-fills only db0',
      { info: { cluster_enabled: '1' }, config: CONFIG },
      {},
      ['db0'],
    ],
    [
      'an unusable CONFIG databases falls back to 16',
      { info: standaloneInfo, config: { ...CONFIG, databases: 'abc' } },
      {},
      range(16),
    ],
    [
      'CONFIG databases 0 falls back to 16',
      { info: standaloneInfo, config: { ...CONFIG, databases: '0' } },
      {},
      range(16),
    ],
    [
      'CONFIG databases 2 still exports db3, which has keys',
      { info: standaloneInfo, config: { ...CONFIG, databases: '2' } },
      {},
      ['db0', 'db1', 'db3'],
    ],
    [
      'CONFIG databases 4 zero-fills db0..db3',
      { info: standaloneInfo, config: { ...CONFIG, databases: '4' } },
      {},
      ['db0', 'db1', 'db2', 'db3'],
    ],
    ['no CONFIG zero-fills db0..db15', { info: standaloneInfo }, {}, range(16)],
    [
      'CONFIG databases 256 zero-fills db0..db255',
      { info: standaloneInfo, config: { ...CONFIG, databases: '256' } },
      {},
      range(MAX_ZERO_FILL_DATABASES),
    ],
    [
      'CONFIG databases 100000 zero-fills only up to MAX_ZERO_FILL_DATABASES',
      { info: standaloneInfo, config: { ...CONFIG, databases: '100000' } },
      {},
      range(MAX_ZERO_FILL_DATABASES),
    ],
    [
      'CONFIG databases 100000 still exports db5000, which has keys',
      {
        info: { ...standaloneInfo, db5000: 'keys=1,expires=0,avg_ttl=0' },
        config: { ...CONFIG, databases: '100000' },
      },
      {},
      [...range(MAX_ZERO_FILL_DATABASES), 'db5000'],
    ],
  ])('%s', (_what, parts, opts, expected) => {
    const families = parsed(upSnapshot(parts), opts)
    expect(dbLabels(families)).toEqual(expected)
    for (const db of expected) {
      const keys = sampleValue(families, 'redis_db_keys', { db })
      const expiring = sampleValue(families, 'redis_db_keys_expiring', { db })
      expect(keys, db).toBeTypeOf('number')
      expect(expiring, db).toBeTypeOf('number')
    }
  })

  it('writes 0 keys and 0 expiring keys for a zero-filled database', () => {
    const families = parsed(upSnapshot({ info: standaloneInfo }))
    expect(sampleValue(families, 'redis_db_keys', { db: 'db7' })).toBe(0)
    expect(sampleValue(families, 'redis_db_keys_expiring', { db: 'db7' })).toBe(0)
    expect(sampleValue(families, 'redis_db_avg_ttl_seconds', { db: 'db7' })).toBeUndefined()
  })
})

describe('buildFamilies keyspace fields', () => {
  it.each<[string, string, Record<string, number | undefined>]>([
    [
      'a line without expires is skipped',
      'keys=5',
      { redis_db_keys: undefined, redis_db_keys_with_expiring_items: undefined },
    ],
    [
      'Redis 7.4 subexpiry',
      'keys=5,expires=1,avg_ttl=0,subexpiry=2',
      { redis_db_keys: 5, redis_db_keys_with_expiring_items: 2, redis_db_keys_cached: undefined },
    ],
    [
      'Valkey keys_with_volatile_items',
      'keys=5,expires=1,avg_ttl=0,keys_with_volatile_items=3',
      { redis_db_keys_with_expiring_items: 3, redis_db_keys_cached: undefined },
    ],
    [
      'KeyDB cached_keys',
      'keys=5,expires=1,avg_ttl=1500,cached_keys=4',
      {
        redis_db_keys_cached: 4,
        redis_db_keys_with_expiring_items: undefined,
        redis_db_avg_ttl_seconds: 1.5,
      },
    ],
  ])('reads %s', (_what, line, expected) => {
    const families = parsed(upSnapshot({ info: { db9: line } }), {
      includeMetricsForEmptyDatabases: false,
    })
    for (const [name, value] of Object.entries(expected)) {
      expect(sampleValue(families, name, { db: 'db9' }), name).toBe(value)
    }
  })
})

describe('buildFamilies INFO fields', () => {
  it.each<[string, number | undefined]>([
    ['', undefined],
    ['unknown', undefined],
    ['12abc', undefined],
    ['ok', 1],
    ['true', 1],
    ['err', 0],
    ['fail', 0],
    ['false', 0],
    ['-1', -1],
  ])('reads rdb_last_bgsave_status %j as %s', (raw, expected) => {
    const families = parsed(upSnapshot({ info: { rdb_last_bgsave_status: raw } }))
    expect(sampleValue(families, 'redis_rdb_last_bgsave_status')).toBe(expected)
  })

  it.each([
    ['instantaneous_ops_per_sec', '5940', 'redis_instantaneous_ops_per_sec'],
    ['redis_git_sha1', '00000000', 'redis_redis_git_sha1'],
    ['uptime_in_days', '0', 'redis_uptime_in_days'],
    ['used_memory_human', '1.18M', 'redis_used_memory_human'],
    ['lru_clock', '156934', 'redis_lru_clock'],
  ])('does not export %s, which no map or rule claims', (field, raw, name) => {
    const families = parsed(upSnapshot({ info: { [field]: raw } }))
    expect(families.has(name)).toBe(false)
    expect([...families.keys()].filter((n) => n.includes(field))).toEqual([])
  })

  it.each<[string, string, number]>([
    ['0', 'redis_latest_fork_seconds', 0],
    ['250000', 'redis_latest_fork_seconds', 0.25],
    ['1500000', 'redis_latest_fork_seconds', 1.5],
  ])('converts latest_fork_usec %s to seconds', (raw, name, expected) => {
    const families = parsed(upSnapshot({ info: { latest_fork_usec: raw } }))
    expect(families.has('redis_latest_fork_usec')).toBe(false)
    expect(sampleValue(families, name)).toBe(expected)
  })

  it.each([['10'], ['1234']])(
    'converts latest_fork_usec %s exactly as redis_exporter does (÷ 1e6)',
    (raw) => {
      const families = parsed(upSnapshot({ info: { latest_fork_usec: raw } }))
      expect(sampleValue(families, 'redis_latest_fork_seconds')).toBe(Number(raw) / 1e6)
    }
  )

  it.each<[boolean, number | undefined]>([
    [false, undefined],
    [true, 25276502016],
  ])('with includeSystemMetrics %s exports total_system_memory as %s', (include, expected) => {
    const info = parseInfo(fixtureText('info-redis-7.0.txt'))
    const families = parsed(upSnapshot({ info }), { includeSystemMetrics: include })
    expect(sampleValue(families, 'redis_total_system_memory_bytes')).toBe(expected)
  })

  it('passes cluster_* fields from CLUSTER INFO through as gauges, ok read as 1', () => {
    const info = { cluster_enabled: '1', ...parseInfo(fixtureText('cluster-info-redis-7.0.txt')) }
    const families = parsed(upSnapshot({ info }))
    expect(sampleValue(families, 'redis_cluster_state')).toBe(1)
    expect(sampleValue(families, 'redis_cluster_slots_assigned')).toBe(16384)
    expect(families.get('redis_cluster_known_nodes')?.type).toBe('gauge')
    expect(dbLabels(families)).toEqual(['db0'])
  })

  it.each<[string, number | undefined]>([
    ['garbage', undefined],
    ['1', 1795319046],
    ['0', 1795319047],
  ])('writes start_time_seconds for uptime_in_seconds %j', (uptime, expected) => {
    const families = parsed(upSnapshot({ info: { uptime_in_seconds: uptime } }))
    expect(sampleValue(families, 'redis_start_time_seconds')).toBe(expected)
  })
})

describe('buildFamilies CONFIG families', () => {
  it.each<
    [string, Readonly<Record<string, string>> | undefined, Record<string, number | undefined>]
  >([
    [
      'CONFIG unavailable: maxclients and maxmemory come from INFO, the others are absent',
      undefined,
      {
        redis_config_maxclients: 4064,
        redis_config_maxmemory: 104857600,
        redis_config_io_threads: undefined,
        redis_config_repl_backlog_size: undefined,
      },
    ],
    [
      'CONFIG available: its values win over INFO',
      { ...CONFIG, maxmemory: '2147483648' },
      {
        redis_config_maxclients: 10000,
        redis_config_maxmemory: 2147483648,
        redis_config_io_threads: 1,
        redis_config_repl_backlog_size: 1048576,
      },
    ],
  ])('%s', (_what, config, expected) => {
    const info = { maxclients: '4064', maxmemory: '104857600' }
    const families = parsed(upSnapshot({ info, ...(config ? { config } : {}) }))
    for (const [name, value] of Object.entries(expected)) {
      expect(sampleValue(families, name), name).toBe(value)
    }
  })

  it('writes hard and soft bytes and the soft seconds per client class', () => {
    const families = parsed(upSnapshot({ info: {}, config: CONFIG }))
    const bytes = families.get('redis_config_client_output_buffer_limit_bytes')?.samples ?? []
    expect(bytes.map((s) => [s.labels['class'], s.labels['limit'], s.value])).toEqual([
      ['normal', 'hard', 0],
      ['normal', 'soft', 0],
      ['slave', 'hard', 268435456],
      ['slave', 'soft', 67108864],
      ['pubsub', 'hard', 33554432],
      ['pubsub', 'soft', 8388608],
    ])
    const secs = families.get('redis_config_client_output_buffer_limit_overcome_seconds')?.samples
    expect(secs?.map((s) => [s.labels['class'], s.labels['limit'], s.value])).toEqual([
      ['normal', 'soft', 0],
      ['slave', 'soft', 60],
      ['pubsub', 'soft', 60],
    ])
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
