import { readFileSync } from 'node:fs'
import { hash } from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../../lib/app'
import { parseConfig } from '../../../lib/config'
import type { EnvRecord } from '../../../lib/config'
import { ConfigError } from '../../../lib/errors'
import { parseAuthConfig } from '../../../lib/http/auth-config'
import {
  BCRYPT_HASH,
  BcryptCheck,
  MAX_CONCURRENT_CHECKS,
  MAX_REMEMBERED,
  REMEMBER_MS,
} from '../../../lib/http/bcrypt-check'
import { FakeRedis } from '../../helpers/fake-redis'

/** Hashes made by libxcrypt's crypt(3), not by bcryptjs (see the fixture's comment). */
const HASHES = JSON.parse(
  readFileSync(new URL('../../fixtures/auth/bcrypt-hashes.json', import.meta.url), 'utf8')
) as Record<'password' | 'cost4' | 'cost4_2y' | 'cost10' | 'otherPasswordCost4', string>
const PASS = HASHES.password
const USER = 'prometheus'

const basic = (user: string, pass: string): string =>
  `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${pass}`)))}`

describe('BcryptCheck', () => {
  it.each<[string, string, string, 'ok' | 'wrong']>([
    ['$2b$, cost 4, right', HASHES.cost4, PASS, 'ok'],
    ['$2y$ (htpasswd -B), right', HASHES.cost4_2y, PASS, 'ok'],
    ['$2b$, cost 10, right', HASHES.cost10, PASS, 'ok'],
    ['wrong password', HASHES.cost4, `${PASS}x`, 'wrong'],
    ['prefix of the password', HASHES.cost4, PASS.slice(0, -1), 'wrong'],
    ['empty password', HASHES.cost4, '', 'wrong'],
    ['the hash of another password', HASHES.otherPasswordCost4, PASS, 'wrong'],
  ])('%s', async (_what, hash, password, verdict) => {
    expect(await new BcryptCheck(hash).check(password)).toBe(verdict)
  })

  it('remembers a success until unused for REMEMBER_MS, never a failure', async () => {
    let now = 1_000_000
    const check = new BcryptCheck(HASHES.cost10, { now: () => now })
    const timed = async (password: string): Promise<[string, number]> => {
      const t = performance.now()
      const verdict = await check.check(password)
      return [verdict, performance.now() - t]
    }
    const [first, firstMs] = await timed(PASS)
    expect(first).toBe('ok')
    const [again, againMs] = await timed(PASS)
    expect(again).toBe('ok')
    // Cost 10 is ~1000 Blowfish key setups: tens of ms; a remembered one is a SHA-256.
    expect(againMs).toBeLessThan(firstMs / 5)
    const [wrong1, wrongMs1] = await timed('nope')
    const [wrong2, wrongMs2] = await timed('nope')
    expect([wrong1, wrong2]).toEqual(['wrong', 'wrong'])
    expect(Math.min(wrongMs1, wrongMs2)).toBeGreaterThan(againMs * 5)
    // Used again within REMEMBER_MS: still remembered, and for REMEMBER_MS from now.
    now += REMEMBER_MS - 1
    expect((await timed(PASS))[1]).toBeLessThan(firstMs / 5)
    now += REMEMBER_MS - 1
    expect((await timed(PASS))[1]).toBeLessThan(firstMs / 5)
    now += REMEMBER_MS + 1
    const [expired, expiredMs] = await timed(PASS)
    expect(expired).toBe('ok')
    expect(expiredMs).toBeGreaterThan(againMs * 5)
  })

  it(`refuses at once beyond ${MAX_CONCURRENT_CHECKS} checks in flight, and recovers`, async () => {
    const check = new BcryptCheck(await slowHash())
    // Fill every slot first (each check digests its input before it takes a slot), then knock.
    const running = Array.from({ length: MAX_CONCURRENT_CHECKS }, (_, i) =>
      check.check(`slow-${i}`)
    )
    while (check.running < MAX_CONCURRENT_CHECKS) await new Promise((r) => setImmediate(r))
    const knocking = Array.from({ length: 3 }, (_, i) => check.check(`wrong-${i}`))
    const verdicts = await Promise.all([...running, ...knocking])
    expect(verdicts.filter((v) => v === 'busy')).toHaveLength(3)
    expect(verdicts.filter((v) => v === 'wrong')).toHaveLength(MAX_CONCURRENT_CHECKS)
    expect(check.running).toBe(0)
    expect(await check.check(PASS)).toBe('ok')
  }, 30_000)

  it('keeps at most MAX_REMEMBERED successes', () => {
    expect(MAX_REMEMBERED).toBeGreaterThan(0)
    expect(MAX_REMEMBERED).toBeLessThanOrEqual(1000)
  })

  it.each<[string, boolean]>([
    [HASHES.cost4, true],
    [HASHES.cost4_2y, true],
    [HASHES.cost10, true],
    [HASHES.cost4.replace('$2b$', '$2a$'), true],
    [HASHES.cost4.replace('$2b$', '$1$'), false],
    [HASHES.cost4.replace('$04$', '$03$'), false],
    [HASHES.cost4.replace('$04$', '$32$'), false],
    [HASHES.cost4.slice(0, -1), false],
    [`${HASHES.cost4}x`, false],
    [HASHES.cost4.replace(/.$/, '!'), false],
    [PASS, false],
    ['', false],
  ])('BCRYPT_HASH: %j is a bcrypt hash: %s', (hash, valid) => {
    expect(BCRYPT_HASH.test(hash)).toBe(valid)
  })
})

/**
 * A cost-12 hash of PASS: its comparison spans several of bcryptjs's event-loop slices, so
 * attempts made at the same time find the slots taken (a cost-10 one can finish before they
 * have digested their input).
 */
let cost12: Promise<string> | undefined
const slowHash = (): Promise<string> => (cost12 ??= hash(PASS, 12))

function app(env: EnvRecord) {
  return createApp({
    config: parseConfig({ REDIS_ADDR: 'redis://main:6379' }),
    getTransport: () => new FakeRedis(),
    auth: parseAuthConfig(env, { requireCredentials: true }),
  })
}

describe('basic auth with REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD', () => {
  const env = {
    REDIS_EXPORTER_BASIC_AUTH_USERNAME: USER,
    REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: HASHES.cost4_2y,
  }
  const a = app(env)

  it.each<[string, string | undefined, number]>([
    ['right', basic(USER, PASS), 200],
    ['right again (remembered)', basic(USER, PASS), 200],
    ['wrong password', basic(USER, 'pässwörd'), 401],
    ['wrong user, right password', basic('prometheuz', PASS), 401],
    ['the hash as the password', basic(USER, HASHES.cost4_2y), 401],
    ['none', undefined, 401],
  ])('%s credentials: %i', async (_what, header, status) => {
    const res = await a.request('/metrics', header ? { headers: { authorization: header } } : {})
    expect(res.status).toBe(status)
    const body = await res.text()
    if (status === 200) expect(body).toContain('\nredis_up 1\n')
    else expect(res.headers.get('www-authenticate')).toContain('Basic realm')
    expect(body).not.toContain(HASHES.cost4_2y)
  })

  it('answers 429 with Retry-After to attempts beyond the bound, without hashing them', async () => {
    const slow = app({ ...env, REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: await slowHash() })
    const n = MAX_CONCURRENT_CHECKS + 4
    const responses = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        slow.request('/metrics', { headers: { authorization: basic(USER, `wrong-${i}`) } })
      )
    )
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_CONCURRENT_CHECKS)
    expect(statuses.filter((s) => s === 429)).toHaveLength(4)
    const busy = responses.find((r) => r.status === 429)
    expect(busy?.headers.get('retry-after')).toBe('1')
  }, 30_000)
})

describe('parseAuthConfig: the bcrypt hash', () => {
  it.each<[Record<string, string>, string]>([
    [
      {
        REDIS_EXPORTER_BASIC_AUTH_USERNAME: USER,
        REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: 'secret',
      },
      'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: is not a bcrypt hash',
    ],
    [
      {
        REDIS_EXPORTER_BASIC_AUTH_USERNAME: USER,
        REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: HASHES.cost4.slice(0, -2),
      },
      'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: is not a bcrypt hash',
    ],
    [
      {
        REDIS_EXPORTER_BASIC_AUTH_USERNAME: USER,
        REDIS_EXPORTER_BASIC_AUTH_PASSWORD: PASS,
        REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: HASHES.cost4,
      },
      'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: set either it or REDIS_EXPORTER_BASIC_AUTH_PASSWORD, not both',
    ],
    [
      { REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: HASHES.cost4 },
      'REDIS_EXPORTER_BASIC_AUTH_USERNAME: must be set when REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD is set',
    ],
    [
      { REDIS_EXPORTER_BASIC_AUTH_USERNAME: USER },
      'REDIS_EXPORTER_BASIC_AUTH_PASSWORD or REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: one must be set',
    ],
  ])('%j: a startup error naming the setting', (env, message) => {
    const parse = () => parseAuthConfig(env, { requireCredentials: false })
    expect(parse).toThrow(ConfigError)
    expect(parse).toThrow(message)
    try {
      parse()
    } catch (err) {
      expect((err as Error).message).not.toContain('secret')
    }
  })

  it('accepts a hash with surrounding blanks', () => {
    const auth = parseAuthConfig(
      {
        REDIS_EXPORTER_BASIC_AUTH_USERNAME: USER,
        REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: ` ${HASHES.cost4}\n`,
      },
      { requireCredentials: true }
    )
    expect(auth.mode).toBe('check')
    expect(auth.basic && 'bcrypt' in auth.basic).toBe(true)
  })
})
