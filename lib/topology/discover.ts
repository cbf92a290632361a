import { classifyError, isEmptyReply } from '../capabilities/classify'
import type { RenamedCommands } from '../capabilities/renamed-commands'
import { commandName } from '../capabilities/renamed-commands'
import { factsFromInfo } from '../collect/plan'
import { TransportError } from '../errors'
import { parseInfo } from '../parse/info'
import { infoSectionsText } from '../parse/info-sections'
import type { Target } from '../target'
import { parseTarget } from '../target'
import type { RedisTransport } from '../transport/transport'
import type { Command, Reply } from '../types'
import { parseClusterNodes } from './cluster-nodes'
import { parseClusterShards } from './cluster-shards'
import type { ParsedNodes, TopologyNode } from './node'
import { MAX_DISCOVERED_NODES, withSeedCredentials } from './node'
import { replicationNodes } from './replication'
import type { ScopeCheck } from './scope'
import { sentinelNodes } from './sentinel'

/** One node found from a seed, ready to scrape. */
export interface DiscoveredNode {
  /** The node's address with the seed's scheme (TLS) and credentials. `target.id` is `host:port`. */
  readonly target: Target
  readonly role: 'master' | 'replica'
  /** False when the topology reports the node failed; it is listed anyway (and scrapes as down). */
  readonly healthy: boolean
  /** Cluster node id, shard id and the node id of a replica's master, when known. */
  readonly nodeId?: string
  readonly shardId?: string
  readonly masterId?: string
}

export type DiscoverySource = 'cluster_shards' | 'cluster_nodes' | 'info_replication' | 'sentinel'

/** A node the seed announced that the discovery scope keeps out. */
export interface OutOfScopeNode {
  /** `host:port` as announced (server-controlled; clip before printing). */
  readonly id: string
  readonly reason: string
  /** False for a never-reached address (no setting brings it in). */
  readonly fixable: boolean
}

export interface Discovery {
  readonly seed: Target
  readonly source: DiscoverySource
  /** Every in-scope node once: masters first, then replicas, each group by address. */
  readonly nodes: readonly DiscoveredNode[]
  /** Announced nodes left out because they are outside the scope; never given credentials. */
  readonly outOfScope: readonly OutOfScopeNode[]
  /** Announced entries past MAX_DISCOVERED_NODES, left unread. */
  readonly truncated: number
}

export interface DiscoverOptions {
  readonly signal: AbortSignal
  /**
   * Which announced nodes may be kept (discoveryScope). Required: a topology reply is written by
   * whoever can talk to the seed, and a node kept here is given the seed's credentials.
   */
  readonly scope: ScopeCheck
  /** Connect to announced hostnames instead of IPs (REDIS_EXPORTER_CLUSTER_DISCOVER_HOSTNAMES). */
  readonly hostnames?: boolean
  /** Commands the seed knows under other names (REDIS_EXPORTER_RENAMED_COMMANDS). */
  readonly renamedCommands?: RenamedCommands
  /**
   * Discovery commands this seed refused before (`CLUSTER SHARDS`...); filled in here and skipped
   * next time. Keep one set per seed to avoid an error reply on every discovery.
   */
  readonly refused?: Set<string>
}

/** The INFO sections discovery reads: the version and mode, cluster_enabled, the replicas. */
const SECTIONS: ReadonlySet<string> = new Set(['server', 'cluster', 'replication'])

/**
 * Finds every node behind a seed: `CLUSTER SHARDS` on a Redis 7+ cluster node, `CLUSTER NODES`
 * when SHARDS is missing or refused, the monitored masters and their replicas on a Sentinel
 * (`SENTINEL MASTERS` / `SLAVES`), and `INFO replication` (a master and its replicas) on a
 * standalone server or when CLUSTER is blocked. One round trip for INFO plus one per cluster
 * command tried. At most MAX_DISCOVERED_NODES nodes are read; only those in `opts.scope` are
 * returned. Rejects with TransportError or TimeoutError when the seed cannot be asked.
 */
export async function discoverNodes(
  transport: RedisTransport,
  seed: Target,
  opts: DiscoverOptions
): Promise<Discovery> {
  const renamed = opts.renamedCommands ?? {}
  const refused = opts.refused ?? new Set<string>()
  const ask = async (command: Command): Promise<Reply> => {
    const [reply] = await transport.send([command], { signal: opts.signal })
    if (!reply) throw new TransportError(`no reply to ${command.join(' ')}`)
    return reply
  }
  if (transport.connect) await transport.connect({ signal: opts.signal })
  const infoReply = await ask([commandName(renamed, 'INFO') ?? 'INFO'])
  if (!infoReply.ok) throw new TransportError(`INFO failed on the seed: ${infoReply.error}`)
  const text = typeof infoReply.value === 'string' ? infoReply.value : ''
  const info = parseInfo(infoSectionsText(text, SECTIONS))
  const facts = factsFromInfo(info)
  const cluster = commandName(renamed, 'CLUSTER')
  const sentinel = commandName(renamed, 'SENTINEL')
  if (facts?.sentinel && sentinel) {
    const nodes = await sentinelNodes(transport, sentinel, opts.signal)
    return result(seed, 'sentinel', nodes, opts)
  }

  if (facts?.clusterEnabled && cluster) {
    const tries: [string, DiscoverySource, (v: unknown) => ParsedNodes][] = [
      ['SHARDS', 'cluster_shards', parseClusterShards],
      ['NODES', 'cluster_nodes', (v) => parseClusterNodes(v, unbracket(seed.host))],
    ]
    for (const [sub, source, parse] of tries) {
      if (refused.has(sub) || (sub === 'SHARDS' && facts.major < 7)) continue
      const reply = await ask([cluster, sub])
      if (!reply.ok) {
        if (classifyError(reply.error) === 'unavailable') {
          refused.add(sub)
          continue
        }
        throw new TransportError(`CLUSTER ${sub} failed on the seed: ${reply.error}`)
      }
      const parsed = isEmptyReply(reply.value) ? { nodes: [], dropped: 0 } : parse(reply.value)
      if (parsed.nodes.length > 0) return result(seed, source, parsed, opts)
    }
  }
  const self = { host: unbracket(seed.host), port: seed.port }
  const nodes = replicationNodes(info, self)
  return result(seed, 'info_replication', { nodes, dropped: 0 }, opts)
}

function result(
  seed: Target,
  source: DiscoverySource,
  parsed: ParsedNodes,
  opts: DiscoverOptions
): Discovery {
  const cut = Math.max(0, parsed.nodes.length - MAX_DISCOVERED_NODES)
  const seen = new Set<string>()
  const nodes: DiscoveredNode[] = []
  const outOfScope: OutOfScopeNode[] = []
  // A stable order (masters first, then by address) keeps the http_sd answer diff-free.
  const ordered = parsed.nodes
    .slice(0, MAX_DISCOVERED_NODES)
    .sort(
      (a, b) =>
        (a.role === b.role ? 0 : a.role === 'master' ? -1 : 1) ||
        a.ip.localeCompare(b.ip) ||
        a.port - b.port
    )
  for (const node of ordered) {
    const address = nodeAddress(seed, node, opts.hostnames === true)
    if (!address || seen.has(address.id)) continue
    seen.add(address.id)
    const outside = opts.scope(address)
    if (outside) {
      outOfScope.push({ id: address.id, ...outside })
      continue
    }
    nodes.push({
      target: withSeedCredentials(address, seed),
      role: node.role,
      healthy: node.healthy,
      ...(node.id ? { nodeId: node.id } : {}),
      ...(node.shardId ? { shardId: node.shardId } : {}),
      ...(node.masterId ? { masterId: node.masterId } : {}),
    })
  }
  return { seed, source, nodes, outOfScope, truncated: parsed.dropped + cut }
}

/** The node's address with the seed's scheme, database and user name (no password yet). */
export function nodeAddress(
  seed: Target,
  node: TopologyNode,
  hostnames: boolean
): Target | undefined {
  const host = hostnames && node.hostname ? node.hostname : node.ip
  const port = seed.tls && node.tlsPort ? node.tlsPort : node.port
  // The seed itself (a standalone server's INFO replication lists it): its address as parsed.
  if (port === seed.port && host === unbracket(seed.host)) {
    const { password: _none, ...same } = seed
    return same
  }
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  // `user:@` keeps a lone user name a user name (a bare `user@` reads as a password).
  const user = seed.username ? `${encodeURIComponent(seed.username)}:@` : ''
  try {
    const { password: _none, ...parsed } = parseTarget(
      `${seed.tls ? 'rediss' : 'redis'}://${user}${address}${seed.db ? `/${seed.db}` : ''}`
    )
    return parsed
  } catch {
    return undefined
  }
}

function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1')
}
