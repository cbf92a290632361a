import { describe, expect, it } from 'vitest'
import { parseInfo } from '../../../lib/parse/info'
import { parseKeyspace } from '../../../lib/parse/keyspace'
import type { KeyspaceDb } from '../../../lib/parse/keyspace'
import { fixtureText, GARBAGE } from './fixture'

describe('parseKeyspace', () => {
  it.each<[string, unknown, KeyspaceDb[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, KeyspaceDb[]] => [name, x, []]),
    ['a string instead of a record', 'db0:keys=1,expires=0', []],
    ['no keyspace section', { redis_version: '7.0.15', role: 'master' }, []],
    [
      'fields that only look like dbs',
      {
        db: 'keys=1,expires=0',
        dbx: 'keys=1,expires=0',
        db1a: 'keys=1,expires=0',
        db_0: 'keys=1,expires=0',
        xdb0: 'keys=1,expires=0',
        dbsize: '3',
      },
      [],
    ],
    ['a non-string value', { db0: 5 }, []],
    ['an empty value', { db0: '' }, []],
    ['keys does not parse', { db0: 'keys=abc,expires=0' }, []],
    ['keys is not finite', { db0: 'keys=inf,expires=0' }, []],
    ['truncated after keys', { db0: 'keys=1' }, []],
    ['truncated mid-item', { db0: 'keys=1,exp' }, []],
    ['keys missing', { db0: 'expires=1' }, []],
    [
      'an avg_ttl that does not parse is left out',
      { db0: 'keys=1,expires=0,avg_ttl=abc' },
      [{ db: 0, keys: 1, expires: 0 }],
    ],
    [
      'unknown items are ignored',
      { db0: 'keys=1,expires=0,future=9,garbage' },
      [{ db: 0, keys: 1, expires: 0 }],
    ],
    ['no avg_ttl (old Redis)', { db0: 'keys=1,expires=0' }, [{ db: 0, keys: 1, expires: 0 }]],
    [
      'avg_ttl ms -> s',
      { db0: 'keys=10,expires=1,avg_ttl=3589798' },
      [{ db: 0, keys: 10, expires: 1, avgTtlSeconds: 3589.798 }],
    ],
    [
      'parsed by name, not position',
      { db2: 'avg_ttl=1000,expires=1,keys=10' },
      [{ db: 2, keys: 10, expires: 1, avgTtlSeconds: 1 }],
    ],
    [
      'Redis 7.4 subexpiry is not cached_keys',
      { db0: 'keys=1,expires=1,avg_ttl=0,subexpiry=2' },
      [{ db: 0, keys: 1, expires: 1, avgTtlSeconds: 0, keysWithExpiringItems: 2 }],
    ],
    [
      'Valkey keys_with_volatile_items',
      { db0: 'keys=5,expires=2,avg_ttl=100,keys_with_volatile_items=3' },
      [{ db: 0, keys: 5, expires: 2, avgTtlSeconds: 0.1, keysWithExpiringItems: 3 }],
    ],
    [
      'KeyDB cached_keys',
      { db0: 'keys=5,expires=2,avg_ttl=100,cached_keys=4' },
      [{ db: 0, keys: 5, expires: 2, avgTtlSeconds: 0.1, cachedKeys: 4 }],
    ],
    [
      'sorted by db number, other fields ignored',
      {
        db10: 'keys=3,expires=0',
        role: 'master',
        db2: 'keys=2,expires=0',
        db0: 'keys=1,expires=0',
      },
      [
        { db: 0, keys: 1, expires: 0 },
        { db: 2, keys: 2, expires: 0 },
        { db: 10, keys: 3, expires: 0 },
      ],
    ],
  ])('%s', (_name, info, expected) => {
    expect(() => parseKeyspace(info as never)).not.toThrow()
    expect(parseKeyspace(info as never)).toEqual(expected)
  })

  it('handles a huge keyspace (10k dbs)', () => {
    const info: Record<string, string> = {}
    for (let i = 9_999; i >= 0; i--) info[`db${i}`] = `keys=${i},expires=0`
    const dbs = parseKeyspace(info)
    expect(dbs).toHaveLength(10_000)
    expect(dbs[0]).toEqual({ db: 0, keys: 0, expires: 0 })
    expect(dbs[9_999]).toEqual({ db: 9_999, keys: 9_999, expires: 0 })
  })

  it('reads the seeded dbs of the real redis-server 7.0.15 INFO', () => {
    expect(parseKeyspace(parseInfo(fixtureText('info-redis-7.0.txt')))).toEqual([
      { db: 0, keys: 15, expires: 3, avgTtlSeconds: 3599.745 },
      { db: 1, keys: 2, expires: 1, avgTtlSeconds: 7199.745 },
      { db: 3, keys: 5, expires: 0, avgTtlSeconds: 0 },
    ])
  })

  it('reads the replica keyspace (replicas report avg_ttl=0)', () => {
    expect(parseKeyspace(parseInfo(fixtureText('info-redis-7.0-replica.txt')))).toEqual([
      { db: 0, keys: 15, expires: 3, avgTtlSeconds: 0 },
      { db: 1, keys: 2, expires: 1, avgTtlSeconds: 0 },
      { db: 3, keys: 5, expires: 0, avgTtlSeconds: 0 },
    ])
  })
})
