import { describe, expect, it } from 'vitest'
import { FAMILIES } from '../../../lib/metrics/catalog/families'
import { FakeRedis } from '../../helpers/fake-redis'
import { setupApp as setup } from '../../helpers/test-app'

describe('GET /metrics', () => {
  it('serves redis_exporter families with the Prometheus content type and process metrics', async () => {
    const { app } = setup()
    const res = await app.request('/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const body = await res.text()
    expect(body).toContain('\nredis_up 1\n')
    expect(body).toContain('redis_exporter_last_scrape_error{err=""} 0')
    expect(body).toContain('redis_target_scrape_request_errors_total 0')
    expect(body).toContain('process_up 1')
  })

  it('answers 200 with redis_up 0 and the reason when Redis refuses the connection', async () => {
    const transport = new FakeRedis()
    transport.setMode('refuse')
    const { app, logs } = setup({}, transport)
    const body = await (await app.request('/metrics')).text()
    expect(body).toContain('\nredis_up 0\n')
    expect(body).toContain(
      'redis_exporter_last_scrape_error{err="connect ECONNREFUSED 127.0.0.1:1"} 1'
    )
    expect(logs[0]).toMatchObject({ level: 'warn', msg: 'scrape failed' })
  })

  it('answers within the deadline with redis_up 0 when Redis hangs', async () => {
    const transport = new FakeRedis()
    transport.setMode('hang')
    const { app } = setup({ REDIS_EXPORTER_SCRAPE_TIMEOUT: '200ms' }, transport)
    const started = Date.now()
    const body = await (await app.request('/metrics')).text()
    expect(Date.now() - started).toBeLessThan(2000)
    expect(body).toContain('\nredis_up 0\n')
    expect(body).toMatch(
      /last_scrape_error\{err="scrape deadline of 0.2s exceeded[^"]*REDIS_EXPORTER_SCRAPE_TIMEOUT[^"]*"\} 1/
    )
  })

  it('lowers the deadline to fit X-Prometheus-Scrape-Timeout-Seconds', async () => {
    const transport = new FakeRedis()
    transport.setMode('hang')
    const { app } = setup({ REDIS_EXPORTER_SCRAPE_TIMEOUT: '30s' }, transport)
    const res = await app.request('/metrics', {
      headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '0.4' },
    })
    expect(await res.text()).toContain('scrape deadline of 0.3s exceeded')
  })

  it('honours a custom telemetry path and namespace', async () => {
    const { app } = setup({
      REDIS_EXPORTER_WEB_TELEMETRY_PATH: '/prom',
      REDIS_EXPORTER_NAMESPACE: 'cache',
    })
    expect((await app.request('/metrics')).status).toBe(404)
    const body = await (await app.request('/prom')).text()
    expect(body).toContain('\ncache_up 1\n')
    expect(body).not.toContain('redis_up')
  })

  it('serves only the exporter metrics when REDIS_ADDR is empty', async () => {
    const { app, targets } = setup({ REDIS_ADDR: '' })
    const body = await (await app.request('/metrics')).text()
    expect(body).toContain('redis_target_scrape_request_errors_total 0')
    expect(body).not.toContain('redis_up')
    expect(targets).toEqual([])
  })

  it('describes the proxy-only page with the catalog, as the main page does', async () => {
    const proxy = await (await setup({ REDIS_ADDR: '' }).app.request('/metrics')).text()
    const main = await (await setup().app.request('/metrics')).text()
    for (const name of [
      'target_scrape_request_errors_total',
      'exporter_discovery_out_of_scope_nodes_total',
      'exporter_discovery_truncated_nodes_total',
    ]) {
      const row = FAMILIES[name as keyof typeof FAMILIES]
      const header = `# HELP redis_${name} ${row.help}\n# TYPE redis_${name} ${row.type}\n`
      expect(proxy).toContain(header)
      expect(main).toContain(header)
    }
  })

  it('leaves process metrics out with REDIS_EXPORTER_REDIS_ONLY_METRICS', async () => {
    const { app } = setup({ REDIS_EXPORTER_REDIS_ONLY_METRICS: 'true' })
    expect(await (await app.request('/metrics')).text()).not.toContain('process_up')
  })
})
