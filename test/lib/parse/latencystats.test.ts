import { describe, expect, it } from 'vitest'
import { parseInfo } from '../../../lib/parse/info'
import { parseLatencystats } from '../../../lib/parse/latencystats'
import type { LatencyPercentiles } from '../../../lib/parse/latencystats'
import { fixtureText, GARBAGE } from './fixture'

const P = 'latency_percentiles_usec_'

describe('parseLatencystats', () => {
  it.each<[string, unknown, LatencyPercentiles[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, LatencyPercentiles[]] => [name, x, []]),
    ['no latencystats section (Redis < 7)', { redis_version: '6.2.0' }, []],
    ['an empty cmd', { [P]: 'p50=1' }, []],
    ['an empty value', { [`${P}get`]: '' }, []],
    ['a non-string value', { [`${P}get`]: 1 }, []],
    ['no quantile parses', { [`${P}get`]: 'p50=x,pxx=1,50=1,p=1' }, []],
    [
      'keys and values trimmed as a k=v list trims them',
      { [`${P}get`]: ' p50 =1,p 50=2,\u00a0p99=3,p=4,=5,x50=6,p50= 7 ,p99.9=1e3, =8' },
      [
        {
          cmd: 'get',
          quantiles: [
            { quantile: '50', value: 1 },
            { quantile: ' 50', value: 2 },
            { quantile: '99', value: 3 },
            { quantile: '50', value: 7 },
            { quantile: '99.9', value: 1000 },
          ],
        },
      ],
    ],
    [
      'truncated after a quantile',
      { [`${P}get`]: 'p50=1.003,p9' },
      [{ cmd: 'get', quantiles: [{ quantile: '50', value: 1.003 }] }],
    ],
    [
      'quantiles in the order given, label without the p',
      { [`${P}get`]: 'p99.9=3.007,p50=1.003,p99=3.007' },
      [
        {
          cmd: 'get',
          quantiles: [
            { quantile: '99.9', value: 3.007 },
            { quantile: '50', value: 1.003 },
            { quantile: '99', value: 3.007 },
          ],
        },
      ],
    ],
    [
      'subcommands keep the |',
      { [`${P}config|get`]: 'p50=12.031' },
      [{ cmd: 'config|get', quantiles: [{ quantile: '50', value: 12.031 }] }],
    ],
  ])('%s', (_name, info, expected) => {
    expect(() => parseLatencystats(info as never)).not.toThrow()
    expect(parseLatencystats(info as never)).toEqual(expected)
  })

  it('reads the real redis-server 7.0.15 latencystats', () => {
    const stats = parseLatencystats(parseInfo(fixtureText('info-redis-7.0.txt')))
    expect(stats).toHaveLength(13)
    expect(stats.find((s) => s.cmd === 'eval')).toEqual({
      cmd: 'eval',
      quantiles: [
        { quantile: '50', value: 2023.423 },
        { quantile: '99', value: 20054.015 },
        { quantile: '99.9', value: 20054.015 },
      ],
    })
    expect(stats.find((s) => s.cmd === 'config|get')?.quantiles[0]).toEqual({
      quantile: '50',
      value: 7.007,
    })
  })
})
