import { parseConnectedSlaves, parseMasterLinks } from '../parse/replication'
import type { InfoRecord } from '../types'
import type { TopologyNode } from './node'

/**
 * The nodes `INFO replication` shows from one node: a master lists itself and its replicas; a
 * replica lists its master and itself (its fellow replicas are visible only from the master).
 * `self` is the address the node was reached on. Never throws.
 */
export function replicationNodes(
  info: InfoRecord,
  self: { host: string; port: number }
): TopologyNode[] {
  const me: TopologyNode = { ip: self.host, port: self.port, role: 'master', healthy: true }
  if (info['role'] === 'slave') {
    const link = parseMasterLinks(info)[0]
    const port = Number(link?.port)
    const nodes: TopologyNode[] = []
    if (link && link.host !== '' && Number.isInteger(port) && port > 0) {
      nodes.push({ ip: link.host, port, role: 'master', healthy: link.linkUp })
    }
    nodes.push({ ...me, role: 'replica' })
    return nodes
  }
  const replicas: TopologyNode[] = []
  for (const slave of parseConnectedSlaves(info)) {
    const port = Number(slave.port)
    if (slave.ip === '' || !Number.isInteger(port) || port <= 0) continue
    replicas.push({ ip: slave.ip, port, role: 'replica', healthy: slave.state === 'online' })
  }
  return [me, ...replicas]
}
