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

export function isDuplicate(seen: SeriesKeys, suffix: string, key: string): boolean {
  if (suffix === seen.firstSuffix) {
    return seen.keys ? seen.keys.has(key) : seen.firstKey === key
  }
  return seen.otherKeys?.get(suffix)?.has(key) ?? false
}

export function remember(seen: SeriesKeys, suffix: string, key: string): void {
  if (suffix === seen.firstSuffix) {
    if (!seen.keys) {
      seen.keys = new Set()
      seen.keys.add(seen.firstKey)
    }
    seen.keys.add(key)
    return
  }
  seen.otherKeys ??= new Map()
  let keys = seen.otherKeys.get(suffix)
  if (!keys) seen.otherKeys.set(suffix, (keys = new Set()))
  keys.add(key)
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
