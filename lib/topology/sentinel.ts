import { TransportError } from '../errors'
import { parseNumber } from '../parse/number'
import { isDown, parseSentinelEntries, parseSentinelMasters } from '../parse/sentinel'
import type { RedisTransport } from '../transport/transport'
import type { Command } from '../types'
import type { ParsedNodes, TopologyNode } from './node'

/**
 * The nodes a Sentinel monitors: `SENTINEL MASTERS`, then `SENTINEL SLAVES <m>` for every master
 * in one pipelined round trip (MAX_SENTINEL_MASTERS masters at most; the replicas of a master
 * whose SLAVES failed are left out). A node flagged `s_down` or `o_down` is listed unhealthy. The
 * Sentinel itself is not a node here: it is the seed. `sentinel` is the command's name on this
 * server. Rejects when MASTERS fails.
 */
export async function sentinelNodes(
  transport: RedisTransport,
  sentinel: string,
  signal: AbortSignal
): Promise<ParsedNodes> {
  const [mastersReply] = await transport.send([[sentinel, 'MASTERS']], { signal })
  if (!mastersReply?.ok) {
    throw new TransportError(
      `SENTINEL MASTERS failed on the seed: ${mastersReply?.error ?? 'no reply'}`
    )
  }
  const masters = parseSentinelMasters(mastersReply.value)
  const nodes: TopologyNode[] = []
  for (const m of masters) {
    const node = nodeOf(m.fields, 'master')
    if (node) nodes.push(node)
  }
  if (masters.length === 0) return { nodes, dropped: 0 }
  const commands: Command[] = masters.map((m) => [sentinel, 'SLAVES', m.name])
  const replies = await transport.send(commands, { signal })
  for (const reply of replies) {
    if (!reply.ok) continue
    for (const fields of parseSentinelEntries(reply.value)) {
      const node = nodeOf(fields, 'replica')
      if (node) nodes.push(node)
    }
  }
  return { nodes, dropped: 0 }
}

function nodeOf(
  fields: Readonly<Record<string, string>>,
  role: TopologyNode['role']
): TopologyNode | undefined {
  const ip = fields['ip']
  const port = parseNumber(fields['port'])
  if (!ip || port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    return undefined
  }
  return { ip, port, role, healthy: !isDown(fields['flags'] ?? '') }
}
