import { describe, expect, it } from 'vitest'
import {
  captureLogs,
  expectNoSecrets,
  h,
  metrics,
  sampleValue,
  upstashEnv,
  upstashStats,
} from './support'

/** Each fault: a scrape under a 1 s deadline must answer in time with redis_up 0 and a clear error. */
const DEADLINE = { REDIS_EXPORTER_SCRAPE_TIMEOUT: '1s' }

async function faultyScrape(env: Record<string, string>) {
  const { result, logs } = await captureLogs(() => metrics(env))
  const err = result.families.get('redis_exporter_last_scrape_error')?.samples[0]
  expectNoSecrets(result.text + logs.join('\n'))
  return { ...result, err: err?.labels['err'] ?? '', errValue: err?.value, logs }
}

describe('Upstash REST faults through the Worker, in workerd', () => {
  it.each([
    [
      '401',
      /^Upstash REST refused the token with HTTP 401 \(WRONGPASS invalid or missing auth token\); check UPSTASH_REDIS_REST_TOKEN$/,
    ],
    ['400', /^Upstash REST answered HTTP 400: ERR max request size exceeded$/],
    ['500', /^Upstash REST answered HTTP 500: Internal Server Error$/],
    [
      'nonjson',
      /^Upstash REST answered HTTP 200 with a body that is not JSON \(content-type text\/html\): <html><body>502 Bad Gateway<\/body><\/html> \(check UPSTASH_REDIS_REST_URL\)$/,
    ],
  ])('Upstash answering %s gives redis_up 0 with a clear error', async (fault, message) => {
    const { env, tag } = upstashEnv(DEADLINE, fault)
    const { families, err, errValue, ms, logs } = await faultyScrape(env)
    expect(sampleValue(families, 'redis_up')).toBe(0)
    expect(err).toMatch(message)
    expect(errValue).toBe(1)
    expect(ms).toBeLessThan(1_000)
    expect(await upstashStats(tag)).toMatchObject({ requests: 1 })
    expect(logs.some((l) => l.includes('"msg":"scrape failed"'))).toBe(true)
  })

  it('a wrong token gives the 401 message and prints neither token', async () => {
    const { env } = upstashEnv({
      ...DEADLINE,
      UPSTASH_REDIS_REST_TOKEN: 'wrong-token-but-still-secret-9',
    })
    const { families, err, text, logs } = await faultyScrape(env)
    expect(sampleValue(families, 'redis_up')).toBe(0)
    expect(err).toMatch(/HTTP 401 \(Unauthorized\); check UPSTASH_REDIS_REST_TOKEN/)
    expect(text + logs.join('\n')).not.toContain('wrong-token-but-still-secret-9')
  })

  it('an Upstash slower than the deadline gives redis_up 0 within the deadline', async () => {
    const { env } = upstashEnv(DEADLINE, 'slow')
    const { families, err, ms } = await faultyScrape(env)
    expect(sampleValue(families, 'redis_up')).toBe(0)
    expect(err).toMatch(/^scrape deadline of 1s exceeded before Redis answered/)
    expect(ms).toBeGreaterThanOrEqual(950)
    // The slow server answers after 15 s; a loaded 2-core machine adds up to a second to the 1 s.
    expect(ms).toBeLessThan(2_500)
  })

  it("Prometheus's scrape-timeout header lowers the deadline further", async () => {
    const { env } = upstashEnv({}, 'slow')
    const started = Date.now()
    const { call } = await import('./support')
    const res = await call(env, '/metrics', {
      authorization: `Bearer ${env['REDIS_EXPORTER_BEARER_TOKEN']}`,
      'x-prometheus-scrape-timeout-seconds': '0.6',
    })
    expect(await res.text()).toMatch(/redis_up 0/)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('an unreachable Upstash gives redis_up 0 naming the URL setting', async () => {
    const env = {
      ...upstashEnv(DEADLINE).env,
      UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${h.closedPort}`,
    }
    const { families, err, ms } = await faultyScrape(env)
    expect(sampleValue(families, 'redis_up')).toBe(0)
    expect(err).toMatch(
      /^Upstash REST request to http:\/\/127\.0\.0\.1:\d+ failed: .+ \(check UPSTASH_REDIS_REST_URL\)$/
    )
    expect(ms).toBeLessThan(1_000)
  })

  it('a reset connection is retried once, then reported', async () => {
    const { env, tag } = upstashEnv(DEADLINE, 'reset')
    const { families, err } = await faultyScrape(env)
    expect(sampleValue(families, 'redis_up')).toBe(0)
    expect(err).toMatch(/failed: .+ \(check UPSTASH_REDIS_REST_URL\)$/)
    expect(await upstashStats(tag)).toMatchObject({ requests: 2 })
  })

  it('a 503 followed by an answer is retried and the scrape succeeds', async () => {
    const { env, tag } = upstashEnv(DEADLINE, '503x1')
    const { families } = await metrics(env)
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(await upstashStats(tag)).toMatchObject({ requests: 2 })
  })
})
