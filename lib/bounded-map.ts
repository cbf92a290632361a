/**
 * A Map holding at most `max` entries: the least recently used goes first when a new key would
 * exceed the bound, handed to `onEvict` (to close it). `get` and `set` mark an entry as used.
 * The one bounded map of lib/: the transport pool, the per-target failure log and the runtime's
 * latest-credentials cache all keep their per-target state in one.
 */
export class BoundedMap<K, V> {
  readonly #items = new Map<K, V>()
  readonly #max: number
  readonly #onEvict: ((key: K, value: V) => void) | undefined

  constructor(max: number, onEvict?: (key: K, value: V) => void) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be >= 1, got ${max}`)
    this.#max = max
    this.#onEvict = onEvict
  }

  get(key: K): V | undefined {
    if (!this.#items.has(key)) return undefined
    const value = this.#items.get(key) as V
    this.#items.delete(key)
    this.#items.set(key, value)
    return value
  }

  set(key: K, value: V): this {
    this.#items.delete(key)
    this.#items.set(key, value)
    while (this.#items.size > this.#max) {
      const [oldKey, oldValue] = this.#items.entries().next().value as [K, V]
      this.#items.delete(oldKey)
      this.#onEvict?.(oldKey, oldValue)
    }
    return this
  }

  has(key: K): boolean {
    return this.#items.has(key)
  }

  /** Removes `key` without calling onEvict (the caller owns what it removes). */
  delete(key: K): boolean {
    return this.#items.delete(key)
  }

  values(): IterableIterator<V> {
    return this.#items.values()
  }

  /** Empties the map without calling onEvict. */
  clear(): void {
    this.#items.clear()
  }

  get size(): number {
    return this.#items.size
  }
}
