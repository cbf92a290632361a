import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newTargetState } from '../../../lib/collect/target-state'
import { parseConfig } from '../../../lib/config'
import { pushgatewaySink } from '../../../lib/push/pushgateway'
import type { TargetResult } from '../../../lib/push/types'
import { scrapeTarget } from '../../../lib/scrape'
import { IoredisTransport, ioredisOptions } from '../../../lib/transport/ioredis'
import { parsePromText, sampleValue } from '../../helpers/prom-text'
import type { Pushgateway } from '../../helpers/pushgateway'
import {
  PUSHGATEWAY_PASSWORD,
  PUSHGATEWAY_USER,
  pushgatewayBinary,
  startPushgateway,
} from '../../helpers/pushgateway'
import type { RedisServer } from '../../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../../helpers/redis-server'

/** Real families from a real scrape, pushed to Debian's prometheus-pushgateway behind basic auth. */
describe.skipIf(!pushgatewayBinary())('pushgatewaySink against prometheus-pushgateway', () => {
  let redis: RedisServer
  let pgw: Pushgateway
  let live: TargetResult
  let down: TargetResult
  const auth = {
    kind: 'basic',
    username: PUSHGATEWAY_USER,
    password: PUSHGATEWAY_PASSWORD,
  } as const
  const opts = () => ({ signal: AbortSignal.timeout(10_000), now: Date.now })

  const scrape = async (addr: string): Promise<TargetResult> => {
    const config = parseConfig({ REDIS_ADDR: addr, REDIS_EXPORTER_CONNECTION_TIMEOUT: '1s' })
    const target = config.target!
    const transport = new IoredisTransport(() => new Redis(ioredisOptions(target, config)))
    try {
      const r = await scrapeTarget(transport, newTargetState(), {
        config,
        timeoutSeconds: 5,
        now: Date.now,
      })
      return {
        id: target.id,
        dimensions: { env: 'test' },
        up: r.snapshot.up,
        error: r.snapshot.error,
        families: r.families,
        durationSeconds: r.durationSeconds,
      }
    } finally {
      await transport.close()
    }
  }

  beforeAll(async () => {
    redis = await startRedis()
    await seedStandardDataset(redis)
    pgw = await startPushgateway({ basicAuth: true })
    live = await scrape(redis.url)
    down = await scrape('redis://127.0.0.1:1')
  })
  afterAll(async () => {
    await pgw?.stop()
    await redis?.stop()
  })

  it('accepts a whole real scrape per target, grouped by job and instance', async () => {
    const report = await pushgatewaySink({ url: pgw.url, job: 'redis_exporter', auth }).send(
      [live, down],
      opts()
    )
    expect(report.errors).toEqual([])
    expect(report.sent).toBe(
      [live, down].reduce((n, r) => n + r.families.reduce((m, f) => m + f.samples.length, 0), 0)
    )
    const page = parsePromText(await pgw.metrics())
    const group = { job: 'redis_exporter', env: 'test' }
    expect(sampleValue(page, 'redis_up', { ...group, instance: live.id })).toBe(1)
    expect(sampleValue(page, 'redis_up', { ...group, instance: '127.0.0.1:1' })).toBe(0)
    expect(sampleValue(page, 'redis_db_keys', { ...group, instance: live.id, db: 'db0' })).toBe(10)
    expect(page.get('redis_commands_latencies_usec')?.type).toBe('histogram')
    expect(sampleValue(page, 'push_failure_time_seconds', { ...group, instance: live.id })).toBe(0)
  })

  it('replaces the group on the next push (PUT), so vanished series disappear', async () => {
    const only = { ...live, families: live.families.filter((f) => f.name === 'redis_up') }
    expect(
      (await pushgatewaySink({ url: pgw.url, job: 'redis_exporter', auth }).send([only], opts())).ok
    ).toBe(true)
    const page = parsePromText(await pgw.metrics())
    expect(sampleValue(page, 'redis_db_keys', { instance: live.id, db: 'db0' })).toBeUndefined()
    expect(sampleValue(page, 'redis_up', { instance: live.id })).toBe(1)
  })

  it('deletes the groups (delete-on-shutdown)', async () => {
    const sink = pushgatewaySink({ url: pgw.url, job: 'redis_exporter', auth })
    const report = await sink.delete([live, down], { signal: AbortSignal.timeout(5_000) })
    expect(report).toMatchObject({ ok: true, sent: 2 })
    const page = parsePromText(await pgw.metrics())
    expect(sampleValue(page, 'redis_up', { instance: live.id })).toBeUndefined()
    expect(sampleValue(page, 'redis_up', { instance: '127.0.0.1:1' })).toBeUndefined()
  })

  it('reports a wrong password as 401 naming the settings, never the password', async () => {
    const sink = pushgatewaySink({
      url: pgw.url,
      job: 'redis_exporter',
      auth: { kind: 'basic', username: PUSHGATEWAY_USER, password: 'not-the-password-42' },
    })
    const report = await sink.send([live], opts())
    expect(report.ok).toBe(false)
    expect(report.errors[0]).toMatch(/HTTP 401: Unauthorized.*REDIS_EXPORTER_PUSHGATEWAY_PASSWORD/)
    expect(report.errors.join()).not.toContain('not-the-password-42')
  })
})
