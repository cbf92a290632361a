import { BoundedMap } from '../primitives/bounded-map'
import type { Target } from '../target'
import type { RedisTransport } from './transport'

export interface ClosableTransport extends RedisTransport {
  close(): Promise<void>
}

interface Pooled<T> {
  readonly transport: T
  /** The target last asked for: its credentials are the ones the next connection uses. */
  latest: Target
}

/**
 * Keeps one transport per target for warm reuse, at most `max` of them; the least recently used
 * is closed when a new target would exceed the bound. `create` is handed a `latest` lookup: the
 * target of the most recent `get`, so a rotated secret takes effect on the next reconnect while a
 * live, authenticated connection is kept. The runtime owns the instance (module scope in
 * functions/), so it lives exactly as long as the process or warm container.
 */
export class TransportPool<T extends ClosableTransport> {
  readonly #items: BoundedMap<string, Pooled<T>>
  readonly #create: (target: Target, latest: () => Target) => T

  constructor(create: (target: Target, latest: () => Target) => T, max = 64) {
    this.#create = create
    this.#items = new BoundedMap(max, { onEvict: (_key, oldest) => void oldest.transport.close() })
  }

  get(target: Target): T {
    const key = `${target.uri}|${target.tls ? 'tls' : 'plain'}`
    const item = this.#items.get(key)
    if (item) {
      item.latest = target
      return item.transport
    }
    const made: Pooled<T> = { latest: target, transport: this.#create(target, () => made.latest) }
    this.#items.set(key, made)
    return made.transport
  }

  get size(): number {
    return this.#items.size
  }

  async closeAll(): Promise<void> {
    const items = this.#items.values()
    this.#items.clear()
    await Promise.all(items.map((t) => t.transport.close()))
  }
}
