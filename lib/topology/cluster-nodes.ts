import { asString } from '../parse/reply'
import type { ParsedNodes, TopologyNode } from './node'
import { MAX_DISCOVERED_NODES } from './node'

/**
 * `CLUSTER NODES` text -> nodes. A line is `<id> <ip:port@cport[,hostname[,aux=value...]]> <flags>
 * <master-id|-> <ping> <pong> <epoch> <link> [slots...]`. Nodes flagged `noaddr` or `handshake`
 * (address not known yet) are skipped; an empty ip (a node that has not met the others) is the
 * address the seed was reached on (`selfHost`). Reads at most `limit` nodes (and twice that many
 * lines); the lines after are only counted. Never throws.
 */
export function parseClusterNodes(
  reply: unknown,
  selfHost: string,
  limit = MAX_DISCOVERED_NODES
): ParsedNodes {
  const text = asString(reply)
  const nodes: TopologyNode[] = []
  if (text === undefined) return { nodes, dropped: 0 }
  let examined = 0
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline
    const line = text.slice(start, end).trim()
    if (line !== '') {
      if (nodes.length >= limit || examined >= 2 * limit) {
        return { nodes, dropped: countLines(text, start) }
      }
      examined += 1
      const node = parseLine(line, selfHost)
      if (node) nodes.push(node)
    }
    start = end + 1
  }
  return { nodes, dropped: 0 }
}

function parseLine(line: string, selfHost: string): TopologyNode | undefined {
  const [id, address, flagText, master] = line.split(/\s+/, 4)
  if (!id || !address || !flagText || !master) return undefined
  const flags = new Set(flagText.split(','))
  if (flags.has('noaddr') || flags.has('handshake')) return undefined
  const [hostPort = '', ...aux] = address.split(',')
  const hostAndPort = hostPort.split('@')[0] ?? ''
  const colon = hostAndPort.lastIndexOf(':')
  if (colon === -1) return undefined
  const ip = hostAndPort.slice(0, colon).replace(/^\[(.*)\]$/, '$1') || selfHost
  const port = Number(hostAndPort.slice(colon + 1))
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined
  const fields: Record<string, string> = Object.create(null)
  let hostname: string | undefined
  for (const item of aux) {
    const eq = item.indexOf('=')
    if (eq === -1) hostname ||= item || undefined
    else fields[item.slice(0, eq)] = item.slice(eq + 1)
  }
  const replica = flags.has('slave') || flags.has('replica')
  const tlsPort = Number(fields['tls-port'])
  return {
    ip,
    port,
    role: replica ? 'replica' : 'master',
    healthy: !flags.has('fail'),
    id,
    ...(hostname ? { hostname } : {}),
    ...(Number.isInteger(tlsPort) && tlsPort > 0 ? { tlsPort } : {}),
    ...(replica && master !== '-' ? { masterId: master } : {}),
    ...(fields['shard-id'] ? { shardId: fields['shard-id'] } : {}),
  }
}

/** Lines from `start` on that begin with a visible character, counted without copying them. */
function countLines(text: string, start: number): number {
  let count = 0
  for (let at = start; at < text.length;) {
    if (text.charCodeAt(at) > 32) count += 1
    const newline = text.indexOf('\n', at)
    if (newline === -1) break
    at = newline + 1
  }
  return count
}
