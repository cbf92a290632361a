import { renamesFor } from '../capabilities/renamed-commands'
import type { Config } from '../config'
import { TimeoutError } from '../errors'
import { targetCredentials } from '../settings/password-map'
import type { Target } from '../target'
import type { RedisTransport } from '../transport/transport'
import type { Discovery } from './discover'
import { discoverNodes } from './discover'
import { DiscoveredTargets } from './registry'
import { discoveryScope } from './scope'
import type { DiscoveryCounts } from './scope-report'
import { ScopeReport } from './scope-report'

export interface TopologyDeps {
  readonly config: Config
  readonly getTransport: (target: Target) => RedisTransport
  /** Milliseconds clock; defaults to Date.now. */
  readonly now?: () => number
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void
}

/** Discovery with memory: what /discover-cluster-nodes and the /scrape allowlist share. */
export interface Topology {
  /**
   * Discovers the in-scope nodes behind `seed` (discoveryScope) within `timeoutSeconds` and lets
   * /scrape reach them; the nodes left out are logged and counted.
   */
  discover(seed: Target, timeoutSeconds: number): Promise<Discovery>
  /**
   * Whether /scrape may reach `target` because it is in the discovery scope and a discovery from
   * an allowed seed showed it. On a miss, REDIS_ADDR is discovered again (at most every 30 s): a
   * fresh process or Lambda container has seen no discovery yet, while Prometheus still scrapes
   * the nodes it was given. An out-of-scope target is refused without asking anything.
   */
  allows(target: Target): Promise<boolean>
  /** `target` with its seed's credentials when it is in scope, was discovered and names no other user. */
  withSeedCredentials(target: Target): Target
  /** Nodes discoveries left out since start (the main page's self-metrics). */
  counts(): DiscoveryCounts
}

/** The least time between two discoveries triggered by /scrape misses. */
export const ON_DEMAND_INTERVAL_MS = 30_000
const MAX_SEEDS = 100

export function createTopology(deps: TopologyDeps): Topology {
  const now = deps.now ?? Date.now
  const scope = discoveryScope(deps.config)
  const registry = new DiscoveredTargets({ scope })
  const report = new ScopeReport()
  const refused = new Map<string, Set<string>>()
  const running = new Map<string, Promise<Discovery>>()
  let lastOnDemandMs = -Infinity

  const discover = (seed: Target, timeoutSeconds: number): Promise<Discovery> => {
    const key = seed.uri
    const pending = running.get(key)
    if (pending) return pending
    const withCredentials: Target = { ...seed, ...targetCredentials(seed, deps.config) }
    let seedRefused = refused.get(seed.id)
    if (!seedRefused) {
      if (refused.size >= MAX_SEEDS) refused.clear()
      refused.set(seed.id, (seedRefused = new Set()))
    }
    const controller = new AbortController()
    const timer = setTimeout(
      () =>
        controller.abort(
          new TimeoutError(
            `discovery deadline of ${timeoutSeconds}s exceeded before ${seed.id} answered`
          )
        ),
      timeoutSeconds * 1000
    )
    const work = discoverNodes(deps.getTransport(withCredentials), withCredentials, {
      signal: controller.signal,
      hostnames: deps.config.clusterDiscoverHostnames,
      renamedCommands: renamesFor(deps.config.renamedCommands, seed),
      refused: seedRefused,
      scope,
    })
      .then((found) => {
        report.record(found, deps.log)
        registry.remember(
          withCredentials,
          found.nodes.map((n) => n.target),
          now()
        )
        return found
      })
      .finally(() => {
        clearTimeout(timer)
        running.delete(key)
      })
    running.set(key, work)
    return work
  }

  return {
    discover,
    async allows(target) {
      if (scope(target)) return false
      if (registry.seedOf(target, now())) return true
      const seed = deps.config.target
      if (!seed) return false
      const pending = running.get(seed.uri)
      if (!pending && now() - lastOnDemandMs < ON_DEMAND_INTERVAL_MS) return false
      if (!pending) lastOnDemandMs = now()
      try {
        await (pending ?? discover(seed, Math.min(3, deps.config.scrapeTimeoutSeconds / 2)))
      } catch (err) {
        deps.log?.({
          level: 'warn',
          msg: 'discovery of REDIS_ADDR failed',
          target: seed.uri,
          error: err instanceof Error ? err.message : String(err),
        })
        return false
      }
      return registry.seedOf(target, now()) !== undefined
    },
    counts: () => report.counts(),
    withSeedCredentials(target) {
      if (scope(target)) return target
      const seed = registry.seedOf(target, now())
      if (!seed || target.password) return target
      if (target.username && target.username !== seed.username) return target
      return {
        ...target,
        ...(seed.username ? { username: seed.username } : {}),
        ...(seed.password ? { password: seed.password } : {}),
      }
    },
  }
}
