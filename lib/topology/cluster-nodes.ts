import { asString } from '../parse/reply'
import type { TopologyNode } from './node'

/**
 * `CLUSTER NODES` text -> nodes. A line is `<id> <ip:port@cport[,hostname[,aux=value...]]> <flags>
 * <master-id|-> <ping> <pong> <epoch> <link> [slots...]`. Nodes flagged `noaddr` or `handshake`
 * (address not known yet) are skipped; an empty ip (a node that has not met the others) is the
 * address the seed was reached on (`selfHost`). Never throws.
 */
export function parseClusterNodes(reply: unknown, selfHost: string): TopologyNode[] {
  const text = asString(reply)
  if (text === undefined) return []
  const out: TopologyNode[] = []
  for (const line of text.split('\n')) {
    const [id, address, flagText, master] = line.trim().split(/\s+/)
    if (!id || !address || !flagText || !master) continue
    const flags = new Set(flagText.split(','))
    if (flags.has('noaddr') || flags.has('handshake')) continue
    const [hostPort = '', ...aux] = address.split(',')
    const hostAndPort = hostPort.split('@')[0] ?? ''
    const colon = hostAndPort.lastIndexOf(':')
    if (colon === -1) continue
    const ip = hostAndPort.slice(0, colon).replace(/^\[(.*)\]$/, '$1') || selfHost
    const port = Number(hostAndPort.slice(colon + 1))
    if (!Number.isInteger(port) || port <= 0 || port > 65535) continue
    const fields: Record<string, string> = {}
    let hostname: string | undefined
    for (const item of aux) {
      const eq = item.indexOf('=')
      if (eq === -1) hostname ||= item || undefined
      else fields[item.slice(0, eq)] = item.slice(eq + 1)
    }
    const replica = flags.has('slave') || flags.has('replica')
    const tlsPort = Number(fields['tls-port'])
    out.push({
      ip,
      port,
      role: replica ? 'replica' : 'master',
      healthy: !flags.has('fail'),
      id,
      ...(hostname ? { hostname } : {}),
      ...(Number.isInteger(tlsPort) && tlsPort > 0 ? { tlsPort } : {}),
      ...(replica && master !== '-' ? { masterId: master } : {}),
      ...(fields['shard-id'] ? { shardId: fields['shard-id'] } : {}),
    })
  }
  return out
}
