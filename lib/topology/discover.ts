import { classifyError, isEmptyReply } from '../capabilities/classify'
import type { RenamedCommands } from '../capabilities/renamed-commands'
import { commandName } from '../capabilities/renamed-commands'
import { factsFromInfo } from '../collect/plan'
import { TransportError } from '../errors'
import { parseInfo } from '../parse/info'
import type { Target } from '../target'
import { parseTarget } from '../target'
import type { RedisTransport } from '../transport/transport'
import type { Command, Reply } from '../types'
import { parseClusterNodes } from './cluster-nodes'
import { parseClusterShards } from './cluster-shards'
import type { TopologyNode } from './node'
import { replicationNodes } from './replication'

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

export type DiscoverySource = 'cluster_shards' | 'cluster_nodes' | 'info_replication'

export interface Discovery {
  readonly seed: Target
  readonly source: DiscoverySource
  /** Every node once: masters first, then replicas, each group by address. */
  readonly nodes: readonly DiscoveredNode[]
}

export interface DiscoverOptions {
  readonly signal: AbortSignal
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

/**
 * Finds every node behind a seed: `CLUSTER SHARDS` on a Redis 7+ cluster node, `CLUSTER NODES`
 * when SHARDS is missing or refused, and `INFO replication` (a master and its replicas) on a
 * standalone server or when CLUSTER is blocked. One round trip for INFO plus one per cluster
 * command tried. Rejects with TransportError or TimeoutError when the seed cannot be asked.
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
  const info = parseInfo(typeof infoReply.value === 'string' ? infoReply.value : '')
  const facts = factsFromInfo(info)
  const cluster = commandName(renamed, 'CLUSTER')

  if (facts?.clusterEnabled && cluster) {
    const tries: [string, DiscoverySource, (v: unknown) => TopologyNode[]][] = [
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
      const nodes = isEmptyReply(reply.value) ? [] : parse(reply.value)
      if (nodes.length > 0) return result(seed, source, nodes, opts.hostnames === true)
    }
  }
  const self = { host: unbracket(seed.host), port: seed.port }
  return result(seed, 'info_replication', replicationNodes(info, self), opts.hostnames === true)
}

function result(
  seed: Target,
  source: DiscoverySource,
  nodes: readonly TopologyNode[],
  hostnames: boolean
): Discovery {
  const seen = new Set<string>()
  const out: DiscoveredNode[] = []
  // A stable order (masters first, then by address) keeps the http_sd answer diff-free.
  const ordered = [...nodes].sort(
    (a, b) =>
      (a.role === b.role ? 0 : a.role === 'master' ? -1 : 1) ||
      a.ip.localeCompare(b.ip) ||
      a.port - b.port
  )
  for (const node of ordered) {
    const target = nodeTarget(seed, node, hostnames)
    if (!target || seen.has(target.id)) continue
    seen.add(target.id)
    out.push({
      target,
      role: node.role,
      healthy: node.healthy,
      ...(node.id ? { nodeId: node.id } : {}),
      ...(node.shardId ? { shardId: node.shardId } : {}),
      ...(node.masterId ? { masterId: node.masterId } : {}),
    })
  }
  return { seed, source, nodes: out }
}

/** The node as a target: the seed's scheme, database and credentials, the node's address. */
function nodeTarget(seed: Target, node: TopologyNode, hostnames: boolean): Target | undefined {
  const host = hostnames && node.hostname ? node.hostname : node.ip
  const port = seed.tls && node.tlsPort ? node.tlsPort : node.port
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  // `user:@` keeps a lone user name a user name (a bare `user@` reads as a password).
  const user = seed.username ? `${encodeURIComponent(seed.username)}:@` : ''
  let parsed: Target
  try {
    parsed = parseTarget(
      `${seed.tls ? 'rediss' : 'redis'}://${user}${address}${seed.db ? `/${seed.db}` : ''}`
    )
  } catch {
    return undefined
  }
  return {
    ...parsed,
    ...(seed.username ? { username: seed.username } : {}),
    ...(seed.password ? { password: seed.password } : {}),
  }
}

function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1')
}
