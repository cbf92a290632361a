import { BoundedMap } from '../bounded-map'
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
  readonly #items: BoundedMap<string, T>
  readonly #create: (target: Target) => T

  constructor(create: (target: Target) => T, max = 64) {
    this.#create = create
    this.#items = new BoundedMap(max, (_key, oldest) => void oldest.close())
  }

  get(target: Target): T {
    const key = `${target.uri}|${target.tls ? 'tls' : 'plain'}`
    let item = this.#items.get(key)
    if (!item) {
      item = this.#create(target)
      this.#items.set(key, item)
    }
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
