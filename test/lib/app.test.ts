import { describe, expect, it } from 'vitest'
import { createApp } from '../../lib/app'
import { parseConfig } from '../../lib/config'
import { FakeRedis } from '../helpers/fake-redis'
import { setupApp as setup } from '../helpers/test-app'

describe('concurrent scrapes', () => {
  it.each([
    [true, 1],
    [false, 5],
  ])(
    'with shareConcurrentScrapes %s, 5 simultaneous /metrics cost %d INFO round trip(s)',
    async (share, infos) => {
      const transport = new FakeRedis()
      const { app } = setup({}, transport, share)
      const pages = await Promise.all(Array.from({ length: 5 }, () => app.request('/metrics')))
      for (const page of pages) expect(await page.text()).toContain('\nredis_up 1\n')
      const infoRounds = transport.rounds.filter((round) => round.some((c) => c.startsWith('INFO')))
      expect(infoRounds).toHaveLength(infos)
    }
  )
})

describe('the scrape-failure log', () => {
  it('writes a bounded number of lines for 1,000 failing scrapes: the first, one a minute, the recovery', async () => {
    const transport = new FakeRedis()
    transport.setMode('refuse')
    let clockMs = 0
    const logs: Record<string, unknown>[] = []
    const app = createApp({
      config: parseConfig({
        REDIS_ADDR: 'redis://main:6379',
        REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: 'other:6380',
      }),
      getTransport: () => transport,
      now: () => clockMs,
      log: (e) => logs.push({ ...e }),
    })
    // 1,000 scrapes of /metrics and 1,000 of /scrape, one every 100 ms: 100 seconds of outage.
    for (let i = 0; i < 1000; i++) {
      clockMs = i * 100
      expect(await (await app.request('/metrics')).text()).toContain('\nredis_up 0\n')
      expect((await app.request('/scrape?target=redis://other:6380')).status).toBe(200)
    }
    transport.setMode('ok')
    clockMs = 100_000
    expect(await (await app.request('/metrics')).text()).toContain('\nredis_up 1\n')

    // (Discovery of REDIS_ADDR, which /scrape's allowlist check runs, has its own log.)
    const scrapeLines = logs.filter((l) => String(l['msg']).startsWith('scrape '))
    const main = scrapeLines.filter((l) => l['target'] === 'redis://main:6379')
    expect(main).toEqual([
      {
        level: 'warn',
        msg: 'scrape failed',
        target: 'redis://main:6379',
        error: 'connect ECONNREFUSED 127.0.0.1:1',
        duration_seconds: 0,
      },
      expect.objectContaining({ msg: 'scrape failed', failures_since_last_log: 600 }),
      {
        level: 'info',
        msg: 'scrape recovered',
        target: 'redis://main:6379',
        failures: 1000,
        down_seconds: 100,
      },
    ])
    // The other target is still down: its first line and the one a minute later, nothing else.
    const other = scrapeLines.filter((l) => l['target'] === 'redis://other:6380')
    expect(other.map((l) => l['failures_since_last_log'])).toEqual([undefined, 600])
    expect(scrapeLines).toHaveLength(5)
  })
})

describe('other routes', () => {
  it.each(['/nope', '/metrics/extra', '/scrape/x', '/.env'])('%s -> 404', async (path) => {
    const { app } = setup()
    expect((await app.request(path)).status).toBe(404)
  })

  it('POST /metrics is not served', async () => {
    const { app } = setup()
    expect((await app.request('/metrics', { method: 'POST' })).status).toBe(404)
  })
})
