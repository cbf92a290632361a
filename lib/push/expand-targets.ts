import { renamesFor } from '../capabilities/renamed-commands'
import type { Config } from '../config'
import { TimeoutError, redact } from '../errors'
import { raceAbort, withDeadline } from '../primitives/deadline'
import type { Target } from '../target'
import { discoverNodes } from '../topology/discover'
import type { DiscoveredNode, Discovery } from '../topology/discover'
import type { ScopeCheck } from '../topology/scope'
import { SCOPE_SETTING, discoveryScope } from '../topology/scope'
import { ScopeReport } from '../topology/scope-report'
import type { RedisTransport } from '../transport/transport'
import { MAX_USER_DIMENSIONS } from './dimensions'
import type { PushTarget } from './types'
import type { WarmState } from './warm-state'
import { newWarmState } from './warm-state'

/** REDIS_EXPORTER_PUSH_DISCOVER_NODES: which seeds the push replaces by their nodes. */
export type DiscoverMode = 'off' | 'cluster' | 'all'

export const DISCOVER_MODES: readonly DiscoverMode[] = ['off', 'cluster', 'all']

export function isDiscoverMode(value: string): value is DiscoverMode {
  return (DISCOVER_MODES as readonly string[]).includes(value)
}

/** The dimension every node of an expanded seed carries: the seed's id. */
export const SEED_DIMENSION = 'seed'

/** How long a discovered node list is reused before the seed is asked again. */
export const DISCOVERY_TTL_MS = 5 * 60_000

interface SeedEntry {
  /** The seed's nodes; undefined when the seed is pushed as itself. */
  nodes?: readonly DiscoveredNode[]
  /** When to ask the seed again; Infinity for a seed known not to be a cluster. */
  expiresAtMs: number
  /** Discovery commands the seed refused (see DiscoverOptions.refused). */
  readonly refused: Set<string>
  /** A failed discovery was logged; cleared by the next success. */
  warned: boolean
}

/**
 * What a warm process remembers per seed between pushes (at most MAX_SEEDS), and the nodes
 * discoveries left out (out of scope, past the cap) since the process started.
 */
export type DiscoveryState = WarmState<SeedEntry, ScopeReport>

/** The most seeds a push remembers the nodes of. */
export const MAX_SEEDS = 1000

export function newDiscoveryState(): DiscoveryState {
  return newWarmState(MAX_SEEDS, new ScopeReport())
}

export interface ExpandTargetsOptions<T extends PushTarget> {
  readonly targets: readonly T[]
  readonly mode: DiscoverMode
  /** Fills in the seed's credentials before discovery (as runPush's prepare). */
  readonly prepare?: (target: T) => PushTarget | Promise<PushTarget>
  readonly getTransport: (target: Target) => RedisTransport
  /** REDIS_EXPORTER_SCRAPE_TIMEOUT bounds each discovery; renamed commands and hostnames apply. */
  readonly config: Config
  readonly state: DiscoveryState
  /** Epoch ms the whole push must end by; discovery takes at most a quarter of what is left. */
  readonly deadlineMs: number
  readonly ttlMs?: number
  readonly now?: () => number
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void
}

/**
 * Replaces each seed by the nodes behind it (mode `cluster`: only cluster seeds; `all`: also a
 * master's replicas), so every node is collected under its own deadline and keeps its own series:
 * a node's id is its `host:port` and it carries the seed's dimensions plus `seed=<seed id>`. The
 * node list is reused for `ttlMs`; a seed that is not a cluster (mode `cluster`) is never asked
 * again. When discovery fails the last known nodes are used, else the seed itself, with one warning
 * per seed until discovery works again. Never throws; seeds are asked concurrently.
 *
 * Only nodes in the discovery scope (discoveryScope: the push targets themselves, REDIS_ADDR,
 * REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS, REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS) are pushed: a
 * node outside is never connected to nor sent a credential. A push whose discoveries left nodes
 * out logs one line with the counts (`out_of_scope_nodes`, `truncated_nodes`).
 */
export async function expandTargets<T extends PushTarget>(
  opts: ExpandTargetsOptions<T>
): Promise<T[]> {
  if (opts.mode === 'off') return [...opts.targets]
  const now = opts.now ?? Date.now
  const timeoutMs = Math.max(
    50,
    Math.min(opts.config.scrapeTimeoutSeconds * 1000, (opts.deadlineMs - now()) / 4)
  )
  const scope = discoveryScope(
    opts.config,
    opts.targets.map((t) => t.target)
  )
  const before = opts.state.history.counts()
  // A seed whose nodes are known (or known to be none) is not waited for: no promise per seed.
  const pending = opts.targets.map((spec) => {
    const entry = refresh(spec, opts, scope, timeoutMs, now)
    return entry instanceof Promise ? entry.then((e) => nodesOf(e, spec)) : nodesOf(entry, spec)
  })
  const waits = pending.some((p) => p instanceof Promise)
  const lists = waits ? await Promise.all(pending) : (pending as T[][])
  logLeftOut(opts, before)
  const seen = new Set<string>()
  const out: T[] = []
  // A node reached from two seeds is collected once, for the first.
  for (const list of lists) {
    for (const t of list) {
      if (seen.has(t.id)) continue
      seen.add(t.id)
      out.push(t)
    }
  }
  return out
}

/** The seed's entry: as it is while fresh, else after asking the seed (a promise). */
function refresh<T extends PushTarget>(
  spec: T,
  opts: ExpandTargetsOptions<T>,
  scope: ScopeCheck,
  timeoutMs: number,
  now: () => number
): SeedEntry | Promise<SeedEntry> {
  const entry = opts.state.entries.getOrSet(spec.id, () => ({
    expiresAtMs: 0,
    refused: new Set(),
    warned: false,
  }))
  return now() < entry.expiresAtMs ? entry : ask(spec, entry, opts, scope, timeoutMs, now)
}

async function ask<T extends PushTarget>(
  spec: T,
  entry: SeedEntry,
  opts: ExpandTargetsOptions<T>,
  scope: ScopeCheck,
  timeoutMs: number,
  now: () => number
): Promise<SeedEntry> {
  // The seed as asked (with its prepared credentials, to redact them from a failure).
  const asked = { seed: spec.target }
  try {
    const found = await withDeadline(
      timeoutMs,
      () => new TimeoutError(`discovering the nodes of ${spec.id} took over ${timeoutMs / 1000}s`),
      (signal) => raceAbort(discoverSeed(spec, asked, entry.refused, opts, scope, signal), signal)
    )
    if (found) opts.state.history.record(found, opts.log)
    const expand =
      found !== undefined &&
      (isCluster(found.source) ||
        (opts.mode === 'all' && found.source === 'info_replication' && !alone(found)))
    entry.nodes = expand ? found.nodes : undefined
    // Mode `cluster` (or Upstash): a seed that is not a cluster stays one; never ask it again.
    entry.expiresAtMs =
      expand || (found && opts.mode === 'all') ? now() + (opts.ttlMs ?? DISCOVERY_TTL_MS) : Infinity
    entry.warned = false
  } catch (err) {
    if (!entry.warned) {
      entry.warned = true
      const message = err instanceof Error ? err.message : String(err)
      ;(opts.log ?? (() => undefined))({
        level: 'warn',
        msg: entry.nodes
          ? 'node discovery failed; pushing the nodes found before'
          : 'node discovery failed; pushing the seed itself',
        target: spec.id,
        error: redact(message, [opts.config.password, asked.seed.password]),
      })
    }
  }
  return entry
}

/** Asks one seed for its nodes; undefined for Upstash REST (billed per command, no nodes). */
async function discoverSeed<T extends PushTarget>(
  spec: T,
  asked: { seed: Target },
  refused: Set<string>,
  opts: ExpandTargetsOptions<T>,
  scope: ScopeCheck,
  signal: AbortSignal
): Promise<Discovery | undefined> {
  if (opts.prepare) asked.seed = (await opts.prepare(spec)).target
  const seed = asked.seed
  const transport = opts.getTransport(seed)
  if (transport.profile === 'upstash') return undefined
  return discoverNodes(transport, seed, {
    signal,
    hostnames: opts.config.clusterDiscoverHostnames,
    renamedCommands: renamesFor(opts.config.renamedCommands, seed),
    refused,
    scope,
  })
}

/** One line per push whose discoveries left nodes out, with the counts of this push. */
function logLeftOut<T extends PushTarget>(
  opts: ExpandTargetsOptions<T>,
  before: ReturnType<ScopeReport['counts']>
): void {
  const after = opts.state.history.counts()
  const outOfScope = after.outOfScope - before.outOfScope
  const truncated = after.truncated - before.truncated
  if (outOfScope === 0 && truncated === 0) return
  ;(opts.log ?? (() => undefined))({
    level: 'warn',
    msg: 'node discovery left nodes out of this push',
    out_of_scope_nodes: outOfScope,
    truncated_nodes: truncated,
    setting: SCOPE_SETTING,
  })
}

/** A standalone master without replicas: its only node is the seed itself. */
function alone(found: Discovery): boolean {
  return found.nodes.length <= 1
}

function nodesOf<T extends PushTarget>(entry: SeedEntry, spec: T): T[] {
  if (!entry.nodes || entry.nodes.length === 0) return [spec]
  const dims = { ...spec.dimensions }
  if (!(SEED_DIMENSION in dims) && Object.keys(dims).length < MAX_USER_DIMENSIONS) {
    dims[SEED_DIMENSION] = spec.id
  }
  return entry.nodes.map((node) => ({
    ...spec,
    id: node.target.id,
    target: nodeTarget(node.target, spec.target),
    dimensions: dims,
  }))
}

/**
 * The node's address with the seed's configured credentials (not the prepared ones: runPush's
 * prepare fills those per node, so the cached list never holds a secret).
 */
function nodeTarget(node: Target, seed: Target): Target {
  const { username: _u, password: _p, ...address } = node
  const user = seed.username ? `${encodeURIComponent(seed.username)}@` : ''
  return {
    ...address,
    ...(seed.username ? { username: seed.username } : {}),
    ...(seed.password ? { password: seed.password } : {}),
    uri: `${node.tls ? 'rediss' : 'redis'}://${user}${node.id}${node.db ? `/${node.db}` : ''}`,
  }
}

/**
 * Mode `cluster` expands a cluster seed only; `all` a master with replicas too. A Sentinel seed is
 * pushed as itself (its nodes are not the Sentinel: list them with /discover-cluster-nodes).
 */
function isCluster(source: Discovery['source']): boolean {
  return source === 'cluster_shards' || source === 'cluster_nodes'
}
