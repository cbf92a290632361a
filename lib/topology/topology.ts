import { renamesFor } from '../capabilities/renamed-commands'
import type { Config } from '../config'
import { configSecrets } from '../settings/secrets'
import { TimeoutError, redact } from '../errors'
import { FailureLog, logOutcome } from '../failure-log'
import { BoundedMap } from '../primitives/bounded-map'
import { withDeadline } from '../primitives/deadline'
import { Singleflight } from '../primitives/singleflight'
import { targetCredentials } from '../settings/password-map'
import type { Target } from '../target'
import type { RedisTransport } from '../transport/transport'
import type { Discovery } from './discover'
import { withSeedCredentials } from './node'
import { DiscoveredTargets } from './registry'
import type { ScopeCheck } from './scope'
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
/** The most seeds whose refused discovery commands are remembered. */
const MAX_SEEDS = 100

export function createTopology(deps: TopologyDeps): Topology {
  const now = deps.now ?? Date.now
  const scope = discoveryScope(deps.config)
  const registry = new DiscoveredTargets({ scope, now })
  const report = new ScopeReport()
  const refused = new BoundedMap<string, Set<string>>(MAX_SEEDS)
  const running = new Singleflight<Discovery>()

  const discoverOnce = async (seed: Target, timeoutSeconds: number): Promise<Discovery> => {
    const withCredentials: Target = { ...seed, ...targetCredentials(seed, deps.config) }
    const found = await withDeadline(
      timeoutSeconds * 1000,
      () =>
        new TimeoutError(
          `discovery deadline of ${timeoutSeconds}s exceeded before ${seed.id} answered`
        ),
      async (signal) =>
        // Loaded on first use: a scrape that never discovers never loads the topology parsers.
        (await import('./discover')).discoverNodes(
          deps.getTransport(withCredentials),
          withCredentials,
          {
            signal,
            hostnames: deps.config.clusterDiscoverHostnames,
            renamedCommands: renamesFor(deps.config.renamedCommands, seed),
            refused: refused.getOrSet(seed.id, () => new Set()),
            scope,
          }
        )
    )
    report.record(found, deps.log)
    registry.remember(
      withCredentials,
      found.nodes.map((n) => n.target)
    )
    return found
  }
  const discover = (seed: Target, timeoutSeconds: number): Promise<Discovery> =>
    running.run(seed.uri, () => discoverOnce(seed, timeoutSeconds))

  return {
    discover,
    allows: onDemand({ ...deps, now, scope, registry, running, discover }),
    counts: () => report.counts(),
    withSeedCredentials(target) {
      if (scope(target)) return target
      const seed = registry.seedOf(target)
      if (!seed || target.password) return target
      if (target.username && target.username !== seed.username) return target
      return withSeedCredentials(target, seed)
    },
  }
}

/**
 * Topology.allows: a discovered in-scope node, else REDIS_ADDR discovered again (at most every
 * ON_DEMAND_INTERVAL_MS). A failing rediscovery logs its first failure, then a line a minute with
 * the count, then its recovery (FailureLog).
 */
function onDemand(
  deps: TopologyDeps & {
    readonly now: () => number
    readonly scope: ScopeCheck
    readonly registry: DiscoveredTargets
    readonly running: Singleflight<Discovery>
    readonly discover: Topology['discover']
  }
): Topology['allows'] {
  const { config, now, registry } = deps
  const failures = new FailureLog()
  let lastOnDemandMs = -Infinity
  return async (target) => {
    if (deps.scope(target)) return false
    if (registry.seedOf(target)) return true
    const seed = config.target
    if (!seed) return false
    const pending = deps.running.pending(seed.uri)
    if (!pending && now() - lastOnDemandMs < ON_DEMAND_INTERVAL_MS) return false
    if (!pending) lastOnDemandMs = now()
    const log = deps.log ?? (() => undefined)
    const outcome = { key: seed.uri, nowMs: now() }
    try {
      await (pending ?? deps.discover(seed, Math.min(3, config.scrapeTimeoutSeconds / 2)))
    } catch (err) {
      const error = redact(err instanceof Error ? err.message : String(err), configSecrets(config))
      logOutcome(failures, log, DISCOVERY_LINES, { ...outcome, ok: false, details: { error } })
      return false
    }
    logOutcome(failures, log, DISCOVERY_LINES, { ...outcome, ok: true })
    return registry.seedOf(target) !== undefined
  }
}

const DISCOVERY_LINES = {
  failed: 'discovery of REDIS_ADDR failed',
  recovered: 'discovery of REDIS_ADDR recovered',
}
