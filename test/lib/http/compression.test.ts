import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../../lib/app'
import { parseConfig } from '../../../lib/config'
import type { PageBytes, PageGzip } from '../../../lib/http/compression'
import { GZIP_THRESHOLD_BYTES, acceptsGzip } from '../../../lib/http/compression'
import { FakeRedis } from '../../helpers/fake-redis'

/** The app over canned replies and a stopped clock: two scrapes give the same page. */
function app(compress: boolean | PageGzip, pageBytes?: PageBytes) {
  const transport = new FakeRedis()
  return createApp({
    config: parseConfig({ REDIS_ADDR: 'redis://main:6379' }),
    getTransport: () => transport,
    now: () => 1_700_000_000_000,
    version: '1.2.3',
    compress,
    ...(pageBytes ? { pageBytes } : {}),
  })
}

const GZIP = { 'accept-encoding': 'gzip, deflate' }

/** Both ways of gzipping: CompressionStream in the middleware, or the runtime's own function. */
const WAYS: [string, boolean | PageGzip][] = [
  ['CompressionStream', true],
  ['the runtime gzip', (text) => gzipSync(text)],
]

describe.each(WAYS)('gzip of the pages (%s)', (_way, compress) => {
  it('gzips /metrics when accepted; the page inside is byte for byte the plain one', async () => {
    // Two fresh apps: the exporter's own counters would differ on a second scrape of one.
    const plain = await app(compress).request('/metrics')
    const gzipped = await app(compress).request('/metrics', { headers: GZIP })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(gzipped.headers.get('content-encoding')).toBe('gzip')
    expect(gzipped.headers.get('vary')).toBe('Accept-Encoding')
    expect(gzipped.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = await plain.text()
    const bytes = Buffer.from(await gzipped.arrayBuffer())
    expect(gunzipSync(bytes).toString('utf8')).toBe(text)
    expect(text.length).toBeGreaterThan(GZIP_THRESHOLD_BYTES)
    expect(bytes.length).toBeLessThan(text.length / 3)
  })

  it.each([
    ['no Accept-Encoding', {}],
    ['identity only', { 'accept-encoding': 'identity' }],
    ['gzip refused', { 'accept-encoding': 'gzip;q=0, br' }],
  ])('answers plain with %s', async (_what, headers) => {
    const res = await app(compress).request('/metrics', { headers })
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    expect(await res.text()).toContain('\nredis_up 1\n')
  })

  it('leaves /health, the landing page and HEAD plain', async () => {
    const a = app(compress)
    const health = await a.request('/health', { headers: GZIP })
    expect(health.headers.get('content-encoding')).toBeNull()
    expect(await health.text()).toBe('ok')
    const landing = await a.request('/', { headers: GZIP })
    expect(landing.headers.get('content-encoding')).toBeNull()
    const head = await a.request('/metrics', { method: 'HEAD', headers: GZIP })
    expect(head.headers.get('content-encoding')).toBeNull()
  })

  it('is off unless asked for (Workers compress at the edge)', async () => {
    const res = await app(false).request('/metrics', { headers: GZIP })
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(res.headers.get('vary')).toBeNull()
  })
})

describe('the runtime bytes of a plain page (Node server)', () => {
  /** UTF-8 bytes of a page, counting the pages it was given. */
  const counted = () => {
    const seen = { calls: 0 }
    const bytes: PageBytes = (text) => {
      seen.calls += 1
      return new TextEncoder().encode(text)
    }
    return { seen, bytes }
  }
  it.each<[string, boolean | PageGzip, Record<string, string>]>([
    ['with the runtime gzip, not accepted', (text) => gzipSync(text), {}],
    ['with CompressionStream, not accepted', true, {}],
    ['without gzip', false, GZIP],
  ])('%s: the page is sent as those bytes, the same text', async (_what, compress, headers) => {
    const { seen, bytes } = counted()
    const text = await (await app(compress).request('/metrics', { headers })).text()
    const res = await app(compress, bytes).request('/metrics', { headers })
    expect(seen.calls).toBe(1)
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(await res.text()).toBe(text)
  })

  it('is not used for a gzipped page', async () => {
    const { seen, bytes } = counted()
    const res = await app((text) => gzipSync(text), bytes).request('/metrics', { headers: GZIP })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).toContain(
      'redis_up 1'
    )
    expect(seen.calls).toBe(0)
  })
})

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['GZIP', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['gzip;q=0', false],
    ['gzip;q=0.0, *', false],
    ['*', true],
    ['*;q=0', false],
    ['identity', false],
    ['deflate, br', false],
    ['gzip;q=abc', true],
    [' gzip ; q=0.5 ', true],
  ])('%j -> %s', (header, accepted) => {
    expect(acceptsGzip(header)).toBe(accepted)
  })
})

describe('gzip with the runtime gzip', () => {
  it('leaves a page under the threshold plain, with Vary, and gzips nothing twice', async () => {
    let calls = 0
    const a = createApp({
      // Proxy-only: the exporter's own few metrics.
      config: parseConfig({ REDIS_ADDR: '' }),
      getTransport: () => new FakeRedis(),
      compress: (text) => {
        calls += 1
        return gzipSync(text)
      },
    })
    const res = await a.request('/metrics', { headers: GZIP })
    const text = await res.text()
    expect(text.length).toBeLessThan(GZIP_THRESHOLD_BYTES)
    expect(text).toContain('redis_target_scrape_request_errors_total 0')
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    expect(calls).toBe(0)
    const big = await app((t) => {
      calls += 1
      return gzipSync(t)
    }).request('/metrics', { headers: GZIP })
    expect(big.headers.get('content-encoding')).toBe('gzip')
    expect(calls).toBe(1)
    expect(gunzipSync(Buffer.from(await big.arrayBuffer())).toString('utf8')).toContain(
      'redis_up 1'
    )
  })
})
