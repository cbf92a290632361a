import { asArray, asNumber, asPairs, asString } from '../parse/reply'
import type { ParsedNodes, TopologyNode } from './node'
import { MAX_DISCOVERED_NODES } from './node'

/**
 * `CLUSTER SHARDS` (Redis 7.0+) -> nodes. Each shard is a map with `slots` and `nodes`; each node a
 * map with `id`, `ip`, `endpoint`, `hostname`, `port`, `tls-port`, `role`, `health`. Accepts RESP2
 * flat arrays and RESP3 maps. Nodes without a usable address are skipped. Reads at most `limit`
 * nodes (and three times that many shards and nodes); the entries after are only counted. Never
 * throws.
 */
export function parseClusterShards(reply: unknown, limit = MAX_DISCOVERED_NODES): ParsedNodes {
  const out: TopologyNode[] = []
  const shards = asArray(reply) ?? []
  // Shards and nodes read so far: empty shards cannot make the loop run long either.
  let examined = 0
  for (let s = 0; s < shards.length; s++) {
    if (out.length >= limit || examined >= 3 * limit) {
      return { nodes: out, dropped: countNodes(shards, s) }
    }
    examined += 1
    const shardId = asString(field(shards[s], 'id'))
    const raws = asArray(field(shards[s], 'nodes')) ?? []
    const nodes: TopologyNode[] = []
    for (let n = 0; n < raws.length; n++) {
      if (out.length + nodes.length >= limit || examined >= 3 * limit) {
        tieReplicas(nodes, out)
        return { nodes: out, dropped: raws.length - n + countNodes(shards, s + 1) }
      }
      examined += 1
      const node = parseNode(record(raws[n]), shardId)
      if (node) nodes.push(node)
    }
    tieReplicas(nodes, out)
  }
  return { nodes: out, dropped: 0 }
}

function parseNode(
  node: Record<string, unknown>,
  shardId: string | undefined
): TopologyNode | undefined {
  const ip = usable(asString(node['ip'])) ?? usable(asString(node['endpoint']))
  const port = asNumber(node['port']) ?? asNumber(node['tls-port'])
  if (ip === undefined || port === undefined || port <= 0) return undefined
  const hostname = usable(asString(node['hostname']))
  const tlsPort = asNumber(node['tls-port'])
  const id = asString(node['id'])
  return {
    ip,
    port,
    role: asString(node['role']) === 'master' ? 'master' : 'replica',
    healthy: asString(node['health']) !== 'fail',
    ...(hostname ? { hostname } : {}),
    ...(tlsPort !== undefined && tlsPort > 0 ? { tlsPort } : {}),
    ...(id ? { id } : {}),
    ...(shardId ? { shardId } : {}),
  }
}

/** Replicas follow the master of their shard. */
function tieReplicas(nodes: readonly TopologyNode[], out: TopologyNode[]): void {
  const masterId = nodes.find((n) => n.role === 'master')?.id
  for (const n of nodes) out.push(n.role === 'replica' && masterId ? { ...n, masterId } : n)
}

/** Nodes listed by the shards from `from` on, counted without reading them. */
function countNodes(shards: readonly unknown[], from: number): number {
  let count = 0
  for (let s = from; s < shards.length; s++) {
    count += asArray(field(shards[s], 'nodes'))?.length ?? 0
  }
  return count
}

/** One field of a map-like reply, found without copying the map. */
function field(x: unknown, key: string): unknown {
  if (x instanceof Map) return x.get(key)
  if (!Array.isArray(x)) return record(x)[key]
  for (let i = 0; i + 1 < x.length; i += 2) if (asString(x[i]) === key) return x[i + 1]
  return undefined
}

function record(x: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null)
  for (const [k, v] of asPairs(x)) {
    const key = asString(k)
    if (key !== undefined) out[key] = v
  }
  return out
}

function usable(text: string | undefined): string | undefined {
  return text === undefined || text === '' || text === '?' ? undefined : text
}
