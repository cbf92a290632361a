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
