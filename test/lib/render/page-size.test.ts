import { describe, expect, it } from 'vitest'
import {
  MAX_VALUE_CHARS,
  escapedBytes,
  headerBytes,
  labelBytes,
  sampleLineBytes,
} from '../../../lib/render/page-size'
import { formatValue, renderPrometheus } from '../../../lib/render/prometheus'
import type { MetricFamily } from '../../../lib/types'

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

/** The label value as the renderer writes it, between the quotes. */
function renderedValue(value: string): string {
  const page = renderPrometheus([
    { name: 'm', help: 'h', type: 'gauge', samples: [{ labels: { l: value }, value: 1 }] },
  ])
  return page.slice(page.indexOf('{l="') + 4, page.lastIndexOf('"}'))
}

describe('escapedBytes', () => {
  it.each([
    ['plain ASCII', 'config|get', 10],
    ['empty', '', 0],
    ['quote, backslash and newline take two bytes each', 'a"b\\c\nd', 10],
    ['a tab is one byte', 'a\tb', 3],
    ['two-byte UTF-8', 'é', 2],
    ['three-byte UTF-8 (U+FFFD, what invalid bytes decode to)', '\uFFFD', 3],
  ])('%s', (_what, text, expected) => {
    expect(escapedBytes(text)).toBe(expected)
    expect(escapedBytes(text)).toBeGreaterThanOrEqual(bytes(renderedValue(text)))
  })

  it('is never below the bytes the renderer writes, whatever the text', () => {
    // Every UTF-16 unit class: controls, specials, ASCII, 2- and 3-byte, surrogate pairs and lone halves.
    const units = [0, 9, 10, 13, 34, 65, 92, 127, 0xe9, 0x7ff, 0x800, 0xfffd, 0xd83d, 0xde00]
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let i = 0; i < 2_000; i++) {
      const length = next() % 40
      const text = String.fromCharCode(
        ...Array.from({ length }, () => units[next() % units.length]!)
      )
      expect(escapedBytes(text), JSON.stringify(text)).toBeGreaterThanOrEqual(
        bytes(renderedValue(text))
      )
    }
  })
})

describe('MAX_VALUE_CHARS', () => {
  it.each([
    -0.0000012345678901234567,
    -1.2345678901234567e-308,
    -Number.MAX_VALUE,
    -123456789012345680000,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    NaN,
    -Infinity,
    0.1 + 0.2,
  ])('covers formatValue(%d)', (value) => {
    expect(formatValue(value).length).toBeLessThanOrEqual(MAX_VALUE_CHARS)
  })
})

describe('page bounds', () => {
  it('add up to at least the rendered page', () => {
    const families: MetricFamily[] = [
      {
        name: 'redis_commands_total',
        help: 'Total number of calls per command ("cmd"), with a \\ and a newline\n.',
        type: 'counter',
        samples: [
          { labels: { cmd: 'get' }, value: 7 },
          { labels: { cmd: 'config|get"\n' }, value: -0.0000012345678901234567 },
        ],
      },
      {
        name: 'redis_latency_percentiles_usec',
        help: 'Latency percentiles.',
        type: 'summary',
        samples: [
          { labels: { cmd: 'é', quantile: '50' }, value: 1.5 },
          { labels: { cmd: 'é' }, value: 3, suffix: '_sum' },
        ],
      },
      { name: 'redis_up', help: 'Up.', type: 'gauge', samples: [{ labels: {}, value: 1 }] },
    ]
    let bound = 1
    for (const f of families) {
      bound += headerBytes(f.name, f.help, f.type)
      for (const s of f.samples) {
        bound += sampleLineBytes(f.name, s.suffix ?? '')
        for (const [k, v] of Object.entries(s.labels)) bound += labelBytes(k, v)
      }
    }
    expect(bound).toBeGreaterThanOrEqual(bytes(renderPrometheus(families)))
  })
})
