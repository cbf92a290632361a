import { describe, expect, it } from 'vitest'
import { landingPage } from '../../../lib/http/health-route'
import { FakeRedis } from '../../helpers/fake-redis'
import { setupApp as setup } from '../../helpers/test-app'

describe('GET /health and GET /', () => {
  it('GET /health answers ok without touching Redis', async () => {
    const transport = new FakeRedis()
    transport.setMode('refuse')
    const { app, targets } = setup({}, transport)
    const res = await app.request('/health')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('ok')
    expect(targets).toEqual([])
  })

  it('GET / links the endpoints and shows the target without its password', async () => {
    const { app } = setup({ REDIS_ADDR: 'redis://admin:hunter2@cache.internal:6380' })
    const res = await app.request('/')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('href="/metrics"')
    expect(html).toContain('href="/health"')
    expect(html).toContain('redis://admin@cache.internal:6380')
    expect(html).not.toContain('hunter2')
  })
})

describe('landingPage', () => {
  const base = { telemetryPath: '/metrics', targetUri: 'redis://cache:6379', version: '1.2.3' }

  it.each<[string, Parameters<typeof landingPage>[0], string[], string[]]>([
    [
      'links /scrape with the target as the example',
      { ...base, scrapeEnabled: true },
      ['href="/scrape?target=redis%3A%2F%2Fcache%3A6379"', 'Redis Exporter 1.2.3'],
      [],
    ],
    [
      'leaves /scrape out when it is disabled',
      { ...base, scrapeEnabled: false },
      ['href="/metrics"', 'href="/health"'],
      ['/scrape'],
    ],
    [
      'says REDIS_ADDR is empty and uses a placeholder example',
      { ...base, targetUri: undefined, scrapeEnabled: true },
      ['(none: REDIS_ADDR is empty)', 'target=redis%3A%2F%2Fhost%3A6379'],
      [],
    ],
    [
      'escapes HTML in every value it shows',
      { telemetryPath: '/m"<x>', targetUri: 'redis://a&b:1', version: '<v>', scrapeEnabled: false },
      ['href="/m&#34;&#60;x&#62;"', 'redis://a&#38;b:1', 'Redis Exporter &#60;v&#62;'],
      ['<x>', '<v>'],
    ],
  ])('%s', (_what, opts, present, absent) => {
    const html = landingPage(opts)
    for (const text of present) expect(html).toContain(text)
    for (const text of absent) expect(html).not.toContain(text)
  })
})
