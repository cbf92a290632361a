/**
 * The series already on a page, per family: the key of its first sample (most families have one
 * suffix, and many a single series), sets made only once a second sample comes.
 */
export interface SeriesKeys {
  /** The first sample's suffix and series key. */
  readonly firstSuffix: string
  readonly firstKey: string
  /** Series keys seen with the first sample's suffix (most families have no other). */
  keys?: Set<string>
  /** Series keys seen with each other suffix (`_sum`, `_count`, `_bucket`). */
  otherKeys?: Map<string, Set<string>>
}

/**
 * Adds the series `key` with `suffix` to the family's: false when it was already there (a
 * duplicate), one hash operation either way.
 */
export function addKey(seen: SeriesKeys, suffix: string, key: string): boolean {
  if (suffix === seen.firstSuffix) {
    if (!seen.keys) {
      if (key === seen.firstKey) return false
      seen.keys = new Set([seen.firstKey, key])
      return true
    }
    return added(seen.keys, key)
  }
  seen.otherKeys ??= new Map()
  const keys = seen.otherKeys.get(suffix)
  if (!keys) {
    seen.otherKeys.set(suffix, new Set([key]))
    return true
  }
  return added(keys, key)
}

/** Takes back a key `addKey` has just added (the sample was then left out by a page cap). */
export function forgetKey(seen: SeriesKeys, suffix: string, key: string): void {
  const keys = suffix === seen.firstSuffix ? seen.keys : seen.otherKeys?.get(suffix)
  keys?.delete(key)
}

function added(keys: Set<string>, key: string): boolean {
  const size = keys.size
  keys.add(key)
  return keys.size !== size
}

/**
 * The key of a series from its label values in order, given one at a time: one label (most
 * series) is the value itself, nothing to allocate. Several: each value's length as one character,
 * then the value, so no value can pass for another's text. A family's samples carry the same label
 * names (the catalog's), so the values tell them apart.
 */
export function nextKey(key: string, count: number, value: string): string {
  return count === 1 ? value : (count === 2 ? lengthPrefixed(key) : key) + lengthPrefixed(value)
}

/** A key of `count` values as the head of a longer one: `nextKey(key, count + 1, v)` is `keyHead(key, count) + lengthPrefixed(v)`. */
export function keyHead(key: string, count: number): string {
  return count === 1 ? lengthPrefixed(key) : key
}

export function lengthPrefixed(value: string): string {
  return String.fromCharCode(value.length) + value
}
