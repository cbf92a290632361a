import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ParsedFamily } from '../helpers/prom-text'
import { labelNames, parsePromText } from '../helpers/prom-text'
import { redisExporterBinary, scrapeText, startRedisExporter } from '../helpers/redis-exporter'
import type { RedisExporter } from '../helpers/redis-exporter'
import type { RedisServer } from '../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../helpers/redis-server'
import { realApp } from '../helpers/real-app'

/**
 * Deliberate deviations from redis_exporter 1.45, each documented in the README
 * ("Compatibility with redis_exporter"). Everything else must match family by family.
 */
const TYPE_DEVIATIONS: Record<string, string> = {
  redis_expired_time_cap_reached_total: 'counter, as in redis_exporter >= 1.46 (a gauge in 1.45)',
}
const LABEL_DEVIATIONS: Record<string, string> = {
  redis_instance_info: 'adds master_replid, as redis_exporter >= 1.63 does',
  redis_exporter_build_info: 'runtime_version instead of golang_version',
}

/** Values that do not move between two back-to-back scrapes, compared sample by sample. */
const STABLE_FAMILIES = [
  'redis_db_keys',
  'redis_db_keys_expiring',
  'redis_connected_slaves',
  'redis_memory_max_bytes',
  'redis_config_maxclients',
  'redis_config_maxmemory',
  'redis_config_io_threads',
  'redis_slowlog_length',
  'redis_slowlog_last_id',
  'redis_last_slow_execution_duration_seconds',
  'redis_latency_spike_last',
  'redis_latency_spike_duration_seconds',
  'redis_process_id',
  'redis_aof_enabled',
  'redis_cluster_enabled',
  'redis_rdb_last_bgsave_status',
  'redis_master_link_up',
  'redis_slave_info',
  'redis_up',
]

const available = redisExporterBinary() !== undefined

function redisFamilies(text: string): Map<string, ParsedFamily> {
  return new Map([...parsePromText(text)].filter(([name]) => name.startsWith('redis_')))
}

function sampleKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))
}

async function compare(server: RedisServer, env: Record<string, string> = {}) {
  const reference = (await startRedisExporter({
    redisAddr: server.url,
    ...(server.password ? { password: server.password } : {}),
  })) as RedisExporter
  const ours = realApp({
    REDIS_ADDR: server.url,
    ...(server.password ? { REDIS_PASSWORD: server.password } : {}),
    ...env,
  })
  try {
    // Second scrapes of both, as in the reference capture (the first warms caches).
    await scrapeText(reference.url)
    await ours.get()
    const theirs = redisFamilies(await scrapeText(reference.url))
    const mine = redisFamilies(await ours.get())
    return { theirs, mine }
  } finally {
    await ours.close()
    await reference.stop()
  }
}

function expectDropIn(theirs: Map<string, ParsedFamily>, mine: Map<string, ParsedFamily>): void {
  const missing = [...theirs.keys()].filter((name) => !mine.has(name))
  expect(missing, 'families redis_exporter 1.45 emits that we do not').toEqual([])
  for (const [name, family] of theirs) {
    const ourFamily = mine.get(name)!
    if (!(name in TYPE_DEVIATIONS)) expect(ourFamily.type, `type of ${name}`).toBe(family.type)
    if (!(name in LABEL_DEVIATIONS)) {
      expect(labelNames(ourFamily), `labels of ${name}`).toEqual(labelNames(family))
    }
  }
  for (const name of STABLE_FAMILIES) {
    const family = theirs.get(name)
    if (!family) continue
    const ourSamples = new Map(mine.get(name)!.samples.map((s) => [sampleKey(s.labels), s.value]))
    for (const s of family.samples) {
      expect(ourSamples.get(sampleKey(s.labels)), `${name}${sampleKey(s.labels)}`).toBe(s.value)
    }
  }
  const theirInfo = theirs.get('redis_instance_info')?.samples[0]?.labels ?? {}
  const ourInfo = mine.get('redis_instance_info')?.samples[0]?.labels ?? {}
  expect(ourInfo).toMatchObject(theirInfo)
}

describe.skipIf(!available)('drop-in compatibility with redis_exporter 1.45 (Debian)', () => {
  let master: RedisServer
  let replica: RedisServer
  let managed: RedisServer

  beforeAll(async () => {
    ;[master, managed] = await Promise.all([
      startRedis(),
      startRedis({ password: 'managed-pw', renameCommands: ['CONFIG', 'LATENCY', 'SLOWLOG'] }),
    ])
    await Promise.all([seedStandardDataset(master), seedStandardDataset(managed)])
    replica = await startRedis({ replicaOf: { port: master.port } })
  })
  afterAll(async () => {
    await replica?.stop()
    await Promise.all([master?.stop(), managed?.stop()])
  })

  it('matches every family, type and label set on a standalone master with a replica', async () => {
    const { theirs, mine } = await compare(master)
    expect(theirs.size).toBeGreaterThan(100)
    expectDropIn(theirs, mine)
    expect(mine.get('redis_connected_slave_offset_bytes')?.samples).toHaveLength(1)
  })

  it('matches on a replica', async () => {
    const { theirs, mine } = await compare(replica)
    expect(theirs.get('redis_slave_info')).toBeDefined()
    expectDropIn(theirs, mine)
  })

  it('matches on a password-protected Redis with CONFIG, LATENCY and SLOWLOG renamed away', async () => {
    const { theirs, mine } = await compare(managed)
    expect(theirs.has('redis_config_maxclients')).toBe(false)
    expectDropIn(theirs, mine)
    // Our documented improvement: the alert-rule limits survive a blocked CONFIG.
    expect(mine.get('redis_config_maxclients')?.samples[0]?.value).toBe(10000)
    expect(mine.get('redis_config_maxmemory')?.samples[0]?.value).toBe(0)
  })
})
