import { Redis } from '@upstash/redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UpstashRestTransport } from '../../../lib/transport/upstash-rest'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'
import type { UpstashServer } from '../../helpers/upstash-server'
import { startUpstashServer } from '../../helpers/upstash-server'

/**
 * The official client, @upstash/redis, is the oracle for the project's Upstash-protocol test
 * server: if the SDK works against it, transport tests against it mean something. It also pins
 * our transport's wire format to the SDK's (same headers, same /pipeline body shape).
 */
let redis: RedisServer
let upstash: UpstashServer

beforeAll(async () => {
  redis = await startRedis()
  upstash = await startUpstashServer({ redis: { port: redis.port } })
})
afterAll(async () => {
  await upstash?.stop()
  await redis?.stop()
})

const sdk = (tag: string, token = upstash.token) =>
  new Redis({
    url: `${upstash.url}/t/${tag}`,
    token,
    retry: false,
    enableTelemetry: false,
    enableAutoPipelining: false,
  })

describe('the Upstash test server, driven by @upstash/redis 1.39', () => {
  it('serves single commands on POST / with base64 results', async () => {
    const r = sdk('single')
    expect(await r.set('greeting', 'grüß dich')).toBe('OK')
    expect(await r.get('greeting')).toBe('grüß dich')
    expect(await r.exec(['INFO', 'server'])).toMatch(/redis_version:/)
    expect(upstash.requests.filter((q) => q.tag === 'single').map((q) => q.path)).toEqual([
      '/t/single',
      '/t/single',
      '/t/single',
    ])
  })

  it('answers a failed single command with HTTP 400 {error}, which the SDK raises', async () => {
    await expect(sdk('err').exec(['INCR', 'greeting'])).rejects.toThrow(/not an integer/)
  })

  it('serves /pipeline with per-command {result} / {error}', async () => {
    const p = sdk('pipe').pipeline()
    p.set('n', 1)
    p.incr('n')
    p.hget('n', 'f') // WRONGTYPE
    const out = await p.exec({ keepErrors: true })
    expect(out.map((o) => o.error)).toEqual([
      undefined,
      undefined,
      expect.stringMatching(/^WRONGTYPE/),
    ])
    expect(out[1]?.result).toBe(2)
    expect(upstash.stats('pipe')).toEqual({ requests: 1, commands: 3, pipelines: 1 })
  })

  it('refuses a wrong token with HTTP 401', async () => {
    await expect(sdk('auth', 'nope').get('x')).rejects.toThrow(/Unauthorized/)
  })

  it('receives the same headers from our transport as from the SDK', async () => {
    await sdk('sdk-wire').pipeline().dbsize().exec()
    await new UpstashRestTransport({ url: `${upstash.url}/t/our-wire`, token: upstash.token }).send(
      [['dbsize']],
      { signal: AbortSignal.timeout(5_000) }
    )
    const pick = (tag: string) => {
      const q = upstash.requests.find((r) => r.tag === tag)!
      const h = q.headers
      return {
        path: q.path.replace(tag, 'TAG'),
        body: q.body,
        auth: h['authorization'],
        type: h['content-type'],
        encoding: h['upstash-encoding'],
      }
    }
    expect(pick('our-wire')).toEqual(pick('sdk-wire'))
  })
})
