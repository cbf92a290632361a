import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createScrapeHandler } from '../../functions/lambda-scrape-handler'
import { lambdaContext } from '../fixtures/lambda/context'
import { HTTP_EVENT_KINDS, httpEvent } from '../fixtures/lambda/events'
import { parsePromText, sampleValue } from '../helpers/prom-text'
import type { RedisServer } from '../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../helpers/redis-server'
import type { TcpProxy } from '../helpers/tcp-proxy'
import { startTcpProxy } from '../helpers/tcp-proxy'

const TOKEN = 'scrape-token-7f3a9c'
const AUTH = { authorization: `Bearer ${TOKEN}` }

type Handler = ReturnType<typeof createScrapeHandler>
const logs: Record<string, unknown>[] = []
const handlerFor = (env: Record<string, string>): Handler =>
  createScrapeHandler(env, { log: (e) => logs.push({ ...e }) })
type Result = { statusCode: number; headers?: Record<string, string>; body: string }

async function invoke(
  h: Handler,
  event: Record<string, unknown>,
  timeoutMs = 10_000
): Promise<Result> {
  return (await h.handler(event as never, lambdaContext(timeoutMs) as never)) as Result
}

function connectionsReceived(info: unknown): number {
  return Number(/total_connections_received:(\d+)/.exec(String(info))?.[1])
}

describe('the scrape handler on the recorded HTTP event shapes', () => {
  let redis: RedisServer
  let h: Handler
  beforeAll(async () => {
    redis = await startRedis()
    await seedStandardDataset(redis)
    h = handlerFor({
      REDIS_ADDR: redis.url,
      REDIS_EXPORTER_BEARER_TOKEN: TOKEN,
      REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '127.0.0.1',
    })
  })
  afterAll(async () => {
    await h?.close()
    await redis?.stop()
  })

  it.each(HTTP_EVENT_KINDS)('%s: GET /metrics answers the Prometheus page', async (kind) => {
    const res = await invoke(h, httpEvent(kind, { headers: AUTH }))
    expect(res.statusCode).toBe(200)
    expect(res.headers?.['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    const families = parsePromText(res.body)
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(sampleValue(families, 'redis_db_keys', { db: 'db0' })).toBe(10)
    expect(res.body).toMatch(/redis_exporter_build_info\{[^}]*runtime_version="node v\d+/)
    // No Node process metrics on Lambda.
    expect(res.body).not.toContain('process_cpu_user_seconds_total')
  })

  it.each(HTTP_EVENT_KINDS)('%s: GET /scrape?target= reaches an allowed target', async (kind) => {
    const res = await invoke(
      h,
      httpEvent(kind, { path: '/scrape', query: { target: redis.url }, headers: AUTH })
    )
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('\nredis_up 1\n')
  })

  it.each(HTTP_EVENT_KINDS)('%s: /scrape refuses a target outside the allowlist', async (kind) => {
    const res = await invoke(
      h,
      httpEvent(kind, {
        path: '/scrape',
        query: { target: 'redis://10.9.8.7:6379' },
        headers: AUTH,
      })
    )
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS')
  })

  it.each(HTTP_EVENT_KINDS)(
    '%s: no or a wrong token gets 401; /health stays open',
    async (kind) => {
      expect((await invoke(h, httpEvent(kind))).statusCode).toBe(401)
      const wrong = await invoke(h, httpEvent(kind, { headers: { authorization: 'Bearer nope' } }))
      expect(wrong.statusCode).toBe(401)
      expect(wrong.body).not.toContain(TOKEN)
      const health = await invoke(h, httpEvent(kind, { path: '/health' }))
      expect(health.statusCode).toBe(200)
      expect(health.body).toBe('ok')
    }
  )

  it('reuses the warm connection: a second invocation opens no connection', async () => {
    await invoke(h, httpEvent('function-url-v2', { headers: AUTH }))
    const before = connectionsReceived(await redis.command('INFO', 'stats'))
    const res = await invoke(h, httpEvent('function-url-v2', { headers: AUTH }))
    expect(res.body).toContain('\nredis_up 1\n')
    const after = connectionsReceived(await redis.command('INFO', 'stats'))
    // The helper's own INFO connection is the only new one.
    expect(after - before - 1).toBe(0)
  })
})

describe('the scrape handler and secrets', () => {
  it('never puts a Redis password or a credential into a response or a log line', async () => {
    const redis = await startRedis({ password: 'redis-pw-1f9e' })
    const h = handlerFor({
      REDIS_ADDR: redis.url,
      REDIS_PASSWORD: 'wrong-pw-77ab',
      REDIS_EXPORTER_BASIC_AUTH_USERNAME: 'prom',
      REDIS_EXPORTER_BASIC_AUTH_PASSWORD: 'basic-pw-3c2d',
    })
    logs.length = 0
    try {
      const auth = { authorization: `Basic ${btoa('prom:basic-pw-3c2d')}` }
      const res = await invoke(h, httpEvent('function-url-v2', { headers: auth }))
      expect(res.body).toContain('\nredis_up 0\n')
      expect(res.body).toMatch(/last_scrape_error\{err="WRONGPASS[^"]*"\} 1/)
      expect(logs.map((l) => l['msg'])).toContain('scrape failed')
      const everything = JSON.stringify([res, logs])
      for (const secret of ['redis-pw-1f9e', 'wrong-pw-77ab', 'basic-pw-3c2d']) {
        expect(everything).not.toContain(secret)
      }
    } finally {
      await h.close()
      await redis.stop()
    }
  })
})

describe('the scrape handler without credentials configured', () => {
  it.each([
    ['/metrics', 403],
    ['/scrape', 403],
    ['/', 403],
    ['/health', 200],
  ])('answers %s with %i and names the settings to set', async (path, status) => {
    const h = handlerFor({ REDIS_ADDR: 'redis://127.0.0.1:1' })
    try {
      const res = await invoke(h, httpEvent('function-url-v2', { path }))
      expect(res.statusCode).toBe(status)
      if (status === 403) {
        expect(res.body).toContain('REDIS_EXPORTER_BASIC_AUTH_USERNAME')
        expect(res.body).toContain('REDIS_EXPORTER_BEARER_TOKEN')
        expect(res.body).toContain('REDIS_EXPORTER_ALLOW_UNAUTHENTICATED')
      }
    } finally {
      await h.close()
    }
  })

  it('serves /metrics openly only with the explicit opt-out', async () => {
    const h = handlerFor({
      REDIS_ADDR: 'redis://127.0.0.1:1',
      REDIS_EXPORTER_ALLOW_UNAUTHENTICATED: 'true',
      REDIS_EXPORTER_CONNECTION_TIMEOUT: '200ms',
    })
    try {
      const res = await invoke(h, httpEvent('function-url-v2'))
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('\nredis_up 0\n')
    } finally {
      await h.close()
    }
  })
})

describe('the scrape handler when Redis goes away', () => {
  let redis: RedisServer
  let proxy: TcpProxy
  let h: Handler
  beforeAll(async () => {
    redis = await startRedis()
    proxy = await startTcpProxy(redis.port)
    h = handlerFor({
      REDIS_ADDR: `redis://127.0.0.1:${proxy.port}`,
      REDIS_EXPORTER_BEARER_TOKEN: TOKEN,
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '30s',
    })
  })
  afterEach(() => proxy.setMode('forward'))
  afterAll(async () => {
    await h?.close()
    await proxy?.close()
    await redis?.stop()
  })

  it('returns redis_up 0 before a blackholed Redis exhausts the Prometheus timeout, then recovers', async () => {
    expect((await invoke(h, httpEvent('function-url-v2', { headers: AUTH }))).body).toContain(
      '\nredis_up 1\n'
    )
    proxy.setMode('blackhole')
    const started = Date.now()
    const res = await invoke(
      h,
      httpEvent('function-url-v2', {
        headers: { ...AUTH, 'x-prometheus-scrape-timeout-seconds': '1' },
      })
    )
    expect(Date.now() - started).toBeLessThan(1000)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('\nredis_up 0\n')
    expect(res.body).toContain('scrape deadline of 0.75s exceeded')

    proxy.setMode('forward')
    const connectionsBefore = proxy.connections()
    const next = await invoke(h, httpEvent('function-url-v2', { headers: AUTH }))
    expect(next.body).toContain('\nredis_up 1\n')
    // The dead client was replaced by a new connection.
    expect(proxy.connections()).toBe(connectionsBefore + 1)
  })

  it("returns redis_up 0 before the invocation's remaining time runs out", async () => {
    await invoke(h, httpEvent('function-url-v2', { headers: AUTH }))
    proxy.setMode('blackhole')
    const ctx = lambdaContext(1500)
    const res = (await h.handler(
      httpEvent('function-url-v2', {
        headers: { ...AUTH, 'x-prometheus-scrape-timeout-seconds': '30' },
      }) as never,
      ctx as never
    )) as Result
    expect(ctx.getRemainingTimeInMillis()).toBeGreaterThan(0)
    expect(res.body).toContain('\nredis_up 0\n')
    expect(res.body).toMatch(/scrape deadline of 1\.\d+s exceeded/)
    proxy.setMode('forward')
    expect((await invoke(h, httpEvent('function-url-v2', { headers: AUTH }))).body).toContain(
      '\nredis_up 1\n'
    )
  })

  it('recovers on the next invocation after Redis restarts behind the same address', async () => {
    await invoke(h, httpEvent('function-url-v2', { headers: AUTH }))
    const runIdBefore = /run_id:(\w+)/.exec(String(await redis.command('INFO', 'server')))?.[1]
    // A restart: the old process exits (closing the warm connection), a new one takes the address.
    await redis.stop()
    redis = await startRedis()
    proxy.setUpstream(redis.port)
    const page = (await invoke(h, httpEvent('function-url-v2', { headers: AUTH }))).body
    expect(page).toContain('\nredis_up 1\n')
    const runIdAfter = /run_id="(\w+)"/.exec(page)?.[1]
    expect(runIdAfter).toBeDefined()
    expect(runIdAfter).not.toBe(runIdBefore)
  })
})

describe('the scrape handler at init', () => {
  it('logs the startup warnings once, naming variables and never a value', async () => {
    logs.length = 0
    const h = handlerFor({
      REDIS_ADDR: 'redis://127.0.0.1:1',
      REDIS_EXPORTER_BEARER_TOKEN: TOKEN,
      REDIS_EXPORTER_TARGETS: 'redis://u:hunter2@h:1',
      REDIS_EXPORTER_LOG_LEVEL: 'debug',
    })
    try {
      expect(logs.map((l) => [l['level'], l['msg']])).toEqual([
        [
          'warn',
          "REDIS_EXPORTER_LOG_LEVEL is redis_exporter's setting for -log-level; not supported by this exporter: logging is not configurable: the exporter always writes JSON lines; ignored",
        ],
        [
          'warn',
          'REDIS_EXPORTER_TARGETS means nothing on the Lambda scrape function (it is used only by the Lambda push function, Workers); ignored',
        ],
      ])
      expect(JSON.stringify(logs)).not.toContain('hunter2')
    } finally {
      await h.close()
    }
  })
})
