import { describe, expect, it } from 'vitest'
import { parseSlowlogGet, parseSlowlogLen } from '../../../lib/parse/slowlog'
import type { SlowlogLast } from '../../../lib/parse/slowlog'
import { fixtureJson, GARBAGE } from './fixture'

describe('parseSlowlogLen', () => {
  it.each<[string, unknown, number | undefined]>([
    ...GARBAGE.filter(([name]) => !['a number', 'a bigint'].includes(name)).map(
      ([name, x]): [string, unknown, undefined] => [name, x, undefined]
    ),
    ['an error string', 'ERR unknown command', undefined],
    ['Infinity', Infinity, undefined],
    ['an array', [3], undefined],
    ['zero', 0, 0],
    ['a number', 3, 3],
    ['a bigint', 3n, 3],
    ['text', '12', 12],
    ['bytes', new TextEncoder().encode('5'), 5],
  ])('%s', (_name, reply, expected) => {
    expect(() => parseSlowlogLen(reply)).not.toThrow()
    expect(parseSlowlogLen(reply)).toEqual(expected)
  })

  it('reads the real reply', () => {
    expect(parseSlowlogLen(fixtureJson('slowlog-len-redis-7.0.json'))).toBe(3)
  })
})

describe('parseSlowlogGet', () => {
  it.each<[string, unknown, SlowlogLast | undefined]>([
    ...GARBAGE.filter(([name]) => !['an empty array', 'nested arrays'].includes(name)).map(
      ([name, x]): [string, unknown, undefined] => [name, x, undefined]
    ),
    ['nested garbage arrays', [[[[]]], [null]], undefined],
    ['an error string', 'ERR unknown command', undefined],
    ['an entry that is not an array', [5], undefined],
    ['a truncated entry', [[7, 1700000000]], undefined],
    ['an id that does not parse', [['x', 1700000000, 10]], undefined],
    ['a duration that does not parse', [[7, 1700000000, 'slow']], undefined],
    ['empty slowlog -> zeros', [], { lastId: 0, lastDurationSeconds: 0 }],
    ['a minimal entry', [[7, 1700000000, 1500]], { lastId: 7, lastDurationSeconds: 0.0015 }],
    [
      'numbers as text, extra entries ignored',
      [
        ['8', '1700000000', '2000000', ['GET', 'k'], '1.2.3.4:5', ''],
        [7, 1, 1],
      ],
      { lastId: 8, lastDurationSeconds: 2 },
    ],
  ])('%s', (_name, reply, expected) => {
    expect(() => parseSlowlogGet(reply)).not.toThrow()
    expect(parseSlowlogGet(reply)).toEqual(expected)
  })

  it('reads the real reply (the ~20 ms EVAL, id 2)', () => {
    expect(parseSlowlogGet(fixtureJson('slowlog-get-1-redis-7.0.json'))).toEqual({
      lastId: 2,
      lastDurationSeconds: 0.020019,
    })
  })

  it('reads the real reply after SLOWLOG RESET', () => {
    expect(parseSlowlogGet(fixtureJson('slowlog-get-1-empty-redis-7.0.json'))).toEqual({
      lastId: 0,
      lastDurationSeconds: 0,
    })
  })
})
