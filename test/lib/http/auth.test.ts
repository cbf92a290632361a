import { describe, expect, it } from 'vitest'
import { createApp } from '../../../lib/app'
import { parseConfig } from '../../../lib/config'
import type { EnvRecord } from '../../../lib/config'
import { constantTimeEqual } from '../../../lib/http/auth'
import { parseAuthConfig } from '../../../lib/http/auth-config'
import { FakeRedis } from '../../helpers/fake-redis'

const USER = 'prometheus'
const PASS = 'pässwörd-ü-42'
const TOKEN = 'tok3n.abc-DEF_123~+/='

const basic = (user: string, pass: string): string =>
  `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${pass}`)))}`

function app(env: EnvRecord, requireCredentials = true) {
  return createApp({
    config: parseConfig({ REDIS_ADDR: 'redis://main:6379' }),
    getTransport: () => new FakeRedis(),
    auth: parseAuthConfig(env, { requireCredentials }),
  })
}

const BASIC_ENV = {
  REDIS_EXPORTER_BASIC_AUTH_USERNAME: USER,
  REDIS_EXPORTER_BASIC_AUTH_PASSWORD: PASS,
}
const BEARER_ENV = { REDIS_EXPORTER_BEARER_TOKEN: TOKEN }

const CREDENTIALS: readonly [string, string | undefined][] = [
  ['missing', undefined],
  ['basic, wrong user', basic('prometheuz', PASS)],
  ['basic, wrong password', basic(USER, 'pässwörd-ü-43')],
  ['basic, empty password', basic(USER, '')],
  ['basic, password as prefix', basic(USER, PASS.slice(0, -1))],
  ['basic, not base64', 'Basic ###'],
  ['basic, no colon', `Basic ${btoa('prometheus')}`],
  ['basic, right', basic(USER, PASS)],
  ['basic, right, lower-case scheme', basic(USER, PASS).replace('Basic', 'basic')],
  ['bearer, wrong', 'Bearer tok3n.abc-DEF_123~+/'],
  ['bearer, empty', 'Bearer '],
  ['bearer, right', `Bearer ${TOKEN}`],
  ['bearer, right, lower-case scheme', `bearer ${TOKEN}`],
  ['unknown scheme', `Token ${TOKEN}`],
]

const RIGHT_BASIC = new Set(['basic, right', 'basic, right, lower-case scheme'])
const RIGHT_BEARER = new Set(['bearer, right', 'bearer, right, lower-case scheme'])

describe.each([
  ['basic auth', BASIC_ENV, RIGHT_BASIC],
  ['a bearer token', BEARER_ENV, RIGHT_BEARER],
  ['both', { ...BASIC_ENV, ...BEARER_ENV }, new Set([...RIGHT_BASIC, ...RIGHT_BEARER])],
])('with %s configured', (_name, env, accepted) => {
  const a = app(env)
  it.each(CREDENTIALS)('%s credentials on /metrics', async (name, header) => {
    const res = await a.request('/metrics', header ? { headers: { authorization: header } } : {})
    const body = await res.text()
    if (accepted.has(name)) {
      expect(res.status).toBe(200)
      expect(body).toContain('\nredis_up 1\n')
    } else {
      expect(res.status).toBe(401)
      expect(body).toBe('error: unauthorized: missing or wrong credentials\n')
      expect(res.headers.get('www-authenticate')).toMatch(/Basic realm|Bearer realm/)
    }
    expect(body).not.toContain(PASS)
    expect(body).not.toContain(TOKEN)
  })

  it.each(['/scrape?target=redis://main:6379', '/', '/nope'])('protects %s', async (path) => {
    expect((await a.request(path)).status).toBe(401)
  })

  it('leaves /health open', async () => {
    const res = await a.request('/health')
    expect(res.status).toBe(200)
  })
})

describe('without credentials', () => {
  it.each(['/metrics', '/scrape?target=redis://main:6379', '/'])(
    'refuses %s with 403 naming the settings where they are required',
    async (path) => {
      const res = await app({}).request(path)
      expect(res.status).toBe(403)
      const body = await res.text()
      for (const name of [
        'REDIS_EXPORTER_BASIC_AUTH_USERNAME',
        'REDIS_EXPORTER_BASIC_AUTH_PASSWORD',
        'REDIS_EXPORTER_BEARER_TOKEN',
        'REDIS_EXPORTER_ALLOW_UNAUTHENTICATED',
      ]) {
        expect(body).toContain(name)
      }
    }
  )

  it('serves everything with the explicit opt-out', async () => {
    const res = await app({ REDIS_EXPORTER_ALLOW_UNAUTHENTICATED: 'true' }).request('/metrics')
    expect(res.status).toBe(200)
  })

  it('serves everything where credentials are optional (the Node server)', async () => {
    expect((await app({}, false).request('/metrics')).status).toBe(200)
  })

  it('is off when createApp gets no auth at all', async () => {
    const a = createApp({
      config: parseConfig({ REDIS_ADDR: 'redis://main:6379' }),
      getTransport: () => new FakeRedis(),
    })
    expect((await a.request('/metrics')).status).toBe(200)
  })
})

describe('constantTimeEqual', () => {
  it.each([
    ['', '', true],
    ['a', 'a', true],
    ['pässwörd', 'pässwörd', true],
    ['a', '', false],
    ['', 'a', false],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['abcd', 'abc', false],
    // Same UTF-16 length, different UTF-8 bytes.
    ['é', 'e', false],
    ['\u0000', '', false],
    // Two different lone surrogates: both were U+FFFD once encoded as UTF-8, so equal bytes.
    ['x\ud800', 'x\udc00', false],
    ['x\ud800', 'x\ud800', true],
    ['\u{1f511}', '\u{1f511}', true],
  ])('%j vs %j is %s', (a, b, equal) => {
    expect(constantTimeEqual(a, b)).toBe(equal)
  })
})
