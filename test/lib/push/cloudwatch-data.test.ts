import { describe, expect, it } from 'vitest'
import { cloudWatchData, rateName } from '../../../lib/push/cloudwatch-data'
import { CW, families, family, result } from './families'

const T0 = 1_795_320_000_000
const previous = (
  over: Partial<Record<string, number>> = {},
  runId = 'run-1',
  at = T0 - 60_000
) => ({
  families: families(over),
  timestampMs: at,
  runId,
})
const byName = (r: ReturnType<typeof cloudWatchData>) =>
  Object.fromEntries(r.metrics.map((m) => [m.name, [m.value, m.unit]]))

describe('cloudWatchData', () => {
  it('after a cold start sends the default gauges only: no previous sample, no rates', () => {
    const data = cloudWatchData(result(), CW)
    expect(byName(data)).toEqual({
      redis_up: [1, 'None'],
      redis_memory_used_bytes: [1_048_576, 'Bytes'],
      redis_memory_max_bytes: [0, 'Bytes'],
      redis_mem_fragmentation_ratio: [1.5, 'None'],
      redis_connected_clients: [3, 'Count'],
      redis_db_keys: [15, 'Count'],
      redis_connected_slave_lag_seconds: [4, 'Seconds'],
    })
    expect(data.dimensions).toEqual({ target: 'cache:6379', role: 'master' })
    expect(data.timestampMs).toBe(T0)
  })

  it('in a warm container sends counters as per-second rates over the time between samples', () => {
    const data = cloudWatchData(
      result({
        families: families({ commands: 1600, hits: 130, netin: 65_000 }),
        previous: previous(),
      }),
      CW
    )
    expect(byName(data)).toMatchObject({
      redis_commands_processed_per_second: [10, 'Count/Second'],
      redis_keyspace_hits_per_second: [0.5, 'Count/Second'],
      redis_net_input_bytes_per_second: [1000, 'Bytes/Second'],
    })
    expect(Object.keys(byName(data))).not.toContain('redis_commands_processed_total')
  })

  it.each([
    ['the server restarted (run_id changed)', previous({}, 'run-0')],
    ['the previous sample is under 1 s old', previous({}, 'run-1', T0 - 500)],
  ])('leaves the rates out when %s', (_why, prev) => {
    const data = cloudWatchData(
      result({ families: families({ commands: 1600 }), previous: prev }),
      CW
    )
    expect(data.metrics.filter((m) => m.name.endsWith('_per_second'))).toEqual([])
    expect(data.metrics.map((m) => m.name)).toContain('redis_up')
  })

  it.each<[string, (f: ReturnType<typeof families>) => ReturnType<typeof families>]>([
    ['in the same order', (f) => f],
    ['in another order', (f) => [...f].reverse()],
    ['with families missing or added', (f) => [family('redis_other', 'gauge', 1), ...f.slice(2)]],
  ])('finds the previous sample of each counter %s', (_how, reorder) => {
    const now = families({ commands: 1600, hits: 130, netin: 65_000 })
    const before = previous()
    const data = cloudWatchData(
      result({ families: now, previous: { ...before, families: reorder(before.families) } }),
      CW
    )
    const expected = cloudWatchData(result({ families: now, previous: before }), CW)
    const rates = (d: typeof data) => d.metrics.filter((m) => m.name.endsWith('_per_second'))
    expect(rates(expected).length).toBeGreaterThan(2)
    const kept = new Set(reorder(before.families).map((f) => f.name))
    expect(rates(data)).toEqual(
      rates(expected).filter((m) => kept.has(m.name.replace('_per_second', '_total')))
    )
  })

  it('leaves one rate out when its counter went backwards, keeping the others', () => {
    const data = cloudWatchData(
      result({ families: families({ commands: 900, hits: 160 }), previous: previous() }),
      CW
    )
    const names = data.metrics.map((m) => m.name)
    expect(names).not.toContain('redis_commands_processed_per_second')
    expect(byName(data)['redis_keyspace_hits_per_second']).toEqual([1, 'Count/Second'])
  })

  it('widens with include globs, narrows with exclude globs (exclude wins)', () => {
    const data = cloudWatchData(
      result({ families: families({ gets: 190 }), previous: previous() }),
      {
        ...CW,
        include: ['redis_commands_total', 'redis_uptime*'],
        exclude: ['redis_mem*', 'redis_up'],
      }
    )
    const names = byName(data)
    expect(names['redis_commands_per_second']).toEqual([2, 'Count/Second'])
    expect(names['redis_uptime_in_seconds']).toEqual([3600, 'Seconds'])
    expect(names['redis_memory_used_bytes']).toBeUndefined()
    expect(names['redis_mem_fragmentation_ratio']).toBeUndefined()
    expect(names['redis_up']).toBeUndefined()
  })

  it('never sends summaries, histograms or _info families, even with include *', () => {
    const names = cloudWatchData(result(), { ...CW, include: ['*'] }).metrics.map((m) => m.name)
    expect(names).not.toContain('redis_exporter_scrape_duration_seconds')
    expect(names).not.toContain('redis_instance_info')
    expect(names).toContain('redis_uptime_in_seconds')
  })

  it('drops NaN and infinite values', () => {
    const fams = [
      family('redis_up', 'gauge', 1),
      family('redis_mem_fragmentation_ratio', 'gauge', NaN),
      family('redis_memory_used_bytes', 'gauge', Infinity),
      family('redis_connected_clients', 'gauge', 2 ** 400),
    ]
    expect(cloudWatchData(result({ families: fams }), CW).metrics.map((m) => m.name)).toEqual([
      'redis_up',
    ])
  })

  it('keeps the last known role for a target that is down, else says unknown', () => {
    const down = [family('redis_up', 'gauge', 0)]
    expect(cloudWatchData(result({ up: false, families: down }), CW).dimensions['role']).toBe(
      'master'
    )
    const { role: _r, ...noRole } = result({ up: false, families: down })
    expect(cloudWatchData(noRole, CW).dimensions['role']).toBe('unknown')
  })

  it('orders dimensions target, role, then the user dimensions', () => {
    const data = cloudWatchData(result({ dimensions: { env: 'prod', team: 'x' } }), CW)
    expect(Object.keys(data.dimensions)).toEqual(['target', 'role', 'env', 'team'])
  })

  it('honours a custom core namespace for the default set', () => {
    const fams = [family('cache_up', 'gauge', 1), family('cache_connected_clients', 'gauge', 7)]
    const data = cloudWatchData(result({ families: fams }), { ...CW, metricPrefix: 'cache_' })
    expect(byName(data)).toEqual({ cache_up: [1, 'None'], cache_connected_clients: [7, 'Count'] })
  })

  it('names the rate of a counter after the family', () => {
    expect(rateName('redis_net_output_bytes_total')).toBe('redis_net_output_bytes_per_second')
    expect(rateName('redis_total_error_replies')).toBe('redis_total_error_replies_per_second')
  })
})

describe('cloudWatchData: per-key data points', () => {
  const queues = family(
    'redis_key_size',
    'gauge',
    [{ db: 'db0', key: 'queue:emails' }, 3],
    [{ db: 'db0', key: 'queue:sms' }, 5],
    [{ db: 'db1', key: 'celery' }, 7]
  )
  const lag = family('redis_stream_group_lag', 'gauge', [
    { db: 'db0', stream: 'events', group: 'workers' },
    2,
  ])
  const include = { ...CW, include: ['redis_key_*', 'redis_stream_*'] }
  const keyData = (r: ReturnType<typeof cloudWatchData>) =>
    r.metrics.filter((m) => m.dimensions).map((m) => [m.name, m.dimensions, m.value])

  it('sends each key with its db and key dimensions, and the sum per target', () => {
    const data = cloudWatchData(result({ families: [queues, lag] }), include)
    expect(data.metrics.filter((m) => !m.dimensions).map((m) => [m.name, m.value])).toEqual([
      ['redis_key_size', 15],
      ['redis_stream_group_lag', 2],
    ])
    expect(keyData(data)).toEqual([
      ['redis_key_size', { db: 'db0', key: 'queue:emails' }, 3],
      ['redis_key_size', { db: 'db0', key: 'queue:sms' }, 5],
      ['redis_key_size', { db: 'db1', key: 'celery' }, 7],
      ['redis_stream_group_lag', { db: 'db0', stream: 'events', group: 'workers' }, 2],
    ])
    expect(data.warnings).toBeUndefined()
  })

  it('sends only what is selected', () => {
    const data = cloudWatchData(result({ families: [queues, lag] }), CW)
    expect(data.metrics.some((m) => m.name === 'redis_key_size')).toBe(false)
  })

  it('caps the per-key data points of a target, naming the setting in a warning', () => {
    const data = cloudWatchData(result({ families: [queues, lag] }), {
      ...include,
      maxKeyMetrics: 2,
    })
    expect(keyData(data).map(([, dims]) => dims)).toEqual([
      { db: 'db0', key: 'queue:emails' },
      { db: 'db0', key: 'queue:sms' },
    ])
    expect(data.warnings).toEqual([
      expect.stringMatching(
        /^target cache:6379: 2 per-key data points left out \(at most 2 per target; raise REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS/
      ),
    ])
  })

  it('sends only the sums with REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS=0', () => {
    const data = cloudWatchData(result({ families: [queues] }), { ...include, maxKeyMetrics: 0 })
    expect(data.metrics.map((m) => [m.name, m.value, m.dimensions])).toEqual([
      ['redis_key_size', 15, undefined],
    ])
    expect(data.warnings).toBeUndefined()
  })

  it('never sends a string value, a counter or a family without keys per key', () => {
    const data = cloudWatchData(
      result({
        families: [
          family('redis_key_value_as_string', 'gauge', [{ db: 'db0', key: 'k', val: 'hi' }, 1]),
          family('redis_stream_entries_added_total', 'counter', [
            { db: 'db0', stream: 'events' },
            9,
          ]),
          family('redis_db_keys', 'gauge', [{ db: 'db0' }, 10]),
        ],
      }),
      { ...CW, include: ['*'] }
    )
    expect(keyData(data)).toEqual([])
  })

  it('writes odd key names safely: control characters escaped, cut to 1024 bytes', () => {
    const long = 'é'.repeat(600)
    const data = cloudWatchData(
      result({
        families: [
          family(
            'redis_key_size',
            'gauge',
            [{ db: 'db0', key: 'a\nb\u0007' }, 1],
            [{ db: 'db0', key: long }, 2]
          ),
        ],
      }),
      include
    )
    const keys = keyData(data).map(([, dims]) => (dims as Record<string, string>)['key']!)
    expect(keys[0]).toBe('a\\x0ab\\x07')
    expect(keys[1]).toBe('é'.repeat(512))
  })

  it('leaves per-key data points out when their dimensions would pass 30, saying so', () => {
    const dims = Object.fromEntries(Array.from({ length: 27 }, (_, i) => [`d${i}`, 'x']))
    const data = cloudWatchData(result({ dimensions: dims, families: [queues] }), include)
    expect(keyData(data)).toEqual([])
    expect(data.metrics.map((m) => m.name)).toEqual(['redis_key_size'])
    expect(data.warnings?.[0]).toMatch(
      /3 per-key data points left out: .* exceed CloudWatch's 30 \(use fewer REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS\)/
    )
  })
})
