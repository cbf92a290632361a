export interface BoundedMapOptions<K, V> {
  /** Called with an entry the map drops by itself (past the bound, or expired): to close it. */
  readonly onEvict?: (key: K, value: V) => void
  /** How long an entry lives after its `set`, ms, unless `set` says otherwise. Default: forever. */
  readonly ttlMs?: number
  /** Milliseconds clock for the TTL. Default Date.now. */
  readonly now?: () => number
}

/** A node of the recency list: least recently used at the head, most recently at the tail. */
interface Entry<K, V> {
  readonly key: K
  value: V
  expiresMs: number
  prev: Entry<K, V> | undefined
  next: Entry<K, V> | undefined
}

/**
 * A Map holding at most `max` entries: the least recently used goes first when a new key would
 * exceed the bound, in O(1) (the entries form a recency list beside the Map: a read moves its entry
 * to the tail with four pointer writes, no second hash lookup or re-insertion). An entry may
 * expire (`ttlMs`); an expired entry reads as missing and is dropped. The one bounded map of
 * lib/: everything kept per target (states, transports, logs, discoveries) is in one.
 */
export class BoundedMap<K, V> {
  readonly #items = new Map<K, Entry<K, V>>()
  readonly #max: number
  readonly #onEvict: ((key: K, value: V) => void) | undefined
  readonly #ttlMs: number
  readonly #now: () => number
  #head: Entry<K, V> | undefined
  #tail: Entry<K, V> | undefined

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
    if (entry !== this.#tail) {
      this.#unlink(entry)
      this.#append(entry)
    }
    return entry.value
  }

  /** Sets `key` as the most recently used, living `ttlMs` (default: the map's), evicting past the bound. */
  set(key: K, value: V, ttlMs = this.#ttlMs): this {
    const old = this.#items.get(key)
    if (old) this.#unlink(old)
    const entry: Entry<K, V> = {
      key,
      value,
      expiresMs: this.#now() + ttlMs,
      prev: undefined,
      next: undefined,
    }
    this.#items.set(key, entry)
    this.#append(entry)
    while (this.#items.size > this.#max && this.#head) {
      const oldest = this.#head
      this.#remove(oldest)
      this.#onEvict?.(oldest.key, oldest.value)
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
    const entry = this.#items.get(key)
    if (entry) this.#remove(entry)
    return entry !== undefined
  }

  /** The values not expired, least recently used first. */
  values(): V[] {
    const nowMs = this.#now()
    const out: V[] = []
    for (let e = this.#head; e; e = e.next) if (e.expiresMs > nowMs) out.push(e.value)
    return out
  }

  /** Empties the map without calling onEvict. */
  clear(): void {
    this.#items.clear()
    this.#head = undefined
    this.#tail = undefined
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.#items.size
  }

  #live(key: K): Entry<K, V> | undefined {
    const entry = this.#items.get(key)
    // An entry that never expires needs no clock (a page reads such a map ~100 times).
    if (!entry || entry.expiresMs === Infinity || entry.expiresMs > this.#now()) return entry
    this.#remove(entry)
    this.#onEvict?.(key, entry.value)
    return undefined
  }

  /** Takes `entry` out of the Map and the recency list. */
  #remove(entry: Entry<K, V>): void {
    this.#items.delete(entry.key)
    this.#unlink(entry)
  }

  #unlink(entry: Entry<K, V>): void {
    if (entry.prev) entry.prev.next = entry.next
    else this.#head = entry.next
    if (entry.next) entry.next.prev = entry.prev
    else this.#tail = entry.prev
    entry.prev = undefined
    entry.next = undefined
  }

  #append(entry: Entry<K, V>): void {
    entry.prev = this.#tail
    if (this.#tail) this.#tail.next = entry
    else this.#head = entry
    this.#tail = entry
  }
}
