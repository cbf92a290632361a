import { MAX_SEARCH_INDEXES } from '../bounds'
import { asArray, asNumber, asPairs, asString, pairRecord } from './reply'

/**
 * The indexes of `FT._LIST` that `pattern` selects (unanchored, as redis_exporter matches), in
 * reply order, at most MAX_SEARCH_INDEXES. Non-text entries are skipped. Never throws.
 */
export function selectSearchIndexes(reply: unknown, pattern: RegExp): string[] {
  const out: string[] = []
  for (const item of asArray(reply) ?? []) {
    if (out.length >= MAX_SEARCH_INDEXES) break
    const name = asString(item)
    if (name === undefined) continue
    pattern.lastIndex = 0
    if (pattern.test(name)) out.push(name)
  }
  return out
}

/**
 * The numeric top-level fields of one `FT.INFO` reply (RESP2 flat array or RESP3 map) by name;
 * nested values (attributes, gc_stats...) and text are left out. Never throws.
 */
export function parseFtInfo(reply: unknown): Record<string, number> {
  return pairRecord(reply, asNumber)
}

/** The `index_name` field of an `FT.INFO` reply, if it has one. */
export function ftIndexName(reply: unknown): string | undefined {
  for (const [k, v] of asPairs(reply)) if (asString(k) === 'index_name') return asString(v)
  return undefined
}
