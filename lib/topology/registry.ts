import { BoundedMap } from '../primitives/bounded-map'
import type { Target } from '../target'
import type { ScopeCheck } from './scope'

/**
 * Nodes discovered from allowed seeds, so `/scrape` may reach them too. Bounded (least recently
 * used dropped first) and expiring: a node no discovery has shown for `ttlMs` is no longer
 * allowed. Only nodes in `scope` are remembered (a second line behind discoverNodes' own filter).
 * Owned by the app instance, never module-global.
 */
export class DiscoveredTargets {
  readonly #entries: BoundedMap<string, Target>
  readonly #scope: ScopeCheck

  constructor(opts: {
    readonly scope: ScopeCheck
    readonly ttlMs?: number
    readonly max?: number
    /** Milliseconds clock; defaults to Date.now. */
    readonly now?: () => number
  }) {
    this.#entries = new BoundedMap(opts.max ?? 1000, {
      ttlMs: opts.ttlMs ?? 15 * 60 * 1000,
      ...(opts.now ? { now: opts.now } : {}),
    })
    this.#scope = opts.scope
  }

  /** Records the in-scope nodes one discovery of `seed` returned. */
  remember(seed: Target, nodes: readonly Target[]): void {
    for (const node of nodes) {
      if (!this.#scope(node)) this.#entries.set(node.id.toLowerCase(), seed)
    }
  }

  /** The seed `target` was discovered from, if a discovery showed it within the TTL. */
  seedOf(target: Pick<Target, 'id'>): Target | undefined {
    return this.#entries.get(target.id.toLowerCase())
  }

  get size(): number {
    return this.#entries.size
  }
}
