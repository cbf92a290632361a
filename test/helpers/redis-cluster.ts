import { setTimeout as sleep } from 'node:timers/promises'
import type { RedisServer, StartRedisOptions } from './redis-server'
import { startRedis } from './redis-server'

export type RedisCluster = {
  masters: RedisServer[]
  replicas: RedisServer[]
  /** Masters then replicas. */
  nodes: RedisServer[]
  /** Cluster node id per port. */
  ids: Map<number, string>
  /** Stops every node. Idempotent. */
  stop(): Promise<void>
}

export type StartClusterOptions = {
  /** Number of masters (slots split evenly). Default 3. */
  masters?: number
  /** One replica for each of the first N masters. Default 0. */
  replicas?: number
  /** `--requirepass` (and `--masterauth`) on every node. */
  password?: string
  /** Extra redis-server arguments for every node. */
  args?: string[]
}

const READY_TIMEOUT_MS = 20_000
const SLOTS = 16384

/**
 * Starts a Redis Cluster of real redis-server processes on loopback by hand (no redis-cli): every
 * master takes an even slot range (CLUSTER ADDSLOTSRANGE, Redis 7), all nodes MEET the first,
 * replicas REPLICATE their master; resolves once every node reports cluster_state:ok, knows every
 * other node and sees every replica as one, and each replica's link is up. Stops whatever it started if anything fails.
 */
export async function startRedisCluster(opts: StartClusterOptions = {}): Promise<RedisCluster> {
  const masterCount = opts.masters ?? 3
  const replicaCount = Math.min(opts.replicas ?? 0, masterCount)
  const base: StartRedisOptions = {
    args: [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      // No automatic failover on a loaded test machine: it would swap the roles the tests expect.
      '--cluster-node-timeout',
      '5000',
      '--cluster-replica-no-failover',
      'yes',
      ...(opts.password !== undefined ? ['--masterauth', opts.password] : []),
      ...(opts.args ?? []),
    ],
    ...(opts.password !== undefined ? { password: opts.password } : {}),
  }
  const started: RedisServer[] = []
  const stop = async () => {
    await Promise.all(started.map((s) => s.stop()))
  }
  try {
    const results = await Promise.allSettled(
      Array.from({ length: masterCount + replicaCount }, () => startRedis(base))
    )
    for (const r of results) if (r.status === 'fulfilled') started.push(r.value)
    const failed = results.find((r) => r.status === 'rejected')
    if (failed) throw failed.reason
    const all = [...started]
    const masters = all.slice(0, masterCount)
    const replicas = all.slice(masterCount)
    const ids = new Map<number, string>()
    for (const node of all) ids.set(node.port, String(await node.command('CLUSTER', 'MYID')))

    const per = Math.floor(SLOTS / masterCount)
    for (const [i, master] of masters.entries()) {
      const first = i * per
      const last = i === masterCount - 1 ? SLOTS - 1 : first + per - 1
      await master.command('CLUSTER', 'ADDSLOTSRANGE', first, last)
      await master.command('CLUSTER', 'SET-CONFIG-EPOCH', i + 1)
    }
    const [seed] = all
    for (const node of all.slice(1)) await node.command('CLUSTER', 'MEET', seed!.host, seed!.port)

    await waitFor(async () => {
      for (const node of all) {
        const known = String(await node.command('CLUSTER', 'NODES'))
          .trim()
          .split('\n')
        if (known.length < all.length || known.some((l) => /handshake|noaddr/.test(l))) return false
      }
      return true
    }, 'every node to know every other node')
    for (const [i, replica] of replicas.entries()) {
      await replica.command('CLUSTER', 'REPLICATE', ids.get(masters[i]!.port)!)
    }
    await waitFor(async () => {
      for (const node of all) {
        const info = String(await node.command('CLUSTER', 'INFO'))
        if (!info.includes('cluster_state:ok')) return false
      }
      for (const replica of replicas) {
        const info = String(await replica.command('INFO', 'replication'))
        if (!info.includes('master_link_status:up')) return false
      }
      // Every node's view has caught up with the replicas (gossip).
      for (const node of all) {
        const view = String(await node.command('CLUSTER', 'NODES'))
        const flags = view
          .trim()
          .split('\n')
          .map((l) => (l.split(' ')[2] ?? '').split(','))
        if (flags.filter((f) => f.includes('slave')).length !== replicas.length) return false
      }
      return true
    }, 'cluster_state:ok, every replica link up and seen as a replica by every node')
    return { masters, replicas, nodes: all, ids, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(50)
  }
  throw new Error(`cluster: timed out after ${READY_TIMEOUT_MS} ms waiting for ${what}`)
}
