import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ParsedFamily } from '../helpers/prom-text'
import { labelNames, parsePromText } from '../helpers/prom-text'
import type { RedisExporter } from '../helpers/redis-exporter'
import { redisExporterBinary, scrapeText, startRedisExporter } from '../helpers/redis-exporter'
import type { RedisSentinel } from '../helpers/redis-sentinel'
import { startSentinel } from '../helpers/redis-sentinel'
import type { RedisServer } from '../helpers/redis-server'
import { startRedis } from '../helpers/redis-server'
import { realApp } from '../helpers/real-app'

/**
 * A real Sentinel (two of them, monitoring a real master with a replica) scraped by
 * redis_exporter 1.45 and by us: the same redis_sentinel_* families, types, labels and values.
 */

const available = redisExporterBinary() !== undefined

type Families = Map<string, ParsedFamily>

/** Values that move between two scrapes (a ping reply age). */
const MOVING = new Set(['redis_sentinel_master_last_ok_ping_reply_seconds'])

function sentinelFamilies(text: string): Families {
  return new Map([...parsePromText(text)].filter(([n]) => n.startsWith('redis_sentinel_')))
}

function series(family: ParsedFamily | undefined): Map<string, number> {
  const out = new Map<string, number>()
  for (const s of family?.samples ?? []) {
    out.set(
      JSON.stringify(Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b))),
      s.value
    )
  }
  return out
}

describe('Sentinel targets', () => {
  let master: RedisServer
  let replica: RedisServer
  let sentinel: RedisSentinel
  let peer: RedisSentinel

  beforeAll(async () => {
    master = await startRedis()
    replica = await startRedis({ replicaOf: { port: master.port } })
    ;[sentinel, peer] = await Promise.all([
      startSentinel({ masterPort: master.port }),
      startSentinel({ masterPort: master.port }),
    ])
    const count = async (s: RedisSentinel, what: string) =>
      ((await s.command('SENTINEL', what, 'mymaster')) as unknown[]).length
    await sentinel.waitFor('its replica', async () => (await count(sentinel, 'SLAVES')) === 1)
    await sentinel.waitFor('its peer', async () => (await count(sentinel, 'SENTINELS')) === 1)
  }, 60_000)
  afterAll(async () => {
    await Promise.all([sentinel?.stop(), peer?.stop()])
    await replica?.stop()
    await master?.stop()
  })

  it('exports the Sentinel families with the values the Sentinel reports', async () => {
    const ours = realApp({
      REDIS_ADDR: sentinel.url,
      REDIS_EXPORTER_INCL_SENTINEL_PEER_INFO: 'true',
    })
    try {
      const page = parsePromText(await ours.get())
      const value = (name: string) => page.get(name)?.samples[0]?.value
      expect(value('redis_up')).toBe(1)
      expect(value('redis_sentinel_masters')).toBe(1)
      const address = `127.0.0.1:${master.port}`
      const labels = page.get('redis_sentinel_master_ok_slaves')?.samples[0]?.labels
      expect(labels).toEqual({ master_name: 'mymaster', master_address: address })
      expect(value('redis_sentinel_master_ok_slaves')).toBe(1)
      expect(value('redis_sentinel_master_ok_sentinels')).toBe(2)
      expect(value('redis_sentinel_master_ckquorum_status')).toBe(1)
      expect(value('redis_sentinel_master_setting_down_after_milliseconds')).toBe(5000)
      const peerInfo = page.get('redis_sentinel_peer_info')?.samples
      expect(peerInfo).toHaveLength(1)
      expect(peerInfo?.[0]?.labels).toMatchObject({ ip: '127.0.0.1', port: String(peer.port) })
      const collectors = page.get('redis_exporter_collector_success')?.samples ?? []
      const ok = Object.fromEntries(collectors.map((s) => [s.labels['collector'], s.value]))
      expect(ok).toMatchObject({ sentinel: 1, sentinel_ckquorum: 1 })
    } finally {
      await ours.close()
    }
  })

  it('discovers the masters and replicas a Sentinel monitors, within the discovery scope only', async () => {
    const inScope = realApp({
      REDIS_ADDR: sentinel.url,
      REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '127.0.0.1/32',
    })
    const narrow = realApp({ REDIS_ADDR: sentinel.url })
    try {
      type Group = { targets: string[]; labels: Record<string, string> }
      const groups = JSON.parse(await inScope.get('/discover-cluster-nodes')) as Group[]
      expect(groups.map((g) => [g.targets[0], g.labels['__meta_redis_role']])).toEqual([
        [`redis://127.0.0.1:${master.port}`, 'master'],
        [`redis://127.0.0.1:${replica.port}`, 'replica'],
      ])
      expect(groups[0]?.labels['__meta_redis_discovery']).toBe('sentinel')
      // Without DISCOVERY_ALLOWED_NETWORKS only REDIS_ADDR is in scope: the Sentinel names no one.
      expect(JSON.parse(await narrow.get('/discover-cluster-nodes'))).toEqual([])
      expect(await narrow.get('/metrics')).toMatch(
        /^redis_exporter_discovery_out_of_scope_nodes_total 2$/m
      )
    } finally {
      await Promise.all([inScope.close(), narrow.close()])
    }
  })

  it.skipIf(!available)(
    'matches redis_exporter 1.45 family by family, value by value',
    async () => {
      const reference = (await startRedisExporter({ redisAddr: sentinel.url })) as RedisExporter
      const ours = realApp({ REDIS_ADDR: sentinel.url })
      try {
        const theirs = sentinelFamilies(await scrapeText(reference.url))
        const mine = sentinelFamilies(await ours.get())
        expect(theirs.size).toBeGreaterThan(5)
        for (const [name, family] of theirs) {
          const my = mine.get(name)
          expect(my, `we emit ${name}`).toBeDefined()
          expect(my!.type, `type of ${name}`).toBe(family.type)
          expect(labelNames(my!), `labels of ${name}`).toEqual(labelNames(family))
          if (!MOVING.has(name)) expect(series(my), `values of ${name}`).toEqual(series(family))
        }
      } finally {
        await ours.close()
        await reference.stop()
      }
    }
  )
})
