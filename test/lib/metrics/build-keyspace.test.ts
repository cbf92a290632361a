import { describe, expect, it } from 'vitest'
import { MAX_ZERO_FILL_DATABASES } from '../../../lib/bounds'
import type { BuildOptions } from '../../../lib/metrics/build'
import { parseInfo } from '../../../lib/parse/info'
import { sampleValue } from '../../helpers/prom-text'
import { CONFIG, dbLabels, fixtureText, parsed, upSnapshot } from './build-fixtures'
import type { SnapshotParts } from './build-fixtures'

describe('buildFamilies keyspace zero-fill', () => {
  const standaloneInfo = parseInfo(fixtureText('info-redis-7.0.txt'))
  const range = (n: number) => Array.from({ length: n }, (_, i) => `db${i}`)

  it.each<[string, SnapshotParts, Partial<BuildOptions>, string[]]>([
    [
      'includeMetricsForEmptyDatabases false exports only the databases INFO lists',
      { info: standaloneInfo, config: CONFIG },
      { includeMetricsForEmptyDatabases: false },
      ['db0', 'db1', 'db3'],
    ],
    [
      'cluster_enabled:1 zero-fills only db0',
      { info: { cluster_enabled: '1' }, config: CONFIG },
      {},
      ['db0'],
    ],
    [
      'an unusable CONFIG databases falls back to 16',
      { info: standaloneInfo, config: { ...CONFIG, databases: 'abc' } },
      {},
      range(16),
    ],
    [
      'CONFIG databases 0 falls back to 16',
      { info: standaloneInfo, config: { ...CONFIG, databases: '0' } },
      {},
      range(16),
    ],
    [
      'CONFIG databases 2 still exports db3, which has keys',
      { info: standaloneInfo, config: { ...CONFIG, databases: '2' } },
      {},
      ['db0', 'db1', 'db3'],
    ],
    [
      'CONFIG databases 4 zero-fills db0..db3',
      { info: standaloneInfo, config: { ...CONFIG, databases: '4' } },
      {},
      ['db0', 'db1', 'db2', 'db3'],
    ],
    ['no CONFIG zero-fills db0..db15', { info: standaloneInfo }, {}, range(16)],
    [
      'CONFIG databases 256 zero-fills db0..db255',
      { info: standaloneInfo, config: { ...CONFIG, databases: '256' } },
      {},
      range(MAX_ZERO_FILL_DATABASES),
    ],
    [
      'CONFIG databases 100000 zero-fills only up to MAX_ZERO_FILL_DATABASES',
      { info: standaloneInfo, config: { ...CONFIG, databases: '100000' } },
      {},
      range(MAX_ZERO_FILL_DATABASES),
    ],
    [
      'CONFIG databases 100000 still exports db5000, which has keys',
      {
        info: { ...standaloneInfo, db5000: 'keys=1,expires=0,avg_ttl=0' },
        config: { ...CONFIG, databases: '100000' },
      },
      {},
      [...range(MAX_ZERO_FILL_DATABASES), 'db5000'],
    ],
  ])('%s', (_what, parts, opts, expected) => {
    const families = parsed(upSnapshot(parts), opts)
    expect(dbLabels(families)).toEqual(expected)
    for (const db of expected) {
      const keys = sampleValue(families, 'redis_db_keys', { db })
      const expiring = sampleValue(families, 'redis_db_keys_expiring', { db })
      expect(keys, db).toBeTypeOf('number')
      expect(expiring, db).toBeTypeOf('number')
    }
  })

  it('writes 0 keys and 0 expiring keys for a zero-filled database', () => {
    const families = parsed(upSnapshot({ info: standaloneInfo }))
    expect(sampleValue(families, 'redis_db_keys', { db: 'db7' })).toBe(0)
    expect(sampleValue(families, 'redis_db_keys_expiring', { db: 'db7' })).toBe(0)
    expect(sampleValue(families, 'redis_db_avg_ttl_seconds', { db: 'db7' })).toBeUndefined()
  })
})

describe('buildFamilies keyspace fields', () => {
  it.each<[string, string, Record<string, number | undefined>]>([
    [
      'a line without expires is skipped',
      'keys=5',
      { redis_db_keys: undefined, redis_db_keys_with_expiring_items: undefined },
    ],
    [
      'Redis 7.4 subexpiry',
      'keys=5,expires=1,avg_ttl=0,subexpiry=2',
      { redis_db_keys: 5, redis_db_keys_with_expiring_items: 2, redis_db_keys_cached: undefined },
    ],
    [
      'Valkey keys_with_volatile_items',
      'keys=5,expires=1,avg_ttl=0,keys_with_volatile_items=3',
      { redis_db_keys_with_expiring_items: 3, redis_db_keys_cached: undefined },
    ],
    [
      'KeyDB cached_keys',
      'keys=5,expires=1,avg_ttl=1500,cached_keys=4',
      {
        redis_db_keys_cached: 4,
        redis_db_keys_with_expiring_items: undefined,
        redis_db_avg_ttl_seconds: 1.5,
      },
    ],
  ])('reads %s', (_what, line, expected) => {
    const families = parsed(upSnapshot({ info: { db9: line } }), {
      includeMetricsForEmptyDatabases: false,
    })
    for (const [name, value] of Object.entries(expected)) {
      expect(sampleValue(families, name, { db: 'db9' }), name).toBe(value)
    }
  })
})
