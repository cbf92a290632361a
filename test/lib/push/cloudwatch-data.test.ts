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
