import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { parsePromText } from '../helpers/prom-text'
import {
  AUTH,
  captureLogs,
  expectNoSecrets,
  h,
  metrics,
  sampleValue,
  upstashEnv,
  upstashStats,
} from './support'

describe('/metrics from Upstash over REST, in workerd', () => {
  const { env, tag } = upstashEnv()

  it('answers every scrape with exactly one REST request carrying one command', async () => {
    for (let i = 1; i <= 3; i++) {
      const { families } = await metrics(env)
      expect(sampleValue(families, 'redis_up')).toBe(1)
      expect(sampleValue(families, 'redis_db_keys', { db: 'db0' })).toBe(10)
      expect(sampleValue(families, 'redis_db_keys', { db: 'db1' })).toBe(3)
      expect(sampleValue(families, 'redis_connected_clients')).toBeGreaterThanOrEqual(1)
      expect(sampleValue(families, 'redis_memory_used_bytes')).toBeGreaterThan(0)
      expect(sampleValue(families, 'redis_exporter_scrapes_total')).toBe(i)
      expect(await upstashStats(tag)).toMatchObject({ requests: i, commands: i })
    }
  })

  it('shows the commands Upstash lacks as unavailable collectors, not as a scrape error', async () => {
    const { families } = await metrics(env)
    expect(sampleValue(families, 'redis_exporter_last_scrape_error', { err: '' })).toBe(0)
    for (const collector of ['config', 'latency_latest', 'slowlog']) {
      expect(sampleValue(families, 'redis_exporter_collector_success', { collector })).toBe(0)
    }
    expect(families.get('redis_slowlog_length')).toBeUndefined()
  })

  it('labels the page with the REST endpoint as a rediss:// target and never prints the token', async () => {
    const { result, logs } = await captureLogs(async () => {
      const page = await (await SELF.fetch('http://exporter.test/', { headers: AUTH })).text()
      const m = await metrics(env)
      return page + m.text
    })
    // The test server speaks http, so the stand-in target is redis://; https gives rediss://host:443.
    expect(result).toContain(`redis://127.0.0.1:${new URL(h.upstash.url).port}`)
    expectNoSecrets(result + logs.join('\n'))
  })
})

describe('/metrics from an Upstash that offers only its INFO sections', () => {
  it('is up with the keyspace, memory and client families and without commandstats', async () => {
    const { env, tag } = upstashEnv({}, 'upstash-info')
    const { families } = await metrics(env)
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(sampleValue(families, 'redis_db_keys', { db: 'db0' })).toBe(10)
    expect(sampleValue(families, 'redis_memory_used_bytes')).toBeGreaterThan(0)
    expect(families.get('redis_commands_total')).toBeUndefined()
    expect(await upstashStats(tag)).toMatchObject({ requests: 1, commands: 1 })
  })
})

describe('the deployed Worker (SELF: wrangler.toml plus the project bindings)', () => {
  it('keeps module-scope state across requests: config, REST client and counters', async () => {
    const first = parsePromText(
      await (await SELF.fetch('http://exporter.test/metrics', { headers: AUTH })).text()
    )
    const second = parsePromText(
      await (await SELF.fetch('http://exporter.test/metrics', { headers: AUTH })).text()
    )
    expect(sampleValue(first, 'redis_up')).toBe(1)
    expect(sampleValue(second, 'redis_exporter_scrapes_total')).toBe(
      (sampleValue(first, 'redis_exporter_scrapes_total') ?? 0) + 1
    )
  })

  it('requires the bearer token on everything but /health', async () => {
    expect((await SELF.fetch('http://exporter.test/metrics')).status).toBe(401)
    expect((await SELF.fetch('http://exporter.test/health')).status).toBe(200)
  })
})
