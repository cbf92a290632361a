import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ParsedFamily } from '../helpers/prom-text'
import { labelNames, parsePromText } from '../helpers/prom-text'
import { redisExporterBinary, scrapeText, startRedisExporter } from '../helpers/redis-exporter'
import type { RedisExporter } from '../helpers/redis-exporter'
import type { RedisServer } from '../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../helpers/redis-server'
import { RespConnection } from '../helpers/resp-client'
import { realApp } from '../helpers/real-app'

/**
 * redis_exporter 1.45's opt-in flags against ours on the same Redis: the same families, types and
 * label names, and the same values where they do not move between two scrapes.
 */

const available = redisExporterBinary() !== undefined

type Families = Map<string, ParsedFamily>

async function scrapeBoth(
  server: RedisServer,
  flags: string[],
  env: Record<string, string>
): Promise<{ theirs: Families; mine: Families }> {
  const reference = (await startRedisExporter({
    redisAddr: server.url,
    ...(server.password ? { password: server.password } : {}),
    extraArgs: flags,
  })) as RedisExporter
  const ours = realApp({
    REDIS_ADDR: server.url,
    ...(server.password ? { REDIS_PASSWORD: server.password } : {}),
    ...env,
  })
  try {
    await scrapeText(reference.url)
    await ours.get()
    const theirs = parsePromText(await scrapeText(reference.url))
    const mine = parsePromText(await ours.get())
    return { theirs, mine }
  } finally {
    await ours.close()
    await reference.stop()
  }
}

function expectSameShape(theirs: Families, mine: Families, names: readonly string[]): void {
  for (const name of names) {
    const their = theirs.get(name)
    const my = mine.get(name)
    expect(their, `redis_exporter 1.45 emits ${name}`).toBeDefined()
    expect(my, `we emit ${name}`).toBeDefined()
    expect(my!.type, `type of ${name}`).toBe(their!.type)
    expect(labelNames(my!), `labels of ${name}`).toEqual(labelNames(their!))
  }
}

/** The samples of a family as `labels -> value`, labels sorted. */
function series(family: ParsedFamily | undefined): Map<string, number> {
  const out = new Map<string, number>()
  for (const s of family?.samples ?? []) {
    const key = JSON.stringify(Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b)))
    out.set(key, s.value)
  }
  return out
}

describe.skipIf(!available)('opt-in collectors: compatibility with redis_exporter 1.45', () => {
  let redis: RedisServer
  let locked: RedisServer
  let probe: RespConnection

  beforeAll(async () => {
    ;[redis, locked] = await Promise.all([startRedis(), startRedis({ password: 'compat-pw' })])
    await seedStandardDataset(redis)
    // A client both exporters see with the same fields (its last command stays CLIENT SETNAME).
    probe = await RespConnection.open({ host: redis.host, port: redis.port })
    await probe.call('CLIENT', 'SETNAME', 'compat-probe')
  })
  afterAll(async () => {
    probe?.close()
    await Promise.all([redis?.stop(), locked?.stop()])
  })

  it('-export-client-list: connected_clients_details, with the same fields for a given client', async () => {
    const { theirs, mine } = await scrapeBoth(redis, ['-export-client-list'], {
      REDIS_EXPORTER_EXPORT_CLIENT_LIST: 'true',
    })
    expectSameShape(theirs, mine, ['redis_connected_clients_details'])
    const pick = (f: Families) =>
      f
        .get('redis_connected_clients_details')!
        .samples.find((s) => s.labels['name'] === 'compat-probe')
    const their = pick(theirs)!
    const my = pick(mine)!
    expect(my.value).toBe(1)
    for (const label of ['cmd', 'db', 'flags', 'host', 'omem', 'name']) {
      expect(my.labels[label], label).toBe(their.labels[label])
    }
    const created = (s: typeof my) => Number(s.labels['created_at'])
    expect(Math.abs(created(my) - created(their))).toBeLessThanOrEqual(2)
    // Newer redis_exporter's families come along (one series per client).
    expect(mine.get('redis_connected_client_info')?.samples.length).toBe(
      mine.get('redis_connected_clients_details')?.samples.length
    )
  })

  it('-export-client-port adds the port label', async () => {
    const { theirs, mine } = await scrapeBoth(
      redis,
      ['-export-client-list', '-export-client-port'],
      {
        REDIS_EXPORTER_EXPORT_CLIENT_LIST: 'true',
        REDIS_EXPORTER_EXPORT_CLIENT_PORT: 'true',
      }
    )
    expectSameShape(theirs, mine, ['redis_connected_clients_details'])
    expect(labelNames(mine.get('redis_connected_clients_details')!)).toContain('port')
  })

  it('-include-config-metrics: every config_key_value and config_value series, same values', async () => {
    const { theirs, mine } = await scrapeBoth(redis, ['-include-config-metrics'], {
      REDIS_EXPORTER_INCL_CONFIG_METRICS: 'true',
    })
    expectSameShape(theirs, mine, ['redis_config_key_value', 'redis_config_value'])
    const theirKv = series(theirs.get('redis_config_key_value'))
    expect(theirKv.size).toBeGreaterThan(150)
    expect(series(mine.get('redis_config_key_value'))).toEqual(theirKv)
    expect(series(mine.get('redis_config_value'))).toEqual(series(theirs.get('redis_config_value')))
    // The mapped CONFIG families still come from the same (cached) reply.
    expect(series(mine.get('redis_config_maxclients'))).toEqual(
      series(theirs.get('redis_config_maxclients'))
    )
  })

  it.each([
    ['redacted by default', [], {}, false],
    [
      'kept with -redact-config-metrics=false',
      ['-redact-config-metrics=false'],
      { REDIS_EXPORTER_REDACT_CONFIG_METRICS: 'false' },
      true,
    ],
  ] as const)('requirepass is %s', async (_, flags, env, shown) => {
    const { theirs, mine } = await scrapeBoth(locked, ['-include-config-metrics', ...flags], {
      REDIS_EXPORTER_INCL_CONFIG_METRICS: 'true',
      ...env,
    })
    const keys = (f: Families) =>
      (f.get('redis_config_key_value')?.samples ?? []).map((s) => s.labels['key'])
    expect(keys(theirs).includes('requirepass')).toBe(shown)
    expect(keys(mine).includes('requirepass')).toBe(shown)
    expect(series(mine.get('redis_config_key_value'))).toEqual(
      series(theirs.get('redis_config_key_value'))
    )
  })

  it('-ping-on-connect: redis_exporter_last_scrape_ping_time_seconds', async () => {
    const { theirs, mine } = await scrapeBoth(redis, ['-ping-on-connect'], {
      REDIS_EXPORTER_PING_ON_CONNECT: 'true',
    })
    expectSameShape(theirs, mine, ['redis_exporter_last_scrape_ping_time_seconds'])
    const ping = mine.get('redis_exporter_last_scrape_ping_time_seconds')!.samples[0]!.value
    expect(ping).toBeGreaterThan(0)
    expect(ping).toBeLessThan(1)
  })

  it('all four together: nothing else differs from the default comparison', async () => {
    const flags = ['-export-client-list', '-include-config-metrics', '-ping-on-connect']
    const { theirs, mine } = await scrapeBoth(redis, flags, {
      REDIS_EXPORTER_EXPORT_CLIENT_LIST: 'true',
      REDIS_EXPORTER_INCL_CONFIG_METRICS: 'true',
      REDIS_EXPORTER_PING_ON_CONNECT: 'true',
    })
    const missing = [...theirs.keys()].filter((n) => n.startsWith('redis_') && !mine.has(n))
    expect(missing).toEqual([])
  })
})
