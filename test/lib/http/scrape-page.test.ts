import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import type { PageScraperDeps } from '../../../lib/http/scrape-page'
import { pageScraper } from '../../../lib/http/scrape-page'
import { parseTarget } from '../../../lib/target'
import { FakeRedis } from '../../helpers/fake-redis'

const BUILD_INFO = {
  version: '9.9.9',
  commitSha: 'abc',
  buildDate: '2026-01-01',
  runtimeVersion: 'test',
}

function scraper(
  env: Record<string, string>,
  transport: FakeRedis,
  more: Partial<PageScraperDeps> = {}
) {
  const logs: Record<string, unknown>[] = []
  const clock = { ms: 0 }
  const page = pageScraper({
    config: parseConfig({ REDIS_ADDR: 'redis://:pw-secret@main:6379', ...env }),
    getTransport: () => transport,
    now: () => clock.ms,
    log: (e) => logs.push({ ...e }),
    secrets: ['pw-secret'],
    ...more,
  })
  return { page, logs, clock }
}

const request = (extra: { timeoutHeader?: string; env?: unknown } = {}) => ({
  target: parseTarget('redis://main:6379'),
  timeoutHeader: extra.timeoutHeader,
  env: extra.env,
})

describe('pageScraper', () => {
  it('renders one scrape of the target as a Prometheus page', async () => {
    const transport = new FakeRedis()
    const { page, logs } = scraper({}, transport)
    const body = await page(request())
    expect(body).toContain('\nredis_up 1\n')
    expect(body).toContain('# TYPE redis_up gauge')
    expect(transport.rounds.length).toBeGreaterThan(0)
    expect(logs.filter((l) => String(l.msg).startsWith('scrape '))).toEqual([])
  })

  it.each<[string, Record<string, string>, boolean]>([
    ['with build info', {}, true],
    [
      'without it under REDIS_EXPORTER_REDIS_ONLY_METRICS',
      { REDIS_EXPORTER_REDIS_ONLY_METRICS: 'true' },
      false,
    ],
  ])('adds the exporter build info %s', async (_what, env, shown) => {
    const { page } = scraper(env, new FakeRedis(), { buildInfo: BUILD_INFO })
    expect((await page(request())).includes('9.9.9')).toBe(shown)
  })

  it.each<[string, { timeoutHeader?: string; env?: unknown }, string]>([
    ['the configured timeout', {}, '0.5s'],
    ["Prometheus's header, less its margin", { timeoutHeader: '0.4' }, '0.3s'],
    ['the time the invocation has left', { env: { left: 200 } }, '0.15s'],
  ])('bounds the scrape by %s', async (_what, req, deadline) => {
    const transport = new FakeRedis()
    transport.setMode('hang')
    const { page } = scraper({ REDIS_EXPORTER_SCRAPE_TIMEOUT: '500ms' }, transport, {
      remainingMs: (env) => (env as { left?: number } | undefined)?.left,
    })
    expect(await page(request(req))).toContain(`scrape deadline of ${deadline} exceeded`)
  })

  it('logs the first failure, one line a minute while down, and the recovery, with no secret', async () => {
    const transport = new FakeRedis()
    transport.setMode('refuse')
    const { page, logs, clock } = scraper({}, transport)
    for (let s = 0; s <= 120; s += 10) {
      clock.ms = s * 1000
      expect(await page(request())).toContain('\nredis_up 0\n')
    }
    transport.setMode('ok')
    clock.ms = 130_000
    await page(request())
    const lines = logs.filter((l) => String(l.msg).startsWith('scrape '))
    expect(lines.map((l) => [l.msg, l.failures_since_last_log ?? l.failures])).toEqual([
      ['scrape failed', undefined],
      ['scrape failed', 6],
      ['scrape failed', 6],
      ['scrape recovered', 13],
    ])
    expect(JSON.stringify(logs)).not.toContain('pw-secret')
  })
})
