import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePromText, sampleValue } from '../helpers/prom-text'
import { realApp } from '../helpers/real-app'
import type { RedisServer } from '../helpers/redis-server'
import { redisServerBinary, startRedis } from '../helpers/redis-server'

const USERS = 50_000
const OTHERS = 150_000
const BATCH = 1000
const BUDGET = 40

/** Writes `n` keys `prefix:1..n` in chunks of one EVAL each (fast, one round trip per chunk). */
async function populate(server: RedisServer, prefix: string, n: number): Promise<void> {
  const script =
    "for i = tonumber(ARGV[2]), tonumber(ARGV[3]) do redis.call('SET', ARGV[1] .. i, i) end"
  for (let start = 1; start <= n; start += 50_000) {
    await server.command('EVAL', script, 0, prefix, start, Math.min(n, start + 49_999))
  }
}

/** `cmdstat_<name>` calls from INFO commandstats (0 when absent). */
async function calls(server: RedisServer, name: string): Promise<number> {
  const text = String(await server.command('INFO', 'commandstats'))
  const m = new RegExp(`^cmdstat_${name.replace('|', '\\|')}:calls=(\\d+)`, 'm').exec(text)
  return m ? Number(m[1]) : 0
}

describe.skipIf(!redisServerBinary())('key-check budget on a Redis with 200,000 keys', () => {
  let server: RedisServer

  beforeAll(async () => {
    server = await startRedis()
    await populate(server, 'user:', USERS)
    await populate(server, 'job:', OTHERS)
    expect(await server.command('DBSIZE')).toBe(USERS + OTHERS)
    await sleep(1500) // let the incremental rehash of the grown table finish: no duplicate SCAN replies
  }, 60_000)
  afterAll(async () => {
    await server?.stop()
  })

  it('stays within the budget per scrape and completes a count-keys pass over several scrapes', async () => {
    const app = realApp({
      REDIS_ADDR: server.url,
      REDIS_EXPORTER_COUNT_KEYS: 'db0=user:*',
      REDIS_EXPORTER_CHECK_KEY_GROUPS: '^(%a+):',
      REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE: String(BATCH),
      REDIS_EXPORTER_KEY_CHECK_BUDGET: String(BUDGET),
      REDIS_EXPORTER_KEY_CHECK_BUDGET_TIME: '5s',
    })
    try {
      await server.command('CONFIG', 'RESETSTAT')
      const perScrape: number[] = []
      let count: number | undefined
      let groups: number | undefined
      let scrapes = 0
      let lastProgress = -1
      while ((count === undefined || groups === undefined) && scrapes < 40) {
        scrapes += 1
        const page = parsePromText(await app.get())
        const spent = sampleValue(page, 'redis_exporter_key_checks_commands')!
        perScrape.push(spent)
        expect(spent).toBeLessThanOrEqual(BUDGET)
        count = sampleValue(page, 'redis_keys_count', { db: 'db0', key: 'user:*' })
        groups = sampleValue(page, 'redis_key_group_count', { db: 'db0', key_group: 'job' })
        const exhausted = sampleValue(page, 'redis_exporter_key_checks_budget_exhausted')
        if (count === undefined && groups === undefined) expect(exhausted).toBe(1)
        const progress = sampleValue(page, 'redis_exporter_key_scan_progress_ratio', {
          check: 'count_keys',
          db: 'db0',
          pattern: 'user:*',
        })!
        if (count === undefined) {
          expect(progress).toBeGreaterThan(lastProgress)
          lastProgress = progress
        }
      }
      expect(scrapes).toBeGreaterThan(3) // the walk spanned several scrapes...
      expect(count).toBe(USERS) // ...and counted right
      expect(groups).toBe(OTHERS)
      // No SCAN storm: one SCAN per walk step (the key-group script's SCAN counted by Redis too).
      const scans = await calls(server, 'scan')
      const evals = await calls(server, 'eval')
      expect(scans).toBeLessThanOrEqual(perScrape.reduce((a, b) => a + b, 0))
      expect(evals).toBeLessThanOrEqual(scans)
      const walkSteps = Math.ceil((USERS + OTHERS) / BATCH)
      expect(scans).toBeLessThan(2 * walkSteps * 1.5)
    } finally {
      await app.close()
    }
  }, 120_000)
})
