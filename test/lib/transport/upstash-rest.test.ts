import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newTargetState } from '../../../lib/collect/target-state'
import { parseConfig } from '../../../lib/config'
import { TimeoutError, TransportError } from '../../../lib/errors'
import { scrapeTarget } from '../../../lib/scrape'
import { UpstashRestTransport } from '../../../lib/transport/upstash-rest'
import { freePort } from '../../helpers/free-port'
import { parsePromText, sampleValue } from '../../helpers/prom-text'
import type { RedisServer } from '../../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../../helpers/redis-server'
import type { UpstashServer } from '../../helpers/upstash-server'
import { startUpstashServer } from '../../helpers/upstash-server'
import { renderPrometheus } from '../../../lib/render/prometheus'

const TOKEN = 'AXsecret-upstash-token-4711'
let redis: RedisServer
let upstash: UpstashServer
let n = 0

/** A transport on a fresh tag (own request counter), optionally through a fault prefix. */
function transport(opts: { fault?: string; token?: string; retries?: number } = {}) {
  const tag = `t${++n}`
  const path = `/t/${tag}${opts.fault ? `/fault/${opts.fault}` : ''}`
  return {
    tag,
    t: new UpstashRestTransport({
      url: `${upstash.url}${path}`,
      token: opts.token ?? TOKEN,
      backoffMs: () => 10,
      ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
    }),
  }
}

const signal = (ms = 5_000) => AbortSignal.timeout(ms)

beforeAll(async () => {
  redis = await startRedis()
  await seedStandardDataset(redis)
  upstash = await startUpstashServer({ redis: { port: redis.port }, token: TOKEN, slowMs: 5_000 })
})
afterAll(async () => {
  await upstash?.stop()
  await redis?.stop()
})

describe('UpstashRestTransport against the Upstash-protocol test server and a real Redis', () => {
  it('sends a round trip as one POST /pipeline with a Bearer token, base64 encoding and no telemetry', async () => {
    const { t, tag } = transport()
    const replies = await t.send([['INFO', 'ALL']], { signal: signal() })
    expect(replies).toHaveLength(1)
    expect(replies[0]?.ok).toBe(true)
    expect(String(replies[0]?.ok && replies[0].value)).toMatch(/^# Server\r\nredis_version:7\./)
    expect(upstash.stats(tag)).toEqual({ requests: 1, commands: 1, pipelines: 1 })
    const req = upstash.requests.filter((r) => r.tag === tag)[0]!
    expect(req.method).toBe('POST')
    expect(req.path).toBe(`/t/${tag}/pipeline`)
    expect(JSON.parse(req.body)).toEqual([['INFO', 'ALL']])
    expect(req.headers['authorization']).toBe(`Bearer ${TOKEN}`)
    expect(req.headers['upstash-encoding']).toBe('base64')
    expect(req.headers['content-type']).toBe('application/json')
    expect(Object.keys(req.headers).filter((h) => h.startsWith('upstash-telemetry'))).toEqual([])
    expect(t.profile).toBe('upstash')
  })

  it('answers commands Upstash lacks locally as unknown and never sends (bills) them', async () => {
    const { t, tag } = transport()
    const replies = await t.send(
      [
        ['INFO', 'ALL'],
        ['SLOWLOG', 'LEN'],
        ['CONFIG', 'GET', 'maxmemory'],
        ['LATENCY', 'LATEST'],
      ],
      { signal: signal() }
    )
    expect(replies.map((r) => r.ok)).toEqual([true, false, false, false])
    expect(replies[1]).toEqual({
      ok: false,
      error: "ERR unknown command 'SLOWLOG': not available over the Upstash REST API (not sent)",
    })
    expect(upstash.stats(tag).commands).toBe(1)
    expect(JSON.parse(upstash.requests.at(-1)!.body)).toEqual([['INFO', 'ALL']])
  })

  it('sends no request at all when no command of the round trip exists on Upstash', async () => {
    const { t, tag } = transport()
    const replies = await t.send([['CLUSTER', 'INFO']], { signal: signal() })
    expect(replies[0]?.ok).toBe(false)
    expect(upstash.stats(tag).requests).toBe(0)
  })

  it('keeps a per-command error per command and decodes UTF-8 results', async () => {
    const { t } = transport()
    const replies = await t.send([['ECHO', 'héllo ✓'], ['ECHO'], ['PING'], ['DBSIZE']], {
      signal: signal(),
    })
    expect(replies[0]).toEqual({ ok: true, value: 'héllo ✓' })
    expect(replies[1]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/wrong number of arguments/),
    })
    expect(replies[2]).toEqual({ ok: true, value: 'PONG' })
    expect(replies[3]).toEqual({ ok: true, value: 10 })
  })

  it('scrapes a target with one request per scrape and redis_up 1', async () => {
    const { t, tag } = transport()
    const config = parseConfig({ REDIS_ADDR: 'rediss://example.upstash.io:443' })
    const state = newTargetState()
    for (let i = 1; i <= 3; i++) {
      const result = await scrapeTarget(t, state, { config, timeoutSeconds: 5, now: Date.now })
      const families = parsePromText(renderPrometheus(result.families))
      expect(sampleValue(families, 'redis_up')).toBe(1)
      expect(sampleValue(families, 'redis_db_keys', { db: 'db0' })).toBe(10)
      expect(upstash.stats(tag)).toMatchObject({ requests: i, commands: i })
    }
  })
})

describe('UpstashRestTransport faults', () => {
  const rejects = async (t: UpstashRestTransport, ms = 5_000) => {
    const started = Date.now()
    const err = await t.send([['INFO', 'ALL']], { signal: signal(ms) }).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    return { err, elapsed: Date.now() - started }
  }

  it.each([
    ['401', /refused the token with HTTP 401 \(WRONGPASS .*\); check UPSTASH_REDIS_REST_TOKEN/],
    ['400', /answered HTTP 400: ERR max request size exceeded/],
    ['500', /answered HTTP 500: Internal Server Error/],
    ['nonjson', /HTTP 200 with a body that is not JSON \(content-type text\/html\): <html>/],
    ['badshape', /answered a \/pipeline request with .* instead of a list of results/],
  ])('turns fault %s into a TransportError with a clear message', async (fault, message) => {
    const { err } = await rejects(transport({ fault }).t)
    expect(err).toBeInstanceOf(TransportError)
    expect(err?.message).toMatch(message)
    expect(err?.message).not.toContain(TOKEN)
  })

  it('names the token setting when the token is wrong, without printing either token', async () => {
    const { err } = await rejects(transport({ token: 'wrong-token-0815' }).t)
    expect(err?.message).toMatch(/HTTP 401.*check UPSTASH_REDIS_REST_TOKEN/)
    expect(err?.message).not.toMatch(/wrong-token-0815|4711/)
  })

  it('gives up on a slow server when the signal fires, with TimeoutError', async () => {
    const { err, elapsed } = await rejects(transport({ fault: 'slow' }).t, 300)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(elapsed).toBeLessThan(1_500)
  })

  it('retries a connection reset once, then reports it naming the URL setting', async () => {
    const { t, tag } = transport({ fault: 'reset' })
    const { err } = await rejects(t)
    expect(err).toBeInstanceOf(TransportError)
    expect(err?.message).toMatch(
      /^Upstash REST request to http:\/\/127\.0\.0\.1:\d+\/t\/t\d+\/fault\/reset failed: .*check UPSTASH_REDIS_REST_URL/
    )
    expect(upstash.stats(tag).requests).toBe(2)
  })

  it('reports an unreachable server', async () => {
    const port = await freePort()
    const t = new UpstashRestTransport({
      url: `http://127.0.0.1:${port}`,
      token: TOKEN,
      backoffMs: () => 1,
    })
    const { err } = await rejects(t)
    expect(err?.message).toMatch(
      /failed: fetch failed: .*ECONNREFUSED.*check UPSTASH_REDIS_REST_URL/
    )
  })

  it('retries HTTP 503 once (default) and succeeds on the second attempt', async () => {
    const { t, tag } = transport({ fault: '503x1' })
    const replies = await t.send([['INFO', 'server']], { signal: signal() })
    expect(replies[0]?.ok).toBe(true)
    expect(upstash.stats(tag).requests).toBe(2)
  })

  it('caps retries: two 503s with one retry allowed is an error after exactly two requests', async () => {
    const { t, tag } = transport({ fault: '503x2' })
    const { err } = await rejects(t)
    expect(err?.message).toMatch(/HTTP 503/)
    expect(upstash.stats(tag).requests).toBe(2)
  })

  it('does not retry when retries is 0', async () => {
    const { t, tag } = transport({ fault: '503x1', retries: 0 })
    const { err } = await rejects(t)
    expect(err?.message).toMatch(/HTTP 503/)
    expect(upstash.stats(tag).requests).toBe(1)
  })

  it('stops retrying when the signal fires during the backoff', async () => {
    const t = new UpstashRestTransport({
      url: `${upstash.url}/fault/503`,
      token: TOKEN,
      retries: 5,
      backoffMs: () => 10_000,
    })
    const { err, elapsed } = await rejects(t, 200)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(elapsed).toBeLessThan(1_500)
  })
})
