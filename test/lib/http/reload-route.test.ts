import { describe, expect, it } from 'vitest'
import { createApp } from '../../../lib/app'
import { parseConfig } from '../../../lib/config'
import { parseAuthConfig } from '../../../lib/http/auth-config'
import type { ReloadPasswords } from '../../../lib/http/reload-route'
import { parsePasswordMap } from '../../../lib/settings/password-map'
import { FakeRedis } from '../../helpers/fake-redis'

const GOOD = '{"redis://main:6379":"s3cret-new"}'

/** The app with a reload that parses `file()` as the password file (undefined: none is set). */
function app(file: () => string | undefined, auth?: Parameters<typeof parseAuthConfig>[0]) {
  const maps: ReadonlyMap<string, string>[] = []
  const reload: ReloadPasswords = async () => {
    const text = file()
    if (text === undefined) return 'unset'
    maps.push(parsePasswordMap('REDIS_PASSWORD_FILE', text, {}))
    return 'ok'
  }
  const served = createApp({
    config: parseConfig({ REDIS_ADDR: 'redis://main:6379', REDIS_PASSWORD: 'old-pass-1' }),
    getTransport: () => new FakeRedis(),
    reload,
    ...(auth ? { auth: parseAuthConfig(auth, { requireCredentials: true }) } : {}),
  })
  return { served, maps }
}

describe('/-/reload', () => {
  it.each(['GET', 'POST', 'PUT', 'DELETE'])('answers ok to %s and reloads the map', async (m) => {
    const { served, maps } = app(() => GOOD)
    const res = await served.request('/-/reload', { method: m })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('ok')
    expect(maps.map((map) => [...map])).toEqual([[['main:6379', 's3cret-new']]])
  })

  it('answers 400 when no password file is configured', async () => {
    const res = await app(() => undefined).served.request('/-/reload', { method: 'POST' })
    expect(res.status).toBe(400)
    expect(await res.text()).toBe(
      'error: no password file to reload (REDIS_PASSWORD_FILE is not set)\n'
    )
  })

  it.each([
    ['bad JSON', '{"redis://main:6379": "hunter22"', 'is not valid JSON'],
    ['not an object', '["hunter22"]', 'expected a JSON object'],
    ['a password in a key', '{"redis://u:hunter22@main:6379":"x"}', 'must not carry a password'],
  ])('answers 500 on %s, naming the variable, never the file', async (_name, text, reason) => {
    const res = await app(() => text).served.request('/-/reload', { method: 'POST' })
    expect(res.status).toBe(500)
    const body = await res.text()
    expect(body).toMatch(/^error: reloading REDIS_PASSWORD_FILE failed: REDIS_PASSWORD_FILE: /)
    expect(body).toContain(reason)
    expect(body).not.toContain('hunter22')
    expect(body.split('\n')).toHaveLength(2)
  })

  it('asks for credentials as the other routes do', async () => {
    const auth = { REDIS_EXPORTER_BEARER_TOKEN: 'tok' }
    const { served, maps } = app(() => GOOD, auth)
    expect((await served.request('/-/reload', { method: 'POST' })).status).toBe(401)
    expect(maps).toEqual([])
    const ok = await served.request('/-/reload', {
      method: 'POST',
      headers: { authorization: 'Bearer tok' },
    })
    expect(await ok.text()).toBe('ok')
  })

  it('is not served without a reload (Lambda, Workers)', async () => {
    const served = createApp({
      config: parseConfig({ REDIS_ADDR: 'redis://main:6379' }),
      getTransport: () => new FakeRedis(),
    })
    expect((await served.request('/-/reload', { method: 'POST' })).status).toBe(404)
  })
})
