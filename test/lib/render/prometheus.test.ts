import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from '../../../lib/render/prometheus'
import type { MetricFamily } from '../../../lib/types'
import { renderWithPromClient } from '../../helpers/prom-client-render'

const CASES: [string, MetricFamily[]][] = [
  ['no families', []],
  [
    'a plain gauge',
    [{ name: 'redis_up', help: 'up', type: 'gauge', samples: [{ labels: {}, value: 1 }] }],
  ],
  [
    'a labelled counter with many series and odd numbers',
    [
      {
        name: 'redis_commands_total',
        help: 'Total calls per command (INFO commandstats).',
        type: 'counter',
        samples: [
          { labels: { cmd: 'config|get' }, value: 4 },
          { labels: { cmd: 'get' }, value: 1.567976e6 },
          { labels: { cmd: 'set' }, value: 0.000001 },
          { labels: { cmd: 'big' }, value: 1e21 },
          { labels: { cmd: 'neg' }, value: -3.5 },
          { labels: { cmd: 'inf' }, value: Infinity },
          { labels: { cmd: 'ninf' }, value: -Infinity },
        ],
      },
    ],
  ],
  [
    'escapes in help and label values',
    [
      {
        name: 'redis_exporter_last_scrape_error',
        help: 'Help with a backslash \\ and a\nnewline',
        type: 'gauge',
        samples: [{ labels: { err: 'ERR "quoted" \\ back\nslash' }, value: 1 }],
      },
    ],
  ],
  [
    'a summary with quantiles, sum and count, next to a histogram',
    [
      {
        name: 'redis_latency_percentiles_usec',
        help: 'A summary of latency percentiles per command.',
        type: 'summary',
        samples: [
          { labels: { cmd: 'eval', quantile: '50' }, value: 25.023 },
          { labels: { cmd: 'eval', quantile: '99.9' }, value: 25690.111 },
          { labels: { cmd: 'eval' }, value: 25785, suffix: '_sum' },
          { labels: { cmd: 'eval' }, value: 3, suffix: '_count' },
        ],
      },
      {
        name: 'redis_commands_latencies_usec',
        help: 'A histogram of latencies per command.',
        type: 'histogram',
        samples: [
          { labels: { cmd: 'get', le: '1' }, value: 0, suffix: '_bucket' },
          { labels: { cmd: 'get', le: '2' }, value: 3, suffix: '_bucket' },
          { labels: { cmd: 'get', le: '+Inf' }, value: 3, suffix: '_bucket' },
          { labels: { cmd: 'get' }, value: 7, suffix: '_sum' },
          { labels: { cmd: 'get' }, value: 3, suffix: '_count' },
        ],
      },
    ],
  ],
]

describe('renderPrometheus', () => {
  it.each(CASES)('is byte-identical to prom-client for %s', async (_name, families) => {
    expect(renderPrometheus(families)).toBe(await renderWithPromClient(families))
  })

  it('writes NaN as NaN where prom-client writes Nan (the one deliberate difference)', async () => {
    const families: MetricFamily[] = [
      { name: 'x', help: 'h', type: 'gauge', samples: [{ labels: {}, value: Number.NaN }] },
    ]
    const ours = renderPrometheus(families)
    const theirs = await renderWithPromClient(families)
    expect(ours).toBe('# HELP x h\n# TYPE x gauge\nx NaN\n')
    expect(theirs).toBe(ours.replace('NaN', 'Nan'))
  })

  it('uses the 0.0.4 content type', () => {
    expect(PROMETHEUS_CONTENT_TYPE).toBe(Registry.PROMETHEUS_CONTENT_TYPE)
  })
})
