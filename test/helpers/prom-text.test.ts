import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { labelNames, parsePromText, parsePromValue, sampleValue } from './prom-text'

const REFERENCE = '/work/shared/reference/redis_exporter-1.45/default.prom'
const hasReference = existsSync(REFERENCE)

describe('parsePromValue', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['-3.5', -3.5],
    ['1.567976e+06', 1567976],
    ['1.795316697e+09', 1795316697],
    ['2.5E-3', 0.0025],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['.5', 0.5],
  ])('%s → %d', (token, value) => {
    expect(parsePromValue(token)).toBe(value)
  })

  it('NaN', () => {
    expect(parsePromValue('NaN')).toBeNaN()
  })

  it.each(['', 'abc', '0x10', '1,5', 'inf'])('rejects %j', (token) => {
    expect(() => parsePromValue(token)).toThrow(/invalid value/)
  })
})

describe('parsePromText', () => {
  it('parses families, HELP escapes, label escapes and timestamps', () => {
    const text = [
      '# HELP a_total Counts \\\\ things\\nsecond line',
      '# TYPE a_total counter',
      'a_total{path="C:\\\\dir",q="say \\"hi\\"",nl="x\\ny",} 3 1700000000000',
      'a_total{ path = "b" } 4',
      '# a plain comment',
      '',
      '# TYPE g gauge',
      'g NaN',
      'g{x="1"} -Inf',
    ].join('\n')
    const f = parsePromText(text)
    expect([...f.keys()]).toEqual(['a_total', 'g'])
    const a = f.get('a_total')
    expect(a?.type).toBe('counter')
    expect(a?.help).toBe('Counts \\ things\nsecond line')
    expect(a?.samples[0]).toEqual({
      name: 'a_total',
      labels: { path: 'C:\\dir', q: 'say "hi"', nl: 'x\ny' },
      value: 3,
      timestamp: 1700000000000,
    })
    expect(a?.samples[1]?.labels).toEqual({ path: 'b' })
    expect(f.get('g')?.samples[0]?.value).toBeNaN()
    expect(f.get('g')?.samples[1]?.value).toBe(-Infinity)
  })

  it('attaches _sum/_count to summaries and _bucket too to histograms, not to gauges', () => {
    const text = `# TYPE s summary
s{cmd="get",quantile="50"} 1
s{cmd="get",quantile="99.9"} 2
s_sum{cmd="get"} 10
s_count{cmd="get"} 5
# TYPE h histogram
h_bucket{le="1"} 1
h_bucket{le="+Inf"} 2
h_sum 3
h_count 2
# TYPE g gauge
g 1
g_sum 2
stray 7
`
    const f = parsePromText(text)
    expect(f.get('s')?.samples.map((x) => x.name)).toEqual(['s', 's', 's_sum', 's_count'])
    expect(f.get('h')?.samples.map((x) => x.name)).toEqual([
      'h_bucket',
      'h_bucket',
      'h_sum',
      'h_count',
    ])
    expect(f.get('g')?.samples).toHaveLength(1)
    expect(f.get('g_sum')?.type).toBe('untyped')
    expect(f.get('stray')).toEqual({
      name: 'stray',
      type: 'untyped',
      samples: [{ name: 'stray', labels: {}, value: 7 }],
    })
    expect(labelNames(f.get('s')!)).toEqual(['cmd'])
    expect(labelNames(f.get('h')!)).toEqual([])
    expect(sampleValue(f, 's', { cmd: 'get', quantile: '99.9' })).toBe(2)
    expect(sampleValue(f, 's_sum', { cmd: 'get' })).toBe(10)
    expect(sampleValue(f, 'h_bucket', { le: '+Inf' })).toBe(2)
    expect(sampleValue(f, 'h_count')).toBe(2)
    expect(sampleValue(f, 'nope')).toBeUndefined()
    expect(sampleValue(f, 's', { cmd: 'set' })).toBeUndefined()
    expect(() => sampleValue(f, 's', { cmd: 'get' })).toThrow(/ambiguous/)
  })

  it.each([
    ['a{x="1} 1', /unterminated/],
    ['a{x=1} 1', /expected '"'/],
    ['a{x="\\t"} 1', /invalid escape/],
    ['a{x="1",x="2"} 1', /duplicate label/],
    ['a 1 2 3', /trailing data/],
    ['a one', /invalid value/],
    ['a', /expected a blank/],
    ['1a 1', /invalid metric name/],
    ['# TYPE a counter\n# TYPE a counter', /second TYPE/],
    ['# TYPE a countr', /unknown metric type/],
    ['a 1\n# TYPE a gauge', /after its samples/],
  ])('rejects %j', (text, error) => {
    expect(() => parsePromText(text)).toThrow(error)
  })

  it('reports the line number', () => {
    expect(() => parsePromText('a 1\nb 2\nc x')).toThrow(/^prom text line 3:/)
  })
})

describe.skipIf(!hasReference)('the reference capture (redis_exporter 1.45 default.prom)', () => {
  const text = hasReference ? readFileSync(REFERENCE, 'utf8') : ''
  const f = parsePromText(text)

  it('has the documented shape: 161 families, 432 samples', () => {
    expect(f.size).toBe(161)
    const samples = [...f.values()].reduce((n, fam) => n + fam.samples.length, 0)
    expect(samples).toBe(432)
    const types = [...f.values()].map((fam) => fam.type)
    expect(types.filter((t) => t === 'gauge')).toHaveLength(124)
    expect(types.filter((t) => t === 'counter')).toHaveLength(34)
    expect(types.filter((t) => t === 'summary')).toHaveLength(3)
    expect([...f.values()].every((fam) => fam.help !== undefined)).toBe(true)
  })

  it.each([
    ['redis_up', {}, 1],
    ['redis_db_keys', { db: 'db0' }, 10],
    ['redis_db_keys', { db: 'db1' }, 3],
    ['redis_db_avg_ttl_seconds', { db: 'db0' }, 3589.798],
    ['redis_commands_total', { cmd: 'config|set' }, 4],
    ['redis_latency_percentiles_usec', { cmd: 'eval', quantile: '99' }, 25690.111],
    ['redis_latency_percentiles_usec_sum', { cmd: 'eval' }, 25785],
    ['redis_latency_percentiles_usec_count', { cmd: 'eval' }, 3],
    ['redis_errors_total', { err: 'ERR' }, 4],
    ['redis_latency_spike_last', { event_name: 'command' }, 1.795316697e9],
    ['redis_memory_used_bytes', {}, 1567976],
    ['redis_exporter_last_scrape_error', { err: '' }, 0],
  ] as const)('%s%j = %d', (name, labels, value) => {
    expect(sampleValue(f, name, labels)).toBe(value)
  })

  it('knows types and label names', () => {
    expect(f.get('redis_latency_percentiles_usec')?.type).toBe('summary')
    expect(f.get('redis_expired_time_cap_reached_total')?.type).toBe('gauge')
    expect(labelNames(f.get('redis_latency_percentiles_usec')!)).toEqual(['cmd'])
    expect(labelNames(f.get('redis_instance_info')!)).toEqual([
      'maxmemory_policy',
      'os',
      'process_id',
      'redis_build_id',
      'redis_mode',
      'redis_version',
      'role',
      'run_id',
      'tcp_port',
    ])
    expect(f.get('redis_db_keys')?.samples).toHaveLength(16)
  })
})
