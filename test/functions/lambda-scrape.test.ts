import { spawn } from 'node:child_process'
import { gunzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { MAX_EVENT_HEADER_BYTES } from '../../lib/http/lambda-event'
import { createScrapeHandler } from '../../functions/lambda-scrape-handler'
import { lambdaContext } from '../fixtures/lambda/context'
import { HTTP_EVENT_KINDS, fixture, httpEvent } from '../fixtures/lambda/events'
import { decoded } from '../helpers/lambda-result'
import { parsePromText, sampleValue } from '../helpers/prom-text'
import type { RedisServer } from '../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../helpers/redis-server'
import type { TcpProxy } from '../helpers/tcp-proxy'
import { startTcpProxy } from '../helpers/tcp-proxy'

const TOKEN = 'scrape-token-7f3a9c'
const AUTH = { authorization: `Bearer ${TOKEN}` }

type Handler = ReturnType<typeof createScrapeHandler>
const typeLines = (page: string) => page.split('\n').filter((l) => l.startsWith('# TYPE '))
const logs: Record<string, unknown>[] = []
const handlerFor = (env: Record<string, string>): Handler =>
  createScrapeHandler(env, { log: (e) => logs.push({ ...e }) })
type Result = { statusCode: number; headers?: Record<string, string>; body: string }

/** The result as a client reads it (a gzipped body decompressed). */
async function invoke(h: Handler, event: unknown, timeoutMs = 10_000): Promise<Result> {
  return decoded((await h.handler(event as never, lambdaContext(timeoutMs) as never)) as Result)
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

  it.each(HTTP_EVENT_KINDS)(
    '%s: gzips the page as a base64 body when the request accepts it',
    async (kind) => {
      type Raw = Result & { isBase64Encoded?: boolean }
      const raw = async (headers: Record<string, string>) =>
        (await h.handler(
          httpEvent(kind, { headers: { ...AUTH, ...headers } }) as never,
          lambdaContext(10_000) as never
        )) as Raw
      const plain = await raw({ 'accept-encoding': 'identity' })
      const gzipped = await raw({ 'accept-encoding': 'gzip' })
      expect(plain.isBase64Encoded).toBe(false)
      expect(plain.headers?.['content-encoding']).toBeUndefined()
      expect(gzipped.isBase64Encoded).toBe(true)
      expect(gzipped.headers?.['content-encoding']).toBe('gzip')
      const inside = gunzipSync(Buffer.from(gzipped.body, 'base64')).toString('utf8')
      // Two live scrapes: the same families (commandstats may gain a series in between).
      expect(typeLines(inside)).toEqual(typeLines(plain.body))
      expect(sampleValue(parsePromText(inside), 'redis_up')).toBe(1)
      expect(gzipped.body.length).toBeLessThan(plain.body.length / 2)
    }
  )

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
    const res = decoded(
      (await h.handler(
        httpEvent('function-url-v2', {
          headers: { ...AUTH, 'x-prometheus-scrape-timeout-seconds': '30' },
        }) as never,
        ctx as never
      )) as Result
    )
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
          'REDIS_EXPORTER_LOG_LEVEL means nothing on the Lambda scrape function (Lambda and Workers always log JSON lines for their log services); ignored',
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

/** The Function URL event with `changes` applied (undefined deletes a field). */
function urlEvent(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const event: Record<string, unknown> = { ...httpEvent('function-url-v2'), ...changes }
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete event[k]
  return event
}

/** The Function URL event with its requestContext.http replaced, and other context fields. */
function withContext(
  http: Record<string, unknown>,
  context: Record<string, unknown> = {}
): Record<string, unknown> {
  const event = urlEvent()
  const ctx = event['requestContext'] as Record<string, unknown>
  return { ...event, requestContext: { ...ctx, ...context, http } }
}

const NOT_HTTP = 'the scrape function answers Function URL, API Gateway and ALB requests'

describe('the scrape handler on events that are not valid HTTP events', () => {
  let h: Handler
  beforeAll(() => {
    h = handlerFor({ REDIS_ADDR: 'redis://127.0.0.1:1', REDIS_EXPORTER_BEARER_TOKEN: TOKEN })
  })
  afterAll(async () => {
    await h?.close()
  })

  it.each<[string, unknown, string]>([
    ['null', null, `not an HTTP event: got null; ${NOT_HTTP}`],
    ['undefined', undefined, `not an HTTP event: got no event; ${NOT_HTTP}`],
    ['a string', 'GET /metrics', `not an HTTP event: got a string; ${NOT_HTTP}`],
    ['a number', 42, `not an HTTP event: got a number; ${NOT_HTTP}`],
    ['a boolean', true, `not an HTTP event: got a boolean; ${NOT_HTTP}`],
    ['an array', [urlEvent()], `not an HTTP event: got an array; ${NOT_HTTP}`],
    ['{}', {}, `not an HTTP event: requestContext is missing; ${NOT_HTTP}`],
    [
      'an EventBridge scheduled event',
      fixture('eventbridge-rule'),
      'not an HTTP event: got an EventBridge scheduled event; schedules go to the push function (handler lambda-push.handler)',
    ],
    [
      'an EventBridge Scheduler event',
      fixture('scheduler'),
      'not an HTTP event: got an EventBridge scheduled event; schedules go to the push function (handler lambda-push.handler)',
    ],
    [
      'payload 2.0 without requestContext',
      urlEvent({ requestContext: undefined }),
      'requestContext.http is missing (payload format 2.0)',
    ],
    [
      'requestContext a string',
      urlEvent({ requestContext: 'x' }),
      'requestContext is not an object',
    ],
    [
      'payload 2.0 without the http method',
      withContext({ path: '/metrics' }),
      'requestContext.http.method is missing',
    ],
    ['an invalid http method', withContext({ method: 'GE T' }), 'the HTTP method is not valid'],
    ['no path', urlEvent({ rawPath: 42 }), 'the path is missing'],
    ['a relative path', urlEvent({ rawPath: 'metrics' }), 'the path is missing'],
    [
      'an API Gateway REST event without httpMethod',
      { requestContext: {}, path: '/metrics', headers: {} },
      'the HTTP method is missing',
    ],
    [
      'an ALB event without httpMethod',
      { ...httpEvent('alb'), httpMethod: undefined },
      'httpMethod is missing',
    ],
    [
      'a VPC Lattice event',
      { requestContext: { serviceArn: 'arn:x' }, method: 'GET', path: '/metrics' },
      'VPC Lattice events are not supported',
    ],
    [
      'a body that is not base64',
      urlEvent({ isBase64Encoded: true, body: '%%% not base64 %%%' }),
      'the body is not valid base64 (isBase64Encoded is true)',
    ],
    ['a body that is an object', urlEvent({ body: { a: 1 } }), 'the body is not a string'],
    [
      'isBase64Encoded that is not a boolean',
      urlEvent({ isBase64Encoded: 'yes' }),
      'isBase64Encoded is not a boolean',
    ],
    [
      'huge headers',
      urlEvent({ headers: { 'x-big': 'a'.repeat(MAX_EVENT_HEADER_BYTES) } }),
      `the request headers are larger than ${MAX_EVENT_HEADER_BYTES} bytes`,
    ],
    ['headers that are a string', urlEvent({ headers: 'x' }), 'headers is not an object'],
    [
      'an invalid header name',
      urlEvent({ headers: { 'bad header': 'x' } }),
      'a header name is not valid',
    ],
    [
      'a header value with a line break',
      urlEvent({ headers: { 'x-a': 'a\r\nx-injected: 1' } }),
      'header x-a holds a line break or NUL',
    ],
    [
      'a header value that is a number',
      urlEvent({ headers: { 'x-a': 5 } }),
      'header x-a is not a string',
    ],
    [
      'multi-value headers that are not an object',
      { ...httpEvent('alb'), multiValueHeaders: 'accept' },
      'multiValueHeaders is not an object',
    ],
    [
      'a rawQueryString that is a number',
      urlEvent({ rawQueryString: 7 }),
      'rawQueryString is not a string',
    ],
    [
      'query parameters that are not strings',
      { ...httpEvent('alb'), queryStringParameters: { target: ['a'] } },
      'queryStringParameters holds a value that is not a string',
    ],
    [
      'cookies that are not a list',
      urlEvent({ cookies: 'a=b' }),
      'cookies is not a list of strings',
    ],
    [
      'a host that is not a host name',
      withContext({ method: 'GET' }, { domainName: 'bad host name' }),
      'the host or path does not form a valid URL',
    ],
  ])('%s: 400 with a one-line reason, one log line, no throw', async (_what, event, reason) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    logs.length = 0
    try {
      const res = await invoke(h, event)
      expect(res).toEqual({
        statusCode: 400,
        headers: { 'content-type': 'text/plain; charset=UTF-8' },
        body: `error: ${reason}\n`,
        isBase64Encoded: false,
      })
      expect(logs).toEqual([{ level: 'warn', msg: 'bad event', error: reason }])
      // Nothing reached hono's own error path (which prints a stack trace).
      expect(errors).not.toHaveBeenCalled()
    } finally {
      errors.mockRestore()
    }
  })

  it.each<[string, Record<string, unknown>, string]>([
    [
      'an invalid method',
      { multiValueHeaders: { host: ['h'] }, httpMethod: 'GE T' },
      'the HTTP method is not valid',
    ],
    [
      'multi-value headers that are not lists',
      { multiValueHeaders: { accept: 'text/plain' } },
      'multiValueHeaders accept is not a list of strings',
    ],
  ])(
    'answers an ALB event with multi-value headers and %s in that shape',
    async (_w, changes, reason) => {
      expect(await invoke(h, { ...httpEvent('alb'), ...changes })).toEqual({
        statusCode: 400,
        multiValueHeaders: { 'content-type': ['text/plain; charset=UTF-8'] },
        body: `error: ${reason}\n`,
        isBase64Encoded: false,
      })
    }
  )

  it.each([
    ['a text body', { body: 'ignored' }],
    ['a base64 body', { body: btoa('ignored'), isBase64Encoded: true }],
  ])('serves a GET that carries %s (the body is dropped)', async (_what, changes) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const withBody = await invoke(h, {
        ...httpEvent('function-url-v2', { path: '/health' }),
        ...changes,
      })
      expect(withBody).toMatchObject({ statusCode: 200, body: 'ok' })
      expect(errors).not.toHaveBeenCalled()
    } finally {
      errors.mockRestore()
    }
  })
})

/** Loads a Lambda entry module as the runtime does at init, with `env` as its whole environment. */
async function initEntry(
  entry: string,
  env: Record<string, string>
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const url = new URL(`../../functions/${entry}`, import.meta.url).href
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `await import(${JSON.stringify(url)})`],
    { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, stdout, stderr }
}

describe('a configuration error at Lambda init', () => {
  it.each<[string, string, Record<string, string>, string]>([
    [
      'lambda-scrape.ts',
      'a URL password in the allowlist',
      { REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: 'redis://:S3cretPw@h:1' },
      'REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: "redis://:<redacted>@h:1" is not a host pattern (expected host, host:port, *.domain, [ipv6]:port or *)',
    ],
    [
      'lambda-scrape.ts',
      'the Redis password pasted into another setting',
      { REDIS_PASSWORD: 'S3cretPw', REDIS_EXPORTER_NAMESPACE: 'S3cretPw!' },
      'REDIS_EXPORTER_NAMESPACE: "<redacted>!" is not a valid metric prefix (expected letters, digits and _ , e.g. redis)',
    ],
    [
      'lambda-push.ts',
      'a URL password in a push target',
      { REDIS_EXPORTER_TARGETS: 'redis://u:S3cretPw@h:99999' },
      'REDIS_EXPORTER_TARGETS',
    ],
  ])(
    '%s, %s: one JSON line naming the variable, no secret, no stack',
    async (entry, _w, env, error) => {
      const { code, stdout, stderr } = await initEntry(entry, env)
      expect(code).not.toBe(0)
      const lines = stdout.trim().split('\n')
      expect(lines).toHaveLength(1)
      const line = JSON.parse(lines[0]!) as Record<string, unknown>
      expect(line).toMatchObject({ level: 'error', msg: 'configuration error' })
      expect(String(line['error'])).toContain(error)
      // What the runtime prints for the init error: the same text, without a stack trace.
      expect(stderr).toContain(`ConfigError: ${String(line['error'])}`)
      expect(stderr).not.toMatch(/^\s+at /m)
      expect(stdout + stderr).not.toContain('S3cretPw')
    }
  )
})
