import { describe, expect, it } from 'vitest'
import { parseLatencyHistogram } from '../../../lib/parse/latency-histogram'
import type { CommandHistogram } from '../../../lib/parse/latency-histogram'
import { fixtureJson, GARBAGE } from './fixture'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('parseLatencyHistogram', () => {
  it.each<[string, unknown, CommandHistogram[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, CommandHistogram[]] => [name, x, []]),
    ['an error string', 'ERR unknown subcommand', []],
    ['a dangling command name', ['get'], []],
    ['details that are not a map', ['get', 'calls'], []],
    ['calls missing', ['get', ['histogram_usec', [1, 1]]], []],
    ['calls does not parse', ['get', ['calls', 'many', 'histogram_usec', [1, 1]]], []],
    ['an empty command name', ['', ['calls', 1, 'histogram_usec', [1, 1]]], []],
    ['a non-string command name', [{}, ['calls', 1, 'histogram_usec', [1, 1]]], []],
    ['no histogram_usec', ['get', ['calls', 0]], [{ cmd: 'get', calls: 0, buckets: [] }]],
    [
      'bucket pairs that do not parse are skipped, a dangling le dropped',
      ['get', ['calls', 3, 'histogram_usec', [1, 1, 'x', 2, 4, null, 8, 3, 16]]],
      [
        {
          cmd: 'get',
          calls: 3,
          buckets: [
            { le: 1, count: 1 },
            { le: 8, count: 3 },
          ],
        },
      ],
    ],
    [
      'unknown detail keys ignored, buckets sorted by le',
      ['set', ['future', 1, 'histogram_usec', [4, 2, 1, 1], 'calls', 2]],
      [
        {
          cmd: 'set',
          calls: 2,
          buckets: [
            { le: 1, count: 1 },
            { le: 4, count: 2 },
          ],
        },
      ],
    ],
    [
      'RESP2 with bytes and numeric strings',
      [bytes('config|get'), [bytes('calls'), '2', bytes('histogram_usec'), ['16', '2']]],
      [{ cmd: 'config|get', calls: 2, buckets: [{ le: 16, count: 2 }] }],
    ],
    [
      'RESP3 as Maps',
      new Map<unknown, unknown>([
        [
          'get',
          new Map<unknown, unknown>([
            ['calls', 7],
            [
              'histogram_usec',
              new Map<unknown, unknown>([
                [2, 6],
                [1, 5],
                [4, 7],
              ]),
            ],
          ]),
        ],
      ]),
      [
        {
          cmd: 'get',
          calls: 7,
          buckets: [
            { le: 1, count: 5 },
            { le: 2, count: 6 },
            { le: 4, count: 7 },
          ],
        },
      ],
    ],
    [
      'RESP3 as plain objects',
      { get: { calls: 2, histogram_usec: { '8': 1, '16': 2 } } },
      [
        {
          cmd: 'get',
          calls: 2,
          buckets: [
            { le: 8, count: 1 },
            { le: 16, count: 2 },
          ],
        },
      ],
    ],
    ['empty reply', [], []],
  ])('%s', (_name, reply, expected) => {
    expect(() => parseLatencyHistogram(reply)).not.toThrow()
    expect(parseLatencyHistogram(reply)).toEqual(expected)
  })

  it('handles a huge reply (5k commands x 40 buckets)', () => {
    const reply: unknown[] = []
    for (let c = 0; c < 5_000; c++) {
      const h: number[] = []
      for (let b = 0; b < 40; b++) h.push(2 ** b, b + 1)
      reply.push(`cmd${c}`, ['calls', 40, 'histogram_usec', h])
    }
    const out = parseLatencyHistogram(reply)
    expect(out).toHaveLength(5_000)
    expect(out[4_999]?.buckets).toHaveLength(40)
    expect(out[4_999]?.buckets[39]).toEqual({ le: 2 ** 39, count: 40 })
  })

  describe('real LATENCY HISTOGRAM from redis-server 7.0.15', () => {
    const hist = parseLatencyHistogram(fixtureJson('latency-histogram-redis-7.0.json'))
    const byCmd = new Map(hist.map((h) => [h.cmd, h]))

    it('reads the eval spread over three buckets (0 ms, 2x ~2 ms, ~20 ms)', () => {
      expect(byCmd.get('eval')).toEqual({
        cmd: 'eval',
        calls: 4,
        buckets: [
          { le: 66, count: 1 },
          { le: 2113, count: 3 },
          { le: 33816, count: 4 },
        ],
      })
    })

    it('names subcommands with |', () => {
      expect(byCmd.get('config|get')).toEqual({
        cmd: 'config|get',
        calls: 1,
        buckets: [{ le: 8, count: 1 }],
      })
      expect(byCmd.has('client|setname')).toBe(true)
    })

    it('has cumulative counts: non-decreasing, last bucket = calls', () => {
      expect(hist.length).toBeGreaterThan(10)
      for (const h of hist) {
        const counts = h.buckets.map((b) => b.count)
        expect(counts).toEqual([...counts].sort((a, b) => a - b))
        expect(counts.at(-1)).toBe(h.calls)
      }
    })
  })
})
