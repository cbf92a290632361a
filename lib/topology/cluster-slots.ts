import { asArray, asNumber, asString } from '../parse/reply'
import { CLUSTER_SLOTS } from '../keys/key-slot'
import { MAX_DISCOVERED_NODES } from './node'

/** Who serves each hash slot of a cluster: the masters, and per slot an index into them. */
export interface SlotMap {
  /** The masters that own slots, `host:port` (IPv6 in brackets), in the order first seen. */
  readonly masters: readonly SlotOwner[]
  /** Per slot, the index of its master in `masters`; -1 when no master serves it. */
  readonly owner: Int16Array
}

export interface SlotOwner {
  readonly host: string
  readonly port: number
  /** `host:port`, IPv6 in brackets. */
  readonly id: string
  /** The cluster node id, when the reply gives it (Redis 3.0+). */
  readonly nodeId?: string
}

/**
 * `CLUSTER SLOTS` -> the slot map. Each entry is `[start, end, [ip, port, id, …], replicas…]`
 * (RESP2 and RESP3 alike); an empty ip is the address the reply came from (`selfHost`), and `?`
 * (an unknown endpoint) leaves the range unserved. Ranges outside 0…16383 are skipped; at most
 * 16,384 entries and MAX_DISCOVERED_NODES masters are read. Never throws.
 */
export function parseClusterSlots(reply: unknown, selfHost: string): SlotMap {
  const owner = new Int16Array(CLUSTER_SLOTS).fill(-1)
  const masters: SlotOwner[] = []
  const index = new Map<string, number>()
  const entries = asArray(reply) ?? []
  for (const raw of entries.slice(0, CLUSTER_SLOTS)) {
    const entry = asArray(raw)
    const start = asNumber(entry?.[0])
    const end = asNumber(entry?.[1])
    const master = masterOf(entry?.[2], selfHost)
    if (start === undefined || end === undefined || !master) continue
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) continue
    let at = index.get(master.id)
    if (at === undefined) {
      if (masters.length >= MAX_DISCOVERED_NODES) continue
      at = masters.length
      masters.push(master)
      index.set(master.id, at)
    }
    owner.fill(at, start, Math.min(end, CLUSTER_SLOTS - 1) + 1)
  }
  return { masters, owner }
}

function masterOf(x: unknown, selfHost: string): SlotOwner | undefined {
  const node = asArray(x)
  const ip = asString(node?.[0])
  const port = asNumber(node?.[1])
  if (ip === undefined || ip === '?' || port === undefined) return undefined
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined
  const host = (ip || selfHost).replace(/^\[(.*)\]$/, '$1')
  if (host === '') return undefined
  const nodeId = asString(node?.[2])
  return {
    host,
    port,
    id: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    ...(nodeId && /^[0-9a-f]{40}$/i.test(nodeId) ? { nodeId } : {}),
  }
}
