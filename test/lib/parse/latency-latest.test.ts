import { describe, expect, it } from 'vitest'
import { parseLatencyLatest } from '../../../lib/parse/latency-latest'
import type { LatencyEvent } from '../../../lib/parse/latency-latest'
import { fixtureJson, GARBAGE } from './fixture'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('parseLatencyLatest', () => {
  it.each<[string, unknown, LatencyEvent[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, LatencyEvent[]] => [name, x, []]),
    ['an error string', 'ERR unknown command', []],
    ['a flat array instead of rows', ['command', 1, 20, 20], []],
    ['an empty row', [[]], []],
    ['a truncated row', [['command', 1700000000, 20]], []],
    ['an empty event name', [['', 1700000000, 20, 20]], []],
    ['a non-string event name', [[{}, 1700000000, 20, 20]], []],
    ['numbers that do not parse', [['command', 'soon', '20ms', 20]], []],
    ['null numbers', [['command', null, null, null]], []],
    [
      'a bad row is skipped, a good one kept',
      [null, ['fork', 1700000000, 5, 7], 'x'],
      [{ event: 'fork', timestamp: 1700000000, latestSeconds: 0.005, maxSeconds: 0.007 }],
    ],
    [
      'numbers as strings or bytes',
      [[bytes('command'), '1700000000', bytes('250'), '1000']],
      [{ event: 'command', timestamp: 1700000000, latestSeconds: 0.25, maxSeconds: 1 }],
    ],
    [
      'extra trailing elements are ignored (newer servers)',
      [['command', 1700000000, 20, 30, 99, 'x']],
      [{ event: 'command', timestamp: 1700000000, latestSeconds: 0.02, maxSeconds: 0.03 }],
    ],
    ['empty reply (no spikes)', [], []],
  ])('%s', (_name, reply, expected) => {
    expect(() => parseLatencyLatest(reply)).not.toThrow()
    expect(parseLatencyLatest(reply)).toEqual(expected)
  })

  it('reads the real redis-server 7.0.15 reply (the ~20 ms EVAL)', () => {
    expect(parseLatencyLatest(fixtureJson('latency-latest-redis-7.0.json'))).toEqual([
      { event: 'command', timestamp: 1795319046, latestSeconds: 0.02, maxSeconds: 0.02 },
    ])
  })
})
