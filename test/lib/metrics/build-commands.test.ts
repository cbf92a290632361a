import { describe, expect, it } from 'vitest'
import { FamilySet } from '../../../lib/metrics/family-set'
import { addCommandFamilies, addSlowlog } from '../../../lib/metrics/build-commands'
import { renderPrometheus } from '../../../lib/render/prometheus'
import { sampleValue } from '../../helpers/prom-text'
import { parsed, scenario } from './build-fixtures'

describe('command families on the real captures', () => {
  const standalone = parsed(scenario('redis-7.0-standalone.prom'))

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
})

describe('addCommandFamilies', () => {
  it('writes the latencystats quantiles, then _sum and _count from commandstats', () => {
    const set = new FamilySet('redis')
    addCommandFamilies(set, {
      cmdstat_get: 'calls=4,usec=20,usec_per_call=5.00,rejected_calls=0,failed_calls=1',
      latency_percentiles_usec_get: 'p50=1.003,p99=2.007',
      latency_percentiles_usec_set: 'p50=9',
    })
    const text = renderPrometheus(set.list())
    expect(text).toContain(
      [
        'redis_latency_percentiles_usec{cmd="get",quantile="50"} 1.003',
        'redis_latency_percentiles_usec{cmd="get",quantile="99"} 2.007',
        'redis_latency_percentiles_usec_sum{cmd="get"} 20',
        'redis_latency_percentiles_usec_count{cmd="get"} 4',
      ].join('\n')
    )
    // No commandstats for set: no summary for it.
    expect(text).not.toContain('cmd="set"')
  })
})

describe('addSlowlog', () => {
  it.each<[string, Parameters<typeof addSlowlog>[1], Parameters<typeof addSlowlog>[2], string[]]>([
    ['both failed', { ok: false, error: 'ERR' }, { ok: false, error: 'ERR' }, []],
    ['only the length', { ok: true, value: 4 }, undefined, ['redis_slowlog_length']],
    [
      'an empty slow log',
      { ok: true, value: 0 },
      { ok: true, value: [] },
      [
        'redis_last_slow_execution_duration_seconds',
        'redis_slowlog_last_id',
        'redis_slowlog_length',
      ],
    ],
  ])('%s', (_what, len, last, names) => {
    const set = new FamilySet('redis')
    addSlowlog(set, len, last)
    expect(set.list().map((f) => f.name)).toEqual(names)
  })
})
