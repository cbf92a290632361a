import { describe, expect, it } from 'vitest'
import { parseCommandstats } from '../../../lib/parse/commandstats'
import type { CommandStat } from '../../../lib/parse/commandstats'
import { parseInfo } from '../../../lib/parse/info'
import { fixtureText, GARBAGE } from './fixture'

describe('parseCommandstats', () => {
  it.each<[string, unknown, CommandStat[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, CommandStat[]] => [name, x, []]),
    ['no commandstats section', { redis_version: '7.0.15' }, []],
    ['an empty cmd', { cmdstat_: 'calls=1,usec=1' }, []],
    ['not the prefix', { xcmdstat_get: 'calls=1,usec=1', cmdstatget: 'calls=1,usec=1' }, []],
    ['an empty value', { cmdstat_get: '' }, []],
    ['a non-string value', { cmdstat_get: 1 }, []],
    ['calls missing', { cmdstat_get: 'usec=1' }, []],
    [
      'keys and values trimmed, the last of a key wins',
      { cmdstat_get: ' calls =3, usec= 4 ,calls=5,failed_calls\u00a0=1e2,rejected_calls=0x1' },
      [{ cmd: 'get', calls: 5, usec: 4, failedCalls: 100 }],
    ],
    [
      'digit runs past 15 digits and other numbers',
      { cmdstat_get: 'calls=1234567890123456,usec=1.5' },
      [{ cmd: 'get', calls: 1234567890123456, usec: 1.5 }],
    ],
    ['truncated before usec', { cmdstat_get: 'calls=1,us' }, []],
    ['calls does not parse', { cmdstat_get: 'calls=x,usec=1' }, []],
    [
      'optional fields that do not parse are left out',
      { cmdstat_get: 'calls=1,usec=2,rejected_calls=x,failed_calls=' },
      [{ cmd: 'get', calls: 1, usec: 2 }],
    ],
    [
      'Redis < 6.2 (no rejected/failed)',
      { cmdstat_get: 'calls=7,usec=8,usec_per_call=1.14' },
      [{ cmd: 'get', calls: 7, usec: 8 }],
    ],
    [
      'subcommand names keep the |, usec stays µs, order kept',
      {
        'cmdstat_config|get': 'calls=1,usec=12,usec_per_call=12.00,rejected_calls=0,failed_calls=0',
        cmdstat_incr: 'failed_calls=2,rejected_calls=1,usec=12,calls=2',
      },
      [
        { cmd: 'config|get', calls: 1, usec: 12, rejectedCalls: 0, failedCalls: 0 },
        { cmd: 'incr', calls: 2, usec: 12, rejectedCalls: 1, failedCalls: 2 },
      ],
    ],
  ])('%s', (_name, info, expected) => {
    expect(() => parseCommandstats(info as never)).not.toThrow()
    expect(parseCommandstats(info as never)).toEqual(expected)
  })

  it.each<[string, Record<string, string>, CommandStat[]]>([
    [
      'the same line again',
      { cmdstat_get: 'calls=1,usec=2,usec_per_call=2.00,rejected_calls=0,failed_calls=0' },
      [{ cmd: 'get', calls: 1, usec: 2, rejectedCalls: 0, failedCalls: 0 }],
    ],
    [
      'the line changed',
      { cmdstat_get: 'calls=2,usec=5,usec_per_call=2.50,rejected_calls=1,failed_calls=0' },
      [{ cmd: 'get', calls: 2, usec: 5, rejectedCalls: 1, failedCalls: 0 }],
    ],
    [
      'the same text under another command',
      { cmdstat_set: 'calls=1,usec=2,usec_per_call=2.00,rejected_calls=0,failed_calls=0' },
      [{ cmd: 'set', calls: 1, usec: 2, rejectedCalls: 0, failedCalls: 0 }],
    ],
    ['a line that no longer reads', { cmdstat_get: 'calls=x,usec=2' }, []],
  ])('after a first scrape: %s', (_what, next, expected) => {
    const first = {
      cmdstat_get: 'calls=1,usec=2,usec_per_call=2.00,rejected_calls=0,failed_calls=0',
    }
    expect(parseCommandstats(first)).toEqual([
      { cmd: 'get', calls: 1, usec: 2, rejectedCalls: 0, failedCalls: 0 },
    ])
    expect(parseCommandstats(next)).toEqual(expected)
    expect(parseCommandstats(next)).toEqual(expected)
  })

  it('reads the commands run against the real redis-server 7.0.15', () => {
    const stats = parseCommandstats(parseInfo(fixtureText('info-redis-7.0.txt')))
    expect(stats.map((s) => s.cmd)).toEqual([
      'config|get',
      'config|set',
      'time',
      'lpush',
      'get',
      'select',
      'eval',
      'set',
      'xadd',
      'setex',
      'client|setname',
      'incr',
      'rpush',
    ])
    const byCmd = new Map(stats.map((s) => [s.cmd, s]))
    expect(byCmd.get('config|get')).toEqual({
      cmd: 'config|get',
      calls: 1,
      usec: 7,
      rejectedCalls: 0,
      failedCalls: 0,
    })
    expect(byCmd.get('eval')).toEqual({
      cmd: 'eval',
      calls: 4,
      usec: 24147,
      rejectedCalls: 0,
      failedCalls: 0,
    })
    // INCR on a non-integer twice, LPUSH on a string once
    expect(byCmd.get('incr')?.failedCalls).toBe(2)
    expect(byCmd.get('lpush')?.failedCalls).toBe(1)
    expect(byCmd.get('get')?.calls).toBe(7)
    // the unknown command is rejected before dispatch and has no cmdstat line
    expect(byCmd.has('nosuchcommand')).toBe(false)
  })
})
