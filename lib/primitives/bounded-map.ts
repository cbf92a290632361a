export interface BoundedMapOptions<K, V> {
  /** Called with an entry the map drops by itself (past the bound, or expired): to close it. */
  readonly onEvict?: (key: K, value: V) => void
  /** How long an entry lives after its `set`, ms, unless `set` says otherwise. Default: forever. */
  readonly ttlMs?: number
  /** Milliseconds clock for the TTL. Default Date.now. */
  readonly now?: () => number
}

interface Entry<V> {
  readonly value: V
  readonly expiresMs: number
}

/**
 * A Map holding at most `max` entries: the least recently used goes first when a new key would
 * exceed the bound, in O(1) (a JavaScript Map iterates in insertion order, and `get` re-inserts).
 * An entry may expire (`ttlMs`); an expired entry reads as missing and is dropped. The one
 * bounded map of lib/: everything kept per target (states, transports, logs, discoveries) is in one.
 */
export class BoundedMap<K, V> {
  readonly #items = new Map<K, Entry<V>>()
  readonly #max: number
  readonly #onEvict: ((key: K, value: V) => void) | undefined
  readonly #ttlMs: number
  readonly #now: () => number

  constructor(max: number, opts: BoundedMapOptions<K, V> = {}) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be >= 1, got ${max}`)
    this.#max = max
    this.#onEvict = opts.onEvict
    this.#ttlMs = opts.ttlMs ?? Infinity
    this.#now = opts.now ?? Date.now
  }

  /** The value of `key` (marking it as recently used), or undefined when missing or expired. */
  get(key: K): V | undefined {
    const entry = this.#live(key)
    if (!entry) return undefined
    this.#items.delete(key)
    this.#items.set(key, entry)
    return entry.value
  }

  /** Sets `key` as the most recently used, living `ttlMs` (default: the map's), evicting past the bound. */
  set(key: K, value: V, ttlMs = this.#ttlMs): this {
    this.#items.delete(key)
    this.#items.set(key, { value, expiresMs: this.#now() + ttlMs })
    while (this.#items.size > this.#max) {
      const [oldKey, old] = this.#items.entries().next().value as [K, Entry<V>]
      this.#items.delete(oldKey)
      this.#onEvict?.(oldKey, old.value)
    }
    return this
  }

  /** The value of `key`, created by `make` and set when missing or expired. */
  getOrSet(key: K, make: () => V): V {
    const found = this.get(key)
    if (found !== undefined) return found
    const value = make()
    this.set(key, value)
    return value
  }

  /** Whether `key` is there and not expired; does not mark it as used. */
  has(key: K): boolean {
    return this.#live(key) !== undefined
  }

  /** Removes `key` without calling onEvict (the caller owns what it removes). */
  delete(key: K): boolean {
    return this.#items.delete(key)
  }

  /** The values not expired, least recently used first. */
  values(): V[] {
    const nowMs = this.#now()
    return [...this.#items.values()].filter((e) => e.expiresMs > nowMs).map((e) => e.value)
  }

  /** Empties the map without calling onEvict. */
  clear(): void {
    this.#items.clear()
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.#items.size
  }

  #live(key: K): Entry<V> | undefined {
    const entry = this.#items.get(key)
    // An entry that never expires needs no clock (a page reads such a map ~100 times).
    if (!entry || entry.expiresMs === Infinity || entry.expiresMs > this.#now()) return entry
    this.#items.delete(key)
    this.#onEvict?.(key, entry.value)
    return undefined
  }
}
