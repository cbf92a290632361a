import type { Target } from '../target'
import type { RedisTransport } from './transport'

export interface ClosableTransport extends RedisTransport {
  close(): Promise<void>
}

/**
 * Keeps one transport per target for warm reuse, at most `max` of them; the least recently used
 * is closed when a new target would exceed the bound. The runtime owns the instance (module scope
 * in functions/), so it lives exactly as long as the process or warm container.
 */
export class TransportPool<T extends ClosableTransport> {
  readonly #items = new Map<string, T>()
  readonly #create: (target: Target) => T
  readonly #max: number

  constructor(create: (target: Target) => T, max = 64) {
    this.#create = create
    this.#max = max
  }

  get(target: Target): T {
    const key = `${target.uri}|${target.tls ? 'tls' : 'plain'}`
    let item = this.#items.get(key)
    if (item) {
      // Re-insert to mark as most recently used.
      this.#items.delete(key)
      this.#items.set(key, item)
      return item
    }
    if (this.#items.size >= this.#max) {
      const [oldestKey, oldest] = this.#items.entries().next().value as [string, T]
      this.#items.delete(oldestKey)
      void oldest.close()
    }
    item = this.#create(target)
    this.#items.set(key, item)
    return item
  }

  get size(): number {
    return this.#items.size
  }

  async closeAll(): Promise<void> {
    const items = [...this.#items.values()]
    this.#items.clear()
    await Promise.all(items.map((t) => t.close()))
  }
}
