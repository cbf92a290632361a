import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePromText, sampleValue } from './prom-text'
import { redisExporterBinary, scrapeText, startRedisExporter } from './redis-exporter'
import type { RedisExporter } from './redis-exporter'
import { seedStandardDataset, startRedis } from './redis-server'
import type { RedisServer } from './redis-server'

const available = redisExporterBinary() !== undefined

describe.skipIf(!available)('startRedisExporter', () => {
  const cleanups: (() => Promise<void>)[] = []
  let redis: RedisServer
  let exporter: RedisExporter | undefined

  beforeAll(async () => {
    redis = await startRedis({ password: 'pw' })
    cleanups.push(() => redis.stop())
    await seedStandardDataset(redis)
    exporter = await startRedisExporter({ redisAddr: redis.url, password: 'pw' })
    if (exporter) cleanups.push(exporter.stop)
  })
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })

  it('scrapes a started server (password via REDIS_PASSWORD)', async () => {
    expect(exporter).toBeDefined()
    const text = await scrapeText(exporter!.url)
    expect(text).toContain('redis_up 1\n')
    const f = parsePromText(text)
    expect(sampleValue(f, 'redis_db_keys', { db: 'db0' })).toBe(10)
    expect(sampleValue(f, 'redis_db_keys', { db: 'db1' })).toBe(3)
    expect(sampleValue(f, 'redis_exporter_last_scrape_error', { err: '' })).toBe(0)
    const info = f.get('redis_instance_info')?.samples[0]?.labels
    expect(info?.tcp_port).toBe(String(redis.port))
  })

  it('serves /health and does not leak the password into argv', async () => {
    const res = await fetch(`${exporter!.url}/health`)
    expect(res.status).toBe(200)
    const { readFileSync } = await import('node:fs')
    const cmdline = readFileSync(`/proc/${exporter!.pid}/cmdline`, 'utf8')
    expect(cmdline).not.toContain('pw\0')
    expect(cmdline).toContain(`redis://127.0.0.1:${redis.port}`)
  })

  it('reports redis_up 0 without the password, and stop() ends the process', async () => {
    const other = await startRedisExporter({
      redisAddr: `127.0.0.1:${redis.port}`,
      extraArgs: ['-redis-only-metrics'],
    })
    expect(other).toBeDefined()
    try {
      const text = await scrapeText(`${other!.url}/metrics`)
      expect(text).toContain('redis_up 0\n')
      expect(text).not.toContain('go_goroutines')
    } finally {
      await other!.stop()
    }
    expect(() => process.kill(other!.pid, 0)).toThrow()
  })
})
