import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { groupingPath, pushgatewaySink } from '../../../lib/push/pushgateway'
import type { TargetResult } from '../../../lib/push/types'
import { freePort } from '../../helpers/free-port'

type Seen = { method: string; url: string; headers: Record<string, string>; body: string }

/** A capture server: records requests and answers with the scripted statuses, then 200. */
let server: Server
let base: string
let seen: Seen[] = []
let script: number[] = []
let delayMs = 0
let inflight = 0
let maxInflight = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    inflight += 1
    maxInflight = Math.max(maxInflight, inflight)
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', async () => {
      await new Promise((r) => setTimeout(r, delayMs))
      inflight -= 1
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) headers[k] = String(v)
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers, body })
      const status = script.shift() ?? 200
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(status === 200 ? '' : `pushed metrics are invalid or inconsistent (status ${status})`)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address()
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/prefix`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))
beforeEach(() => {
  seen = []
  script = []
  delayMs = 0
  maxInflight = 0
})

const result = (id: string, dimensions: Record<string, string> = {}): TargetResult => ({
  id,
  dimensions,
  up: true,
  error: '',
  durationSeconds: 0.01,
  families: [
    {
      name: 'redis_up',
      help: 'Information about the Redis instance',
      type: 'gauge',
      samples: [{ labels: {}, value: 1 }],
    },
    {
      name: 'redis_db_keys',
      help: 'Total number of keys by DB',
      type: 'gauge',
      samples: [
        { labels: { db: 'db0' }, value: 10 },
        { labels: { db: 'db1' }, value: 3 },
      ],
    },
  ],
})
const opts = () => ({ signal: AbortSignal.timeout(5_000), now: Date.now })

describe('groupingPath', () => {
  it.each([
    [
      'plain host:port',
      'redis_exporter',
      'cache.example.com:6379',
      {},
      '/metrics/job/redis_exporter/instance/cache.example.com%3A6379',
    ],
    [
      'dimensions as labels',
      'j',
      'h:1',
      { env: 'prod', 'Cluster Name': 'a' },
      '/metrics/job/j/instance/h%3A1/env/prod/Cluster_Name/a',
    ],
    [
      'a slash in a value uses @base64',
      'j',
      'h:1',
      { path: '/var/tmp' },
      '/metrics/job/j/instance/h%3A1/path@base64/L3Zhci90bXA',
    ],
    ['an empty value', 'j', 'h:1', { env: '' }, '/metrics/job/j/instance/h%3A1/env@base64/='],
    [
      'clashing dimension names are dropped',
      'j',
      'h:1',
      { job: 'x', instance: 'y', __x: 'z' },
      '/metrics/job/j/instance/h%3A1',
    ],
    ['an IPv6 target', 'j', '[::1]:6379', {}, '/metrics/job/j/instance/%5B%3A%3A1%5D%3A6379'],
  ])('%s', (_name, job, id, dimensions, path) => {
    expect(groupingPath(job, { id, dimensions })).toBe(path)
  })
})

describe('pushgatewaySink', () => {
  it('PUTs each target as text format to its own group, with basic auth', async () => {
    const sink = pushgatewaySink({
      url: base,
      job: 'redis_exporter',
      auth: { kind: 'basic', username: 'pusher', password: 'pa:ss wörd' },
    })
    const report = await sink.send([result('a:6379'), result('b:6379', { env: 'prod' })], opts())
    expect(report).toEqual({ sink: 'pushgateway', ok: true, sent: 6, errors: [] })
    const urls = seen.map((s) => `${s.method} ${s.url}`).sort()
    expect(urls).toEqual([
      'PUT /prefix/metrics/job/redis_exporter/instance/a%3A6379',
      'PUT /prefix/metrics/job/redis_exporter/instance/b%3A6379/env/prod',
    ])
    const first = seen[0]!
    expect(first.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(
      Buffer.from(first.headers['authorization']!.replace('Basic ', ''), 'base64').toString()
    ).toBe('pusher:pa:ss wörd')
    expect(first.body).toContain('# TYPE redis_db_keys gauge\nredis_db_keys{db="db0"} 10\n')
  })

  it('sends a bearer token', async () => {
    await pushgatewaySink({ url: base, job: 'j', auth: { kind: 'bearer', token: 'tok-123' } }).send(
      [result('a:1')],
      opts()
    )
    expect(seen[0]?.headers['authorization']).toBe('Bearer tok-123')
  })

  it('retries 5xx and 429 with backoff, then succeeds', async () => {
    script = [503, 429]
    const pauses: number[] = []
    const sink = pushgatewaySink({
      url: base,
      job: 'j',
      retries: 2,
      backoffMs: (n) => (pauses.push(n), 5),
    })
    const report = await sink.send([result('a:1')], opts())
    expect(report.ok).toBe(true)
    expect(seen).toHaveLength(3)
    expect(pauses).toEqual([0, 1])
  })

  it('does not retry a 400 and reports it per target without the credentials', async () => {
    script = [400]
    const sink = pushgatewaySink({
      url: base,
      job: 'j',
      auth: { kind: 'basic', username: 'u', password: 'sekrit-pw' },
      backoffMs: () => 1,
    })
    const report = await sink.send([result('a:1')], opts())
    expect(seen).toHaveLength(1)
    expect(report).toEqual({
      sink: 'pushgateway',
      ok: false,
      sent: 0,
      errors: [
        'pushgateway: target a:1: HTTP 400: pushed metrics are invalid or inconsistent (status 400)',
      ],
    })
  })

  it('names the credential settings on 401 and gives up after the retries on 500', async () => {
    script = [401, 500, 500, 500]
    const sink = pushgatewaySink({
      url: base,
      job: 'j',
      retries: 2,
      backoffMs: () => 1,
      concurrency: 1,
    })
    const report = await sink.send([result('a:1'), result('b:1')], opts())
    expect(report.errors).toEqual([
      expect.stringMatching(
        /^pushgateway: target a:1: HTTP 401: .*check REDIS_EXPORTER_PUSHGATEWAY_USERNAME/
      ),
      expect.stringMatching(/^pushgateway: target b:1: HTTP 500: /),
    ])
    expect(seen).toHaveLength(4)
  })

  it('reports an unreachable Pushgateway naming the URL setting', async () => {
    const port = await freePort()
    const report = await pushgatewaySink({
      url: `http://127.0.0.1:${port}`,
      job: 'j',
      backoffMs: () => 1,
    }).send([result('a:1')], opts())
    expect(report.errors[0]).toMatch(
      /^pushgateway: target a:1: .*check REDIS_EXPORTER_PUSHGATEWAY_URL/
    )
  })

  it('stops at the deadline instead of waiting out the backoff', async () => {
    script = [503, 503, 503]
    const started = Date.now()
    const report = await pushgatewaySink({
      url: base,
      job: 'j',
      retries: 5,
      backoffMs: () => 10_000,
    }).send([result('a:1')], { signal: AbortSignal.timeout(200), now: Date.now })
    expect(Date.now() - started).toBeLessThan(1_500)
    expect(report.errors).toEqual([
      'pushgateway: target a:1: deadline exceeded before the Pushgateway answered',
    ])
  })

  it('deletes groups (delete-on-shutdown)', async () => {
    const report = await pushgatewaySink({ url: base, job: 'j' }).delete(
      [{ id: 'a:1', dimensions: {} }],
      {
        signal: AbortSignal.timeout(5_000),
      }
    )
    expect(report).toEqual({ sink: 'pushgateway', ok: true, sent: 1, errors: [] })
    expect(seen.map((s) => `${s.method} ${s.url} ${s.body}`)).toEqual([
      'DELETE /prefix/metrics/job/j/instance/a%3A1 ',
    ])
  })

  it('keeps at most `concurrency` requests in flight', async () => {
    delayMs = 30
    const results = Array.from({ length: 9 }, (_, i) => result(`h${i}:1`))
    const report = await pushgatewaySink({ url: base, job: 'j', concurrency: 2 }).send(
      results,
      opts()
    )
    expect(report.ok).toBe(true)
    expect(seen).toHaveLength(9)
    expect(maxInflight).toBe(2)
  })
})
