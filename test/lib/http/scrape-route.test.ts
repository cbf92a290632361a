import { describe, expect, it } from 'vitest'
import { setupApp as setup } from '../../helpers/test-app'

describe('GET /scrape', () => {
  it('scrapes the configured target without process metrics', async () => {
    const { app, targets } = setup()
    const res = await app.request('/scrape?target=redis://main:6379')
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body).toContain('\nredis_up 1\n')
    expect(body).not.toContain('process_up')
    expect(body).not.toContain('target_scrape_request_errors_total')
    expect(targets[0]?.uri).toBe('redis://main:6379')
  })

  it('drops a password given in the target, keeping the user name', async () => {
    const { app, targets } = setup({ REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: 'other' })
    const res = await app.request(
      `/scrape?target=${encodeURIComponent('redis://bob:hunter2@other:6379')}`
    )
    expect(res.status).toBe(200)
    expect(targets[0]).toMatchObject({ username: 'bob', uri: 'redis://bob@other:6379' })
    expect(targets[0]?.password).toBeUndefined()
    expect(await res.text()).not.toContain('hunter2')
  })

  it.each([
    ['/scrape', 400, "'target' parameter must be specified"],
    ['/scrape?target=', 400, 'target is empty'],
    ['/scrape?target=a&target=b', 400, 'more than once'],
    ['/scrape?target=http://main:6379', 400, 'unsupported scheme'],
    ['/scrape?target=redis://main:notaport', 400, 'not a valid URL'],
    [
      '/scrape?target=redis://evil.example:6379',
      403,
      'not allowed; add it to REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS',
    ],
    ['/scrape?target=169.254.169.254:80', 403, 'not allowed'],
    ['/scrape?target=%E0%A4%A', 400, ''],
    ['/scrape?target=redis://main:6379/0%0d%0aX-Injected:1', 400, 'whitespace'],
    ['/scrape?target=<600 chars>', 414, 'longer than 512'],
    ['/scrape?target=x&pad=<5000 chars>', 414, 'request URL longer'],
  ])('%s -> %d with a one-line reason', async (shown, status, reason) => {
    const path = shown.replace(/<(\d+) chars>/, (_m, n: string) => 'a'.repeat(Number(n)))
    const { app, targets } = setup()
    const res = await app.request(path)
    expect(res.status).toBe(status)
    const text = await res.text()
    expect(text).toContain(reason)
    expect(text.trimEnd().split('\n')).toHaveLength(1)
    expect(text).not.toMatch(/\bat .*\.ts:\d+/)
    // A /scrape miss may trigger the rate-limited rediscovery of REDIS_ADDR's cluster nodes; no
    // transport is ever requested for the rejected target itself.
    expect(targets.every((t) => t.id === 'main:6379')).toBe(true)
  })

  it('counts rejected requests in redis_target_scrape_request_errors_total', async () => {
    const { app } = setup()
    await app.request('/scrape')
    await app.request('/scrape?target=http://x')
    expect(await (await app.request('/metrics')).text()).toContain(
      'redis_target_scrape_request_errors_total 2'
    )
  })

  it('is gone with REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT', async () => {
    const { app } = setup({ REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT: 'true' })
    expect((await app.request('/scrape?target=redis://main:6379')).status).toBe(404)
  })
})
