import { MAX_ZERO_FILL_DATABASES } from '../bounds'
import { parseKeyspace } from '../parse/keyspace'
import type { InfoRecord } from '../types'
import { FAMILIES } from './catalog/families'
import type { FamilySet } from './family-set'

/**
 * `db_keys` and `db_keys_expiring` per database, zero-filled for db0..db(N-1) where N is CONFIG
 * `databases` (16 when CONFIG is unavailable, 1 in cluster mode), like redis_exporter, but never
 * past MAX_ZERO_FILL_DATABASES (a server saying `databases 100000` must not make 200,000 series).
 * Keyspace lines are parsed by key name, so Redis 7.4 `subexpiry` is not mistaken for KeyDB's
 * `cached_keys`: it becomes `db_keys_with_expiring_items`.
 */
export function addKeyspaceFamilies(
  set: FamilySet,
  info: InfoRecord,
  opts: { databases: number | undefined; zeroFill: boolean }
): void {
  const dbs = parseKeyspace(info)
  const seen = new Map(dbs.map((d) => [d.db, d]))
  const configured = info['cluster_enabled'] === '1' ? 1 : (opts.databases ?? 16)
  const count = Math.min(configured, MAX_ZERO_FILL_DATABASES)
  const ids = new Set<number>(dbs.map((d) => d.db))
  if (opts.zeroFill) for (let i = 0; i < count; i++) ids.add(i)
  const ordered = [...ids].sort((a, b) => a - b)
  for (const id of ordered) {
    const db = seen.get(id)
    const labels = { db: `db${id}` }
    set.sample(FAMILIES.db_keys, db?.keys ?? 0, labels)
    set.sample(FAMILIES.db_keys_expiring, db?.expires ?? 0, labels)
  }
  for (const db of dbs) {
    const labels = { db: `db${db.db}` }
    if (db.avgTtlSeconds !== undefined) {
      set.sample(FAMILIES.db_avg_ttl_seconds, db.avgTtlSeconds, labels)
    }
    if (db.cachedKeys !== undefined) set.sample(FAMILIES.db_keys_cached, db.cachedKeys, labels)
    if (db.keysWithExpiringItems !== undefined) {
      set.sample(FAMILIES.db_keys_with_expiring_items, db.keysWithExpiringItems, labels)
    }
  }
}
