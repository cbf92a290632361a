import { describe, expect, it } from 'vitest'
import {
  AUTH,
  SECRETS,
  call,
  captureLogs,
  expectNoSecrets,
  h,
  metrics,
  sampleValue,
  tcpEnv,
  upstashEnv,
} from './support'

const BCRYPT_HASH_OF_PASSWORD = '$2y$04$VwOlvqShDiJuqQueNoVwC.7QueNaXDltPouERy3SgsYkoxXok6RFW'

const basic = (user: string, pass: string) => ({
  authorization: `Basic ${btoa(`${user}:${pass}`)}`,
})

describe('HTTP auth on the Worker (same middleware as Lambda)', () => {
  const { env } = upstashEnv()

  it.each([
    ['no credentials', {}, 401],
    ['a wrong bearer token', { authorization: 'Bearer nope' }, 401],
    ['basic auth when only a bearer token is configured', basic('u', SECRETS.bearer), 401],
    ['the bearer token', AUTH, 200],
  ])('%s on /metrics -> %s', async (_name, headers, status) => {
    const res = await call(env, '/metrics', headers)
    expect(res.status).toBe(status)
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm=/)
    expectNoSecrets(await res.text())
  })

  it('guards / and /scrape too, but not /health', async () => {
    expect((await call(env, '/', {})).status).toBe(401)
    expect((await call(env, `/scrape?target=redis://${h.tcp.host}:${h.tcp.port}`, {})).status).toBe(
      401
    )
    expect((await call(env, '/health', {})).status).toBe(200)
  })

  it('takes basic auth when configured', async () => {
    const e = tcpEnv({
      REDIS_EXPORTER_BEARER_TOKEN: '',
      REDIS_EXPORTER_BASIC_AUTH_USERNAME: 'prom',
      REDIS_EXPORTER_BASIC_AUTH_PASSWORD: SECRETS.basicPassword,
    })
    expect((await call(e, '/metrics', basic('prom', 'wrong'))).status).toBe(401)
    expect((await call(e, '/metrics', basic('prom', SECRETS.basicPassword))).status).toBe(200)
  })

  it('takes a bcrypt-hashed basic auth password (bcryptjs inside workerd)', async () => {
    // Made by libxcrypt's crypt(3), not bcryptjs: "password", cost 4.
    const e = tcpEnv({
      REDIS_EXPORTER_BEARER_TOKEN: '',
      REDIS_EXPORTER_BASIC_AUTH_USERNAME: 'prom',
      REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: BCRYPT_HASH_OF_PASSWORD,
    })
    expect((await call(e, '/metrics', basic('prom', 'wrong'))).status).toBe(401)
    expect((await call(e, '/metrics', basic('prom', 'password'))).status).toBe(200)
    expect((await call(e, '/metrics', basic('prom', 'password'))).status).toBe(200)
  })

  it('refuses to serve metrics when no credential is configured (403 naming the settings)', async () => {
    const e = tcpEnv({ REDIS_EXPORTER_BEARER_TOKEN: '' })
    const res = await call(e, '/metrics', {})
    expect(res.status).toBe(403)
    expect(await res.text()).toMatch(
      /set REDIS_EXPORTER_BASIC_AUTH_USERNAME .* or REDIS_EXPORTER_BEARER_TOKEN/
    )
  })

  it('serves anyone only after the explicit opt-out', async () => {
    const e = tcpEnv({
      REDIS_EXPORTER_BEARER_TOKEN: '',
      REDIS_EXPORTER_ALLOW_UNAUTHENTICATED: 'true',
    })
    expect((await call(e, '/metrics', {})).status).toBe(200)
  })
})

describe('/scrape allowlist on the Worker', () => {
  const tcpTarget = `redis://${h.tcp.host}:${h.tcp.port}`

  it('reaches an allowed TCP target with the configured password, next to an Upstash main target', async () => {
    const { env } = upstashEnv({
      REDIS_PASSWORD: SECRETS.redisPassword,
      REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: `127.0.0.1:${h.tcp.port}`,
    })
    const { result, logs } = await captureLogs(() =>
      metrics(env, `/scrape?target=${encodeURIComponent(tcpTarget)}`)
    )
    expect(sampleValue(result.families, 'redis_up')).toBe(1)
    expect(sampleValue(result.families, 'redis_db_keys', { db: 'db0' })).toBe(10)
    expectNoSecrets(result.text + logs.join('\n'))
  })

  it('refuses a target outside the allowlist with 403 and counts it', async () => {
    const env = tcpEnv()
    const res = await call(env, `/scrape?target=${encodeURIComponent('redis://10.0.0.1:6379')}`)
    expect(res.status).toBe(403)
    expect(await res.text()).toBe(
      'error: target 10.0.0.1:6379 is not allowed; add it to REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS\n'
    )
    const { families } = await metrics(env)
    expect(sampleValue(families, 'redis_target_scrape_request_errors_total')).toBe(1)
  })

  it("reaches REDIS_ADDR's own host:port without an allowlist entry", async () => {
    const { families } = await metrics(tcpEnv(), `/scrape?target=${encodeURIComponent(tcpTarget)}`)
    expect(sampleValue(families, 'redis_up')).toBe(1)
  })

  it('scrapes the Upstash main target through REST when /scrape names it', async () => {
    const { env } = upstashEnv()
    const restTarget = `redis://127.0.0.1:${new URL(h.upstash.url).port}`
    const { families } = await metrics(env, `/scrape?target=${encodeURIComponent(restTarget)}`)
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(sampleValue(families, 'redis_db_keys', { db: 'db0' })).toBe(10)
  })

  it('answers 400 for a malformed target', async () => {
    const res = await call(tcpEnv(), '/scrape?target=ftp://x')
    expect(res.status).toBe(400)
  })
})

describe('configuration errors', () => {
  it.each([
    [
      'a URL without token',
      { UPSTASH_REDIS_REST_URL: 'https://x.upstash.io' },
      /^error: configuration error: UPSTASH_REDIS_REST_TOKEN: must be set/,
    ],
    [
      'two main targets',
      {
        UPSTASH_REDIS_REST_URL: 'https://x.upstash.io',
        UPSTASH_REDIS_REST_TOKEN: SECRETS.upstashToken,
        REDIS_ADDR: 'redis://h:1',
      },
      /REDIS_ADDR: set either REDIS_ADDR \(TCP\) or UPSTASH_REDIS_REST_URL/,
    ],
    [
      'a bad duration',
      { REDIS_ADDR: 'redis://h:1', REDIS_EXPORTER_SCRAPE_TIMEOUT: 'soon' },
      /REDIS_EXPORTER_SCRAPE_TIMEOUT: "soon" is not a duration/,
    ],
    [
      'a bad REDIS_ADDR with a password',
      { REDIS_ADDR: `redis://:${SECRETS.redisPassword}@h:99999` },
      /REDIS_ADDR: target is not a valid URL/,
    ],
  ])('%s answers 500 naming the variable, never a secret', async (_name, env, message) => {
    const { result: res, logs } = await captureLogs(() => call(env, '/metrics'))
    const text = await res.text()
    expect(res.status).toBe(500)
    expect(text).toMatch(message)
    expect(logs.join('\n')).toMatch(/"msg":"configuration error"/)
    expectNoSecrets(text + logs.join('\n'))
  })
})
