/**
 * REDIS_EXPORTER_IS_CLUSTER: the key checks of a scrape reach the cluster's masters. The slot map
 * (`CLUSTER MYID` and `CLUSTER SLOTS` on the scraped node) is kept per target for SLOT_MAP_TTL_MS and asked again
 * after a MOVED or ASK; each key goes to the master owning its slot, SCAN walks visit every master.
 * Another node is reached only inside the discovery scope, with the target's credentials, through
 * the runtime's transport pool.
 */
import { clip } from '../bounds'
import { asString } from '../parse/reply'
import type { Target } from '../target'
import { parseClusterSlots } from '../topology/cluster-slots'
import type { SlotMap } from '../topology/cluster-slots'
import { nodeAddress } from '../topology/discover'
import { withSeedCredentials } from '../topology/node'
import type { ScopeCheck } from '../topology/scope'
import type { RedisTransport } from '../transport/transport'
import { routedTrip } from './cluster-wire'
import type { KeyContext, KeyRoute } from './wire'

/** What the key checks need to reach the other nodes of a cluster. */
export interface ClusterLink {
  /** The scraped target, with its credentials: its connection is the scrape's own. */
  readonly seed: Target
  /** Which announced nodes may be reached (discoveryScope). */
  readonly scope: ScopeCheck
  /** The runtime's transport for a node (its pool keeps one warm per node). */
  readonly getTransport: (target: Target) => RedisTransport
}

/** How long a slot map is used before CLUSTER SLOTS is asked again (a MOVED or ASK asks at once). */
export const SLOT_MAP_TTL_MS = 60_000

/** A slot map remembered for a target. */
export interface CachedSlots {
  readonly map: SlotMap
  readonly at: number
  /** The scraped node's cluster node id (CLUSTER MYID). */
  readonly self?: string
  /** A MOVED or ASK showed the map is out of date. */
  stale: boolean
}

/** A node of the route: its transport, or why it cannot be reached (outside the scope). */
export type Reach = RedisTransport | { readonly refused: string }

/**
 * The route of this scrape's key checks, or undefined when the target gives no slot map (not a
 * cluster, CLUSTER refused, or the budget has no command left for CLUSTER SLOTS and none is
 * cached): then everything runs on the scrape's connection, as without the setting.
 */
export async function clusterRoute(
  ctx: KeyContext,
  link: ClusterLink
): Promise<KeyRoute | undefined> {
  const cached = await slotMap(ctx, link)
  if (!cached || cached.map.masters.length === 0) return undefined
  const { map } = cached
  // The scraped node as the map names it (an IP where REDIS_ADDR has a name): its own connection.
  const self = new Set([link.seed.id.toLowerCase()])
  for (const m of map.masters)
    if (m.nodeId && m.nodeId === cached.self) self.add(m.id.toLowerCase())
  const reached = new Map<string, Reach>()
  const reach = (id: string): Reach => {
    const key = id.toLowerCase()
    if (self.has(key)) return ctx.transport
    let found = reached.get(key)
    if (!found) {
      found = connect(link, id)
      reached.set(key, found)
    }
    return found
  }
  return {
    masters: map.masters.map((m) => m.id),
    trip: (jobs) => routedTrip(ctx, { map, reach, seedId: link.seed.id }, jobs),
  }
}

/** The cached slot map, or a fresh one: `CLUSTER MYID` and `CLUSTER SLOTS` in one round trip. */
async function slotMap(ctx: KeyContext, link: ClusterLink): Promise<CachedSlots | undefined> {
  const cached = ctx.state.slots
  if (cached && !cached.stale && ctx.now() - cached.at < SLOT_MAP_TTL_MS) return cached
  if (!ctx.budget.take(2)) return cached
  ctx.roundTrips += 1
  const [myId, reply] = await ctx.transport.send(
    [
      ['CLUSTER', 'MYID'],
      ['CLUSTER', 'SLOTS'],
    ],
    { signal: ctx.signal }
  )
  if (!reply?.ok) {
    ctx.errors.set('CLUSTER', clip(reply?.error ?? 'no reply to CLUSTER SLOTS'))
    return cached
  }
  const host = link.seed.host.replace(/^\[(.*)\]$/, '$1')
  const self = myId?.ok ? asString(myId.value) : undefined
  const fresh: CachedSlots = {
    map: parseClusterSlots(reply.value, host),
    at: ctx.now(),
    stale: false,
    ...(self ? { self } : {}),
  }
  ctx.state.slots = fresh
  return fresh
}

/** The transport of node `id` (`host:port`), or why the discovery scope keeps it out. */
function connect(link: ClusterLink, id: string): Reach {
  const colon = id.lastIndexOf(':')
  const host = id.slice(0, colon).replace(/^\[(.*)\]$/, '$1')
  const port = Number(id.slice(colon + 1))
  const address = nodeAddress(link.seed, { ip: host, port, role: 'master', healthy: true }, false)
  if (!address) return { refused: `${clip(id)} is not a usable address` }
  const outside = link.scope(address)
  if (outside) return { refused: `cluster node ${clip(outside.reason)}` }
  return link.getTransport(withSeedCredentials(address, link.seed))
}
