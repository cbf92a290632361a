import type { Target } from '../target'

/** One Redis node as a topology command describes it. */
export interface TopologyNode {
  /** Address to connect to: an IP (or the announced hostname), without brackets. */
  readonly ip: string
  readonly hostname?: string
  readonly port: number
  /** TLS port, when the node announces one apart from `port`. */
  readonly tlsPort?: number
  readonly role: 'master' | 'replica'
  /** Cluster node id. */
  readonly id?: string
  /** Cluster node id of the master this replica follows. */
  readonly masterId?: string
  readonly shardId?: string
  /** False for nodes flagged `fail` / health `fail`; they are still listed (and scrape as down). */
  readonly healthy: boolean
}

/**
 * The most nodes one discovery keeps (Redis Cluster's documented ceiling is 1,000 nodes). A
 * topology reply is written by whoever can talk to the seed; anything past this is left unread
 * and counted, so a reply announcing 100,000 nodes costs no more than one announcing 1,000.
 */
export const MAX_DISCOVERED_NODES = 1000

/** What a topology parser read: at most its limit of nodes, and how many entries it left unread. */
export interface ParsedNodes {
  readonly nodes: TopologyNode[]
  /** Entries past the limit, counted without being parsed (an upper bound on the nodes cut). */
  readonly dropped: number
}

/** `address` with the seed's credentials (an in-scope node's target). */
export function withSeedCredentials(address: Target, seed: Target): Target {
  return {
    ...address,
    ...(seed.username ? { username: seed.username } : {}),
    ...(seed.password ? { password: seed.password } : {}),
  }
}
