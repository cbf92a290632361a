import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keySlot } from '../../lib/keys/key-slot'
import { parsePromText, sampleValue } from '../helpers/prom-text'
import type { ParsedFamily } from '../helpers/prom-text'
import { realApp } from '../helpers/real-app'
import type { RedisExporter } from '../helpers/redis-exporter'
import { redisExporterBinary, scrapeText, startRedisExporter } from '../helpers/redis-exporter'
import type { RedisCluster } from '../helpers/redis-cluster'
import { startRedisCluster } from '../helpers/redis-cluster'
import type { RedisServer } from '../helpers/redis-server'

/** Every test node listens on 127.0.0.1: the discovery scope must hold it. */
const LOOPBACK = '127.0.0.1/32'

/** Queues (lists) and other keys; their slots spread them over the three masters. */
const LISTS: Record<string, number> = {
  'queue:emails': 3,
  'queue:sms': 5,
  'queue:push': 7,
  'queue:billing': 2,
  'queue:{tenant42}:jobs': 4,
}
const SINGLE_KEYS = [...Object.keys(LISTS), 'counter', 'profile', 'members', 'visitors']
const CHECKS = {
  'check-single-keys': SINGLE_KEYS.join(','),
  'check-single-streams': 'events',
}

/** The master serving `key` (even slot ranges, as startRedisCluster assigns them). */
function ownerOf(cluster: RedisCluster, key: string): RedisServer {
  const per = Math.floor(16384 / cluster.masters.length)
  return cluster.masters[Math.min(cluster.masters.length - 1, Math.floor(keySlot(key) / per))]!
}

async function seed(cluster: RedisCluster): Promise<void> {
  const on = (key: string, ...args: (string | number)[]) => ownerOf(cluster, key).command(...args)
  for (const [key, n] of Object.entries(LISTS)) {
    await on(key, 'RPUSH', key, ...Array.from({ length: n }, (_, i) => `job${i}`))
  }
  await on('counter', 'SET', 'counter', '1234.5')
  await on('profile', 'HSET', 'profile', 'a', '1', 'b', '2')
  await on('members', 'SADD', 'members', 'x', 'y', 'z')
  await on('visitors', 'PFADD', 'visitors', 'u1', 'u2', 'u3', 'u4')
  await on('events', 'XADD', 'events', '1700000000001-0', 'k', 'v')
  await on('events', 'XADD', 'events', '1700000000002-0', 'k', 'v')
  await on('events', 'XGROUP', 'CREATE', 'events', 'workers', '0')
  await on(
    'events',
    'XREADGROUP',
    'GROUP',
    'workers',
    'alice',
    'COUNT',
    '1',
    'STREAMS',
    'events',
    '>'
  )
}

function env(cluster: RedisCluster, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_ADDR: cluster.masters[0]!.url,
    REDIS_EXPORTER_CHECK_SINGLE_KEYS: CHECKS['check-single-keys'],
    REDIS_EXPORTER_CHECK_SINGLE_STREAMS: CHECKS['check-single-streams'],
    ...extra,
  }
}

async function scrapeOurs(vars: Record<string, string>, times = 1) {
  const ours = realApp(vars)
  try {
    let page = ''
    for (let i = 0; i < times; i++) page = await ours.get()
    return {
      families: parsePromText(page),
      targets: ours.targets.map((t) => t.id),
      logs: ours.logs,
    }
  } finally {
    await ours.close()
  }
}

function comparable(families: Map<string, ParsedFamily>, names: RegExp): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [name, family] of families) {
    if (!names.test(name)) continue
    for (const s of family.samples) out[`${name}${JSON.stringify(s.labels)}`] = s.value
  }
  return out
}

describe('REDIS_EXPORTER_IS_CLUSTER on a 3-master Redis Cluster', () => {
  let cluster: RedisCluster

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 })
    await seed(cluster)
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('the seeded keys live on every master', () => {
    const owners = new Set([...SINGLE_KEYS, 'events'].map((k) => ownerOf(cluster, k).port))
    expect(owners.size).toBe(3)
  })

  it('looks every key up on the master owning its slot', async () => {
    const { families } = await scrapeOurs(
      env(cluster, {
        REDIS_EXPORTER_IS_CLUSTER: 'true',
        REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: LOOPBACK,
      })
    )
    for (const [key, n] of Object.entries(LISTS)) {
      expect(sampleValue(families, 'redis_key_size', { db: 'db0', key }), key).toBe(n)
    }
    expect(sampleValue(families, 'redis_key_value', { db: 'db0', key: 'counter' })).toBe(1234.5)
    expect(sampleValue(families, 'redis_key_size', { db: 'db0', key: 'visitors' })).toBe(4)
    expect(sampleValue(families, 'redis_stream_length', { db: 'db0', stream: 'events' })).toBe(2)
    expect(sampleValue(families, 'redis_exporter_key_checks_budget_exhausted')).toBe(0)
  })

  it('without the setting, keys another master owns are skipped', async () => {
    const { families } = await scrapeOurs(env(cluster))
    const sizes = families.get('redis_key_size')?.samples.map((s) => s.labels['key']) ?? []
    const local = SINGLE_KEYS.filter((k) => ownerOf(cluster, k) === cluster.masters[0])
    expect(sizes.sort()).toEqual(local.sort())
  })

  it('reaches no node outside the discovery scope', async () => {
    const { families, targets, logs } = await scrapeOurs(
      env(cluster, { REDIS_EXPORTER_IS_CLUSTER: 'true' })
    )
    expect(targets).toEqual([`127.0.0.1:${cluster.masters[0]!.port}`])
    const warnings = logs.filter((l) => String(l['msg']).includes('REDIS_EXPORTER_IS_CLUSTER'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]!['reason']).toMatch(/REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS/)
    const sizes = families.get('redis_key_size')?.samples.map((s) => s.labels['key']) ?? []
    const local = SINGLE_KEYS.filter((k) => ownerOf(cluster, k) === cluster.masters[0])
    expect(sizes.sort()).toEqual(local.sort())
  })

  it('walks every master for COUNT_KEYS and CHECK_KEYS', async () => {
    const { families } = await scrapeOurs(
      env(cluster, {
        REDIS_EXPORTER_IS_CLUSTER: 'true',
        REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: LOOPBACK,
        REDIS_EXPORTER_CHECK_SINGLE_KEYS: '',
        REDIS_EXPORTER_COUNT_KEYS: 'queue:*',
        REDIS_EXPORTER_CHECK_KEYS: 'queue:*',
        REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE: '2',
      })
    )
    const queues = Object.keys(LISTS).length
    expect(sampleValue(families, 'redis_keys_count', { db: 'db0', key: 'queue:*' })).toBe(queues)
    const sizes = families.get('redis_key_size')?.samples ?? []
    expect(sizes.map((s) => [s.labels['key'], s.value]).sort()).toEqual(
      Object.entries(LISTS).sort()
    )
  })

  it('follows a MOVED once a slot has moved, and asks CLUSTER SLOTS again', async () => {
    const vars = env(cluster, {
      REDIS_EXPORTER_IS_CLUSTER: 'true',
      REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: LOOPBACK,
    })
    const ours = realApp(vars)
    const scrape = async () => {
      const families = parsePromText(await ours.get())
      return {
        size: sampleValue(families, 'redis_key_size', { db: 'db0', key: 'queue:sms' }),
        commands: sampleValue(families, 'redis_exporter_key_checks_commands')!,
      }
    }
    try {
      const first = await scrape() // CLUSTER MYID and SLOTS, then the lookups
      await moveSlotOf(cluster, 'queue:sms')
      const moved = await scrape() // the old map: TYPE, MEMORY USAGE and LLEN are redirected
      const refreshed = await scrape() // the map was stale: CLUSTER MYID and SLOTS again
      const settled = await scrape() // the map is fresh: no CLUSTER command, no redirect
      for (const s of [first, moved, refreshed, settled]) expect(s.size).toBe(5)
      expect(refreshed.commands).toBe(first.commands)
      expect(settled.commands).toBe(first.commands - 2)
      expect(moved.commands - settled.commands).toBe(3)
    } finally {
      await ours.close()
    }
  })

  describe.skipIf(redisExporterBinary() === undefined)('against redis_exporter 1.45', () => {
    it('gives the same key values as -is-cluster -check-single-keys; streams on every master', async () => {
      const flags = Object.entries(CHECKS).flatMap(([flag, value]) => [`-${flag}`, value])
      const reference = (await startRedisExporter({
        redisAddr: cluster.masters[0]!.url,
        extraArgs: ['-is-cluster', ...flags, '-count-keys', 'queue:*'],
      })) as RedisExporter
      let theirs: Map<string, ParsedFamily>
      try {
        theirs = parsePromText(await scrapeText(reference.url))
      } finally {
        await reference.stop()
      }
      const { families } = await scrapeOurs(
        env(cluster, {
          REDIS_EXPORTER_IS_CLUSTER: 'true',
          REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: LOOPBACK,
        })
      )
      // Its SCAN for count-keys runs on one node of its cluster client's choosing: that node's count.
      const theirCount = sampleValue(theirs, 'redis_keys_count', { db: 'db0', key: 'queue:*' })
      const perMaster = cluster.masters.map(
        (m) => Object.keys(LISTS).filter((k) => ownerOf(cluster, k) === m).length
      )
      expect(perMaster).toContain(theirCount)
      expect(theirCount).toBeLessThan(Object.keys(LISTS).length)
      const keys = /^redis_key_(size|value)$/
      const expected = comparable(theirs, keys)
      expect(Object.keys(expected).length).toBe(SINGLE_KEYS.length + 1)
      expect(comparable(families, keys)).toEqual(expected)
      // 1.45's cluster client routes `XINFO STREAM events` by the slot of "STREAM" and gives up on
      // the MOVED (a stream is read only where both slots share a master); ours reads it anyway.
      if (ownerOf(cluster, 'STREAM') !== ownerOf(cluster, 'events')) {
        expect(theirs.get('redis_stream_length')?.samples ?? []).toEqual([])
      }
      const stream = { db: 'db0', stream: 'events' }
      expect(sampleValue(families, 'redis_stream_length', stream)).toBe(2)
      expect(
        sampleValue(families, 'redis_stream_group_messages_pending', {
          ...stream,
          group: 'workers',
        })
      ).toBe(1)
    }, 30_000)
  })
})

/** Moves the slot of `key` (and the key) from its master to the next one, as resharding does. */
async function moveSlotOf(cluster: RedisCluster, key: string): Promise<void> {
  const from = ownerOf(cluster, key)
  const to = cluster.masters[(cluster.masters.indexOf(from) + 1) % cluster.masters.length]!
  const slot = keySlot(key)
  await to.command('CLUSTER', 'SETSLOT', slot, 'IMPORTING', cluster.ids.get(from.port)!)
  await from.command('CLUSTER', 'SETSLOT', slot, 'MIGRATING', cluster.ids.get(to.port)!)
  await from.command('MIGRATE', to.host, to.port, key, 0, 5000)
  for (const node of cluster.masters) {
    await node.command('CLUSTER', 'SETSLOT', slot, 'NODE', cluster.ids.get(to.port)!)
  }
}

describe('REDIS_EXPORTER_IS_CLUSTER on a password-protected cluster', () => {
  const PASSWORD = 'kc-pw-7e21'
  let cluster: RedisCluster

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, password: PASSWORD })
    for (const [key, n] of Object.entries(LISTS)) {
      const owner = ownerOf(cluster, key)
      await owner.command('RPUSH', key, ...Array.from({ length: n }, (_, i) => `job${i}`))
    }
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('gives the other masters the credentials of REDIS_ADDR', async () => {
    const seed = cluster.masters[0]!
    const { families } = await scrapeOurs({
      REDIS_ADDR: `redis://:${PASSWORD}@127.0.0.1:${seed.port}`,
      REDIS_EXPORTER_IS_CLUSTER: 'true',
      REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: LOOPBACK,
      REDIS_EXPORTER_CHECK_SINGLE_KEYS: Object.keys(LISTS).join(','),
    })
    for (const [key, n] of Object.entries(LISTS)) {
      expect(sampleValue(families, 'redis_key_size', { db: 'db0', key }), key).toBe(n)
    }
  })
})
