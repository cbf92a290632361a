import { describe, expect, it } from 'vitest'
import { parseErrorstats } from '../../../lib/parse/errorstats'
import type { ErrorStat } from '../../../lib/parse/errorstats'
import { parseInfo } from '../../../lib/parse/info'
import { fixtureText, GARBAGE } from './fixture'

describe('parseErrorstats', () => {
  it.each<[string, unknown, ErrorStat[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, ErrorStat[]] => [name, x, []]),
    ['no errorstats section (Redis < 6.2)', { total_error_replies: '3' }, []],
    ['an empty type', { errorstat_: 'count=1' }, []],
    ['an empty value', { errorstat_ERR: '' }, []],
    ['truncated', { errorstat_ERR: 'cou' }, []],
    ['count does not parse', { errorstat_ERR: 'count=many' }, []],
    ['count is not finite', { errorstat_ERR: 'count=inf' }, []],
    ['a non-string value', { errorstat_ERR: 3 }, []],
    [
      'by key name, order kept',
      { errorstat_WRONGTYPE: 'future=1,count=2', errorstat_ERR: 'count=3' },
      [
        { err: 'WRONGTYPE', count: 2 },
        { err: 'ERR', count: 3 },
      ],
    ],
  ])('%s', (_name, info, expected) => {
    expect(() => parseErrorstats(info as never)).not.toThrow()
    expect(parseErrorstats(info as never)).toEqual(expected)
  })

  it('reads the errors provoked on the real redis-server 7.0.15', () => {
    // 2x INCR on a string + 1 unknown command = ERR 3; LPUSH on a string = WRONGTYPE 1
    expect(parseErrorstats(parseInfo(fixtureText('info-redis-7.0.txt')))).toEqual([
      { err: 'ERR', count: 3 },
      { err: 'WRONGTYPE', count: 1 },
    ])
  })
})
