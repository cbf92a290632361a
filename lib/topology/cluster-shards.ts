import { asArray, asNumber, asPairs, asString } from '../parse/reply'
import type { TopologyNode } from './node'

/**
 * `CLUSTER SHARDS` (Redis 7.0+) -> nodes. Each shard is a map with `slots` and `nodes`; each node a
 * map with `id`, `ip`, `endpoint`, `hostname`, `port`, `tls-port`, `role`, `health`. Accepts RESP2
 * flat arrays and RESP3 maps. Nodes without a usable address are skipped. Never throws.
 */
export function parseClusterShards(reply: unknown): TopologyNode[] {
  const out: TopologyNode[] = []
  for (const shard of asArray(reply) ?? []) {
    const fields = record(shard)
    const shardId = asString(fields['id'])
    const nodes: TopologyNode[] = []
    for (const raw of asArray(fields['nodes']) ?? []) {
      const node = record(raw)
      const ip = usable(asString(node['ip'])) ?? usable(asString(node['endpoint']))
      const port = asNumber(node['port']) ?? asNumber(node['tls-port'])
      if (ip === undefined || port === undefined || port <= 0) continue
      const hostname = usable(asString(node['hostname']))
      const tlsPort = asNumber(node['tls-port'])
      const id = asString(node['id'])
      nodes.push({
        ip,
        port,
        role: asString(node['role']) === 'master' ? 'master' : 'replica',
        healthy: asString(node['health']) !== 'fail',
        ...(hostname ? { hostname } : {}),
        ...(tlsPort !== undefined && tlsPort > 0 ? { tlsPort } : {}),
        ...(id ? { id } : {}),
        ...(shardId ? { shardId } : {}),
      })
    }
    // Replicas follow the master of their shard.
    const masterId = nodes.find((n) => n.role === 'master')?.id
    for (const n of nodes) out.push(n.role === 'replica' && masterId ? { ...n, masterId } : n)
  }
  return out
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
