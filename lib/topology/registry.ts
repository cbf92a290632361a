import type { Target } from '../target'
import type { ScopeCheck } from './scope'

interface Entry {
  readonly seed: Target
  expiresMs: number
}

/**
 * Nodes discovered from allowed seeds, so `/scrape` may reach them too. Bounded (oldest dropped
 * first) and expiring: a node no discovery has shown for `ttlMs` is no longer allowed. Only nodes
 * in `scope` are remembered (a second line behind discoverNodes' own filter). Owned by the app
 * instance, never module-global.
 */
export class DiscoveredTargets {
  readonly #entries = new Map<string, Entry>()
  readonly #ttlMs: number
  readonly #max: number
  readonly #scope: ScopeCheck

  constructor(opts: {
    readonly scope: ScopeCheck
    readonly ttlMs?: number
    readonly max?: number
  }) {
    this.#ttlMs = opts.ttlMs ?? 15 * 60 * 1000
    this.#max = opts.max ?? 1000
    this.#scope = opts.scope
  }

  /** Records the in-scope nodes one discovery of `seed` returned (at `nowMs`). */
  remember(seed: Target, nodes: readonly Target[], nowMs: number): void {
    for (const node of nodes) {
      if (this.#scope(node)) continue
      const key = node.id.toLowerCase()
      this.#entries.delete(key)
      this.#entries.set(key, { seed, expiresMs: nowMs + this.#ttlMs })
    }
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value
      if (oldest === undefined) break
      this.#entries.delete(oldest)
    }
  }

  /** The seed `target` was discovered from, if a discovery showed it within the TTL. */
  seedOf(target: Pick<Target, 'id'>, nowMs: number): Target | undefined {
    const key = target.id.toLowerCase()
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expiresMs <= nowMs) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.seed
  }

  get size(): number {
    return this.#entries.size
  }
}
