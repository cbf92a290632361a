import type { InfoRecord } from '../types'
import { parseKvList } from './kv-list'
import { parseFinite } from './number'
import { numberedFields } from './reply'

export interface KeyspaceDb {
  db: number
  keys: number
  expires: number
  /** `avg_ttl` converted from ms to seconds; absent when INFO has no avg_ttl. */
  avgTtlSeconds?: number
  /** KeyDB `cached_keys`. */
  cachedKeys?: number
  /** Redis 7.4+ `subexpiry` or Valkey `keys_with_volatile_items`. */
  keysWithExpiringItems?: number
}

/**
 * `# Keyspace` lines `db<N>:keys=..,expires=..[,avg_ttl=..][,subexpiry=..]...` parsed BY NAME
 * (redis_exporter after PR #1168; only the `db<N>` fields are read), sorted by db number. A db
 * without a parseable `keys` and `expires` is skipped; optional fields that do not parse are left
 * out. Never throws.
 */
export function parseKeyspace(info: InfoRecord): KeyspaceDb[] {
  const out: KeyspaceDb[] = []
  for (const [n, value] of numberedFields(info, 'db')) {
    const kv = parseKvList(value)
    const keys = parseFinite(kv['keys'])
    const expires = parseFinite(kv['expires'])
    if (keys === undefined || expires === undefined) continue
    const db: KeyspaceDb = { db: n, keys, expires }
    const avgTtl = parseFinite(kv['avg_ttl'])
    if (avgTtl !== undefined) db.avgTtlSeconds = avgTtl / 1000
    const cached = parseFinite(kv['cached_keys'])
    if (cached !== undefined) db.cachedKeys = cached
    const expiring = parseFinite(kv['subexpiry']) ?? parseFinite(kv['keys_with_volatile_items'])
    if (expiring !== undefined) db.keysWithExpiringItems = expiring
    out.push(db)
  }
  return out
}
