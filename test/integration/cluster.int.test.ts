import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { isScrapeAllowed } from '../../lib/http/allowlist'
import { discoverRoute } from '../../lib/http/discover-route'
import { runPush, newPushState } from '../../lib/push/run-push'
import type { PushSink, TargetResult } from '../../lib/push/types'
import { parseScrapeTarget, parseTarget } from '../../lib/target'
import { discoverNodes } from '../../lib/topology/discover'
import { discoveryScope } from '../../lib/topology/scope'
import type { Harness } from '../helpers/exporter-harness'
import { exporterHarness } from '../helpers/exporter-harness'
import { sampleValue } from '../helpers/prom-text'
import type { RedisCluster } from '../helpers/redis-cluster'
import { startRedisCluster } from '../helpers/redis-cluster'
import type { RedisServer } from '../helpers/redis-server'
import { startRedis } from '../helpers/redis-server'

const PASSWORD = 'cl-pw-2f9e'
/** Every test node listens on 127.0.0.1: the discovery scope must hold it. */
const LOOPBACK = '127.0.0.1/32'

function discoverApp(exporter: Harness): Hono {
  return new Hono().get(
    '/discover-cluster-nodes',
    discoverRoute({ config: exporter.config, topology: exporter.topology })
  )
}

describe('a 3-master Redis Cluster with one replica', () => {
  let cluster: RedisCluster
  let exporter: Harness
  let seedUrl: string

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicas: 1, password: PASSWORD })
    const seed = cluster.masters[0]!
    seedUrl = `redis://:${PASSWORD}@127.0.0.1:${seed.port}`
    exporter = exporterHarness({
      REDIS_ADDR: seedUrl,
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '3s',
      REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: LOOPBACK,
    })
  })
  afterAll(async () => {
    await exporter?.close()
    await cluster?.stop()
  })

  /** Masters then replicas, each by port: the order discovery answers in. */
  const expectedNodes = () =>
    [...cluster.masters, ...cluster.replicas]
      .map((n) => ({
        id: `127.0.0.1:${n.port}`,
        role: cluster.masters.includes(n) ? 'master' : 'replica',
        nodeId: cluster.ids.get(n.port),
        port: n.port,
      }))
      .sort((a, b) => (a.role === b.role ? a.port - b.port : a.role === 'master' ? -1 : 1))
      .map(({ port: _port, ...n }) => n)

  it('discovers every node with CLUSTER SHARDS, masters first, each replica tied to its master', async () => {
    const found = await discoverNodes(
      exporter.pool.get(exporter.config.target!),
      exporter.config.target!,
      {
        signal: AbortSignal.timeout(3_000),
        scope: discoveryScope(exporter.config),
      }
    )
    expect(found.source).toBe('cluster_shards')
    expect(found.nodes.map((n) => ({ id: n.target.id, role: n.role, nodeId: n.nodeId }))).toEqual(
      expectedNodes()
    )
    const replica = found.nodes.find((n) => n.role === 'replica')
    expect(replica?.masterId).toBe(cluster.ids.get(cluster.masters[0]!.port))
    // Each node carries the seed's credentials, ready to scrape.
    for (const n of found.nodes) expect(n.target.password).toBe(PASSWORD)
  })

  it('falls back to CLUSTER NODES when CLUSTER SHARDS is refused, and never asks SHARDS again', async () => {
    const seed = cluster.masters[1]!
    await seed.command(
      'ACL',
      'SETUSER',
      'disco',
      'on',
      '>disco-pw',
      '~*',
      '&*',
      '+@all',
      '-cluster|shards'
    )
    const target = {
      ...parseTarget(`redis://127.0.0.1:${seed.port}`),
      username: 'disco',
      password: 'disco-pw',
    }
    const refused = new Set<string>()
    const transport = exporter.pool.get(target)
    const first = await discoverNodes(transport, target, {
      signal: AbortSignal.timeout(3_000),
      scope: discoveryScope(exporter.config),
      refused,
    })
    expect(first.source).toBe('cluster_nodes')
    expect(refused).toEqual(new Set(['SHARDS']))
    const denied = String(await seed.command('INFO', 'stats')).match(
      /acl_access_denied_cmd:(\d+)/
    )?.[1]
    const again = await discoverNodes(transport, target, {
      signal: AbortSignal.timeout(3_000),
      scope: discoveryScope(exporter.config),
      refused,
    })
    expect(
      String(await seed.command('INFO', 'stats')).match(/acl_access_denied_cmd:(\d+)/)?.[1]
    ).toBe(denied)
    const ids = (d: typeof first) => d.nodes.map((n) => [n.target.id, n.role, n.nodeId])
    expect(ids(again)).toEqual(ids(first))
    expect(ids(first)).toEqual(expectedNodes().map((n) => [n.id, n.role, n.nodeId]))
  })

  it('serves /discover-cluster-nodes as Prometheus http_sd JSON, one target per node', async () => {
    const res = await discoverApp(exporter).request('/discover-cluster-nodes')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const groups = (await res.json()) as { targets: string[]; labels: Record<string, string> }[]
    expect(groups.map((g) => g.targets)).toEqual(expectedNodes().map((n) => [`redis://${n.id}`]))
    expect(groups[0]?.labels).toMatchObject({
      __meta_redis_role: 'master',
      __meta_redis_discovery: 'cluster_shards',
      __meta_redis_node_id: expectedNodes()[0]?.nodeId,
    })
    expect(JSON.stringify(groups)).not.toContain(PASSWORD)
  })

  it('refuses a seed outside the allowlist and explains a failed discovery', async () => {
    const app = discoverApp(exporter)
    const forbidden = await app.request('/discover-cluster-nodes?target=redis://10.1.2.3:6379')
    expect(forbidden.status).toBe(403)
    expect(await forbidden.text()).toMatch(/REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS/)
    const down = exporterHarness({
      REDIS_ADDR: 'redis://127.0.0.1:1',
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '1s',
    })
    try {
      const res = await discoverApp(down).request('/discover-cluster-nodes')
      expect(res.status).toBe(500)
      expect(await res.text()).toMatch(
        /^error: discovery from redis:\/\/127\.0\.0\.1:1 failed: .*ECONNREFUSED/
      )
    } finally {
      await down.close()
    }
  })

  it('lets /scrape reach every discovered node with the seed credentials, and each node scrapes', async () => {
    await discoverApp(exporter).request('/discover-cluster-nodes')
    const config = exporter.config
    for (const expected of expectedNodes()) {
      // As /scrape receives it: no password in the URL.
      const target = parseScrapeTarget(`redis://${expected.id}`)
      expect(
        await isScrapeAllowed(
          target,
          config.target,
          config.scrapeAllowedTargets,
          exporter.topology.allows
        )
      ).toBe(true)
      const scrape = await exporter.scrape(exporter.topology.withSeedCredentials(target))
      expect(sampleValue(scrape.families, 'redis_up'), scrape.snapshot.error).toBe(1)
      expect(sampleValue(scrape.families, 'redis_cluster_enabled')).toBe(1)
      expect(sampleValue(scrape.families, 'redis_cluster_state')).toBe(1)
      expect(sampleValue(scrape.families, 'redis_cluster_known_nodes')).toBe(4)
      expect(
        sampleValue(scrape.families, 'redis_exporter_collector_available', {
          collector: 'cluster_info',
        })
      ).toBe(1)
      expect(scrape.families.get('redis_instance_info')?.samples[0]?.labels['role']).toBe(
        expected.role === 'master' ? 'master' : 'slave'
      )
    }
    const stranger = parseScrapeTarget('redis://127.0.0.1:1')
    expect(
      await isScrapeAllowed(
        stranger,
        config.target,
        config.scrapeAllowedTargets,
        exporter.topology.allows
      )
    ).toBe(false)
  })

  it('allows discovered nodes in a fresh process (a cold Lambda container) by discovering REDIS_ADDR on demand, at most every 30 s', async () => {
    const fresh = exporterHarness({
      REDIS_ADDR: seedUrl,
      REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: LOOPBACK,
    })
    try {
      const node = parseScrapeTarget(`redis://127.0.0.1:${cluster.masters[2]!.port}`)
      expect(await fresh.topology.allows(node)).toBe(true)
      // A miss right after does not trigger another discovery.
      expect(await fresh.topology.allows(parseScrapeTarget('redis://127.0.0.1:2'))).toBe(false)
      const scrape = await fresh.scrape(fresh.topology.withSeedCredentials(node))
      expect(sampleValue(scrape.families, 'redis_up'), scrape.snapshot.error).toBe(1)
    } finally {
      await fresh.close()
    }
  })

  it('lets a user allowed only +info +ping +cluster|info scrape a cluster node, with CLUSTER INFO available', async () => {
    const node = cluster.masters[2]!
    await node.command(
      'ACL',
      'SETUSER',
      'clinfo',
      'on',
      '>clinfo-pw',
      '-@all',
      '+info',
      '+ping',
      '+cluster|info'
    )
    const mini = exporterHarness({
      REDIS_ADDR: `redis://127.0.0.1:${node.port}`,
      REDIS_USER: 'clinfo',
      REDIS_PASSWORD: 'clinfo-pw',
    })
    try {
      await mini.scrape()
      const scrape = await mini.scrape()
      expect(sampleValue(scrape.families, 'redis_up')).toBe(1)
      expect(sampleValue(scrape.families, 'redis_cluster_state')).toBe(1)
      const available = scrape.families.get('redis_exporter_collector_available')?.samples ?? []
      expect(
        Object.fromEntries(
          available
            .filter((s) => !s.labels['collector']!.startsWith('info_'))
            .map((s) => [s.labels['collector'], s.value])
        )
      ).toEqual({
        client: 0,
        config: 0,
        latency_latest: 0,
        latency_histogram: 0,
        slowlog: 0,
        cluster_info: 1,
      })
    } finally {
      await mini.close()
    }
  })

  it('gives the scheduled push every node: discoverNodes feeds runPush, one result per node', async () => {
    const seed = exporter.config.target!
    const found = await discoverNodes(exporter.pool.get(seed), seed, {
      signal: AbortSignal.timeout(3_000),
      scope: discoveryScope(exporter.config),
    })
    const delivered: TargetResult[] = []
    const sink: PushSink = {
      name: 'memory',
      send: async (results) => {
        delivered.push(...results)
        return { sink: 'memory', ok: true, sent: results.length, errors: [] }
      },
    }
    const result = await runPush({
      targets: found.nodes.map((n) => ({
        target: n.target,
        id: n.target.id,
        dimensions: { role: n.role },
      })),
      getTransport: (t) => exporter.pool.get(t),
      config: exporter.config,
      sinks: [sink],
      state: newPushState(),
    })
    expect(result.ok).toBe(true)
    expect(delivered.map((r) => [r.id, r.up]).sort()).toEqual(
      expectedNodes()
        .map((n) => [n.id, true])
        .sort()
    )
  })
})

describe('a master with a replica (no cluster)', () => {
  let master: RedisServer
  let replica: RedisServer
  let exporter: Harness

  beforeAll(async () => {
    master = await startRedis()
    replica = await startRedis({ replicaOf: { port: master.port } })
    exporter = exporterHarness({
      REDIS_ADDR: master.url,
      REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: LOOPBACK,
    })
  })
  afterAll(async () => {
    await exporter?.close()
    await replica?.stop()
    await master?.stop()
  })

  it.each(['master', 'replica'] as const)(
    'discovers both nodes from the %s through INFO replication',
    async (from) => {
      const seed = parseTarget(from === 'master' ? master.url : replica.url)
      const found = await discoverNodes(exporter.pool.get(seed), seed, {
        signal: AbortSignal.timeout(3_000),
        scope: discoveryScope(exporter.config),
      })
      expect(found.source).toBe('info_replication')
      expect(found.nodes.map((n) => [n.target.id, n.role])).toEqual([
        [`127.0.0.1:${master.port}`, 'master'],
        [`127.0.0.1:${replica.port}`, 'replica'],
      ])
    }
  )

  it('scrapes both roles with replication metrics on both sides', async () => {
    const res = await discoverApp(exporter).request('/discover-cluster-nodes')
    const groups = (await res.json()) as { targets: string[]; labels: Record<string, string> }[]
    expect(groups.map((g) => [g.targets[0], g.labels['__meta_redis_role']])).toEqual([
      [master.url, 'master'],
      [replica.url, 'replica'],
    ])
    const m = await exporter.scrape(parseScrapeTarget(master.url))
    const r = await exporter.scrape(parseScrapeTarget(replica.url))
    expect(m.families.get('redis_instance_info')?.samples[0]?.labels['role']).toBe('master')
    expect(r.families.get('redis_instance_info')?.samples[0]?.labels['role']).toBe('slave')
    expect(sampleValue(m.families, 'redis_connected_slaves')).toBe(1)
    expect(
      m.families.get('redis_connected_slave_offset_bytes')?.samples[0]?.labels['slave_port']
    ).toBe(String(replica.port))
    const link = { master_host: '127.0.0.1', master_port: String(master.port) }
    expect(sampleValue(r.families, 'redis_master_link_up', link)).toBe(1)
    expect(sampleValue(r.families, 'redis_slave_repl_offset', link)).toBeGreaterThanOrEqual(0)
  })
})
