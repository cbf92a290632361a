import { describe, expect, it } from 'vitest'
import { createApp } from '../../lib/app'
import { parseConfig } from '../../lib/config'
import { FAMILIES } from '../../lib/metrics/catalog/families'
import type { EnvRecord } from '../../lib/config'
import type { Target } from '../../lib/target'
import { FakeTransport } from '../helpers/fake-transport'

function setup(env: EnvRecord = {}, transport = new FakeTransport(), share = false) {
  const targets: Target[] = []
  const logs: Record<string, unknown>[] = []
  const app = createApp({
    config: parseConfig({ REDIS_ADDR: 'redis://main:6379', ...env }),
    getTransport: (t) => {
      targets.push(t)
      return transport
    },
    processMetrics: async () => '# HELP process_up x\n# TYPE process_up gauge\nprocess_up 1\n',
    version: '1.2.3',
    shareConcurrentScrapes: share,
    log: (e) => logs.push({ ...e }),
  })
  return { app, targets, logs, transport }
}

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
    const transport = new FakeTransport()
    transport.mode = 'refuse'
    const { app, logs } = setup({}, transport)
    const body = await (await app.request('/metrics')).text()
    expect(body).toContain('\nredis_up 0\n')
    expect(body).toContain(
      'redis_exporter_last_scrape_error{err="connect ECONNREFUSED 127.0.0.1:1"} 1'
    )
    expect(logs[0]).toMatchObject({ level: 'warn', msg: 'scrape failed' })
  })

  it('answers within the deadline with redis_up 0 when Redis hangs', async () => {
    const transport = new FakeTransport()
    transport.mode = 'hang'
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
    const transport = new FakeTransport()
    transport.mode = 'hang'
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

describe('concurrent scrapes', () => {
  it.each([
    [true, 1],
    [false, 5],
  ])(
    'with shareConcurrentScrapes %s, 5 simultaneous /metrics cost %d INFO round trip(s)',
    async (share, infos) => {
      const transport = new FakeTransport()
      const { app } = setup({}, transport, share)
      const pages = await Promise.all(Array.from({ length: 5 }, () => app.request('/metrics')))
      for (const page of pages) expect(await page.text()).toContain('\nredis_up 1\n')
      const infoRounds = transport.sent.filter((round) => round.some((c) => c[0] === 'INFO'))
      expect(infoRounds).toHaveLength(infos)
    }
  )
})

describe('the scrape-failure log', () => {
  it('writes a bounded number of lines for 1,000 failing scrapes: the first, one a minute, the recovery', async () => {
    const transport = new FakeTransport()
    transport.mode = 'refuse'
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
    transport.mode = 'ok'
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

describe('discovery scope', () => {
  /** A master whose INFO replication lists REPLCONF-announced "replicas". */
  const announcing = () =>
    new FakeTransport({
      INFO: {
        ok: true,
        value:
          'redis_version:7.0.15\r\nrole:master\r\nslave0:ip=127.0.0.2,port=27402,state=online,offset=1,lag=0\r\nslave1:ip=169.254.169.254,port=80,state=online,offset=1,lag=0\r\n',
      },
    })

  it('lists only in-scope nodes, refuses the others on /scrape, and counts them on the main page', async () => {
    const { app, targets } = setup({ REDIS_PASSWORD: 'seed-pw' }, announcing())
    const before = await (await app.request('/metrics')).text()
    expect(before).toContain('\nredis_exporter_discovery_out_of_scope_nodes_total 0\n')
    expect(before).toContain('\nredis_exporter_discovery_truncated_nodes_total 0\n')
    expect(before).toContain('# TYPE redis_exporter_discovery_out_of_scope_nodes_total counter')
    const groups = (await (await app.request('/discover-cluster-nodes')).json()) as {
      targets: string[]
    }[]
    expect(groups.map((g) => g.targets[0])).toEqual(['redis://main:6379'])
    for (const raw of ['redis://127.0.0.2:27402', 'redis://169.254.169.254:80']) {
      expect((await app.request(`/scrape?target=${raw}`)).status).toBe(403)
    }
    expect(targets.every((t) => t.id === 'main:6379')).toBe(true)
    expect(await (await app.request('/metrics')).text()).toContain(
      '\nredis_exporter_discovery_out_of_scope_nodes_total 2\n'
    )
  })

  it('refuses a never-reached /scrape target that only a wildcard allows', async () => {
    const { app } = setup({ REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '*' })
    for (const raw of [
      '169.254.169.254:80',
      '[::ffff:a9fe:a9fe]:80',
      '2852039166:80',
      '0.0.0.0:6379',
    ]) {
      expect((await app.request(`/scrape?target=${encodeURIComponent(raw)}`)).status, raw).toBe(403)
    }
    expect((await app.request('/scrape?target=10.0.0.1:6379')).status).toBe(200)
    const exact = setup({ REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '169.254.169.254' })
    expect((await exact.app.request('/scrape?target=169.254.169.254:80')).status).toBe(200)
  })

  it('counts them on the proxy-only page too (REDIS_ADDR="")', async () => {
    const { app } = setup(
      { REDIS_ADDR: '', REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: 'seed.example' },
      announcing()
    )
    const res = await app.request('/discover-cluster-nodes?target=redis://seed.example:6379')
    expect(((await res.json()) as unknown[]).length).toBe(1)
    const body = await (await app.request('/metrics')).text()
    expect(body).toContain('\nredis_exporter_discovery_out_of_scope_nodes_total 2\n')
    expect(body).toContain('\nredis_exporter_discovery_truncated_nodes_total 0\n')
    expect(body).toContain('redis_target_scrape_request_errors_total 0')
  })
})

describe('other routes', () => {
  it('GET /health answers ok without touching Redis', async () => {
    const transport = new FakeTransport()
    transport.mode = 'refuse'
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

  it.each(['/nope', '/metrics/extra', '/scrape/x', '/.env'])('%s -> 404', async (path) => {
    const { app } = setup()
    expect((await app.request(path)).status).toBe(404)
  })

  it('POST /metrics is not served', async () => {
    const { app } = setup()
    expect((await app.request('/metrics', { method: 'POST' })).status).toBe(404)
  })
})
