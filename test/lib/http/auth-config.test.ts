import { describe, expect, it } from 'vitest'
import { AUTH_NOT_CONFIGURED, parseAuthConfig } from '../../../lib/http/auth-config'
import { configErrorText } from '../../helpers/config-error'

const BASIC_ENV = {
  REDIS_EXPORTER_BASIC_AUTH_USERNAME: 'prometheus',
  REDIS_EXPORTER_BASIC_AUTH_PASSWORD: 'pässwörd-ü-42',
}
const BEARER_ENV = { REDIS_EXPORTER_BEARER_TOKEN: 'tok3n.abc-DEF_123~+/=' }

describe('parseAuthConfig', () => {
  it.each([
    [{ REDIS_EXPORTER_BASIC_AUTH_USERNAME: 'u' }, 'REDIS_EXPORTER_BASIC_AUTH_PASSWORD'],
    [{ REDIS_EXPORTER_BASIC_AUTH_PASSWORD: 'secret-p' }, 'REDIS_EXPORTER_BASIC_AUTH_USERNAME'],
    [
      { REDIS_EXPORTER_BASIC_AUTH_USERNAME: 'a:b', REDIS_EXPORTER_BASIC_AUTH_PASSWORD: 'secret-p' },
      'REDIS_EXPORTER_BASIC_AUTH_USERNAME',
    ],
    [{ REDIS_EXPORTER_BEARER_TOKEN: 'secret-p with space' }, 'REDIS_EXPORTER_BEARER_TOKEN'],
    [
      { REDIS_EXPORTER_BEARER_TOKEN: 'secret-p', REDIS_EXPORTER_ALLOW_UNAUTHENTICATED: 'true' },
      'REDIS_EXPORTER_ALLOW_UNAUTHENTICATED',
    ],
    [{ REDIS_EXPORTER_ALLOW_UNAUTHENTICATED: 'maybe' }, 'REDIS_EXPORTER_ALLOW_UNAUTHENTICATED'],
  ])('refuses %o, naming %s and never the secret', (env, variable) => {
    const text = configErrorText(() => parseAuthConfig(env, { requireCredentials: true }))
    expect(text).toContain(variable)
    expect(text).not.toContain('secret-p')
  })

  it.each([
    [{}, true, 'refuse'],
    [{}, false, 'open'],
    [{ REDIS_EXPORTER_ALLOW_UNAUTHENTICATED: 'yes' }, true, 'open'],
    [BASIC_ENV, false, 'check'],
    [BEARER_ENV, true, 'check'],
  ] as const)('%o with requireCredentials %s is %s', (env, requireCredentials, mode) => {
    expect(parseAuthConfig(env, { requireCredentials }).mode).toBe(mode)
  })
})

describe('what parseAuthConfig keeps', () => {
  it.each([
    [BASIC_ENV, { basic: { username: 'prometheus', password: 'pässwörd-ü-42' }, mode: 'check' }],
    [BEARER_ENV, { bearerToken: 'tok3n.abc-DEF_123~+/=', mode: 'check' }],
    [{}, { mode: 'refuse' }],
  ])('%o -> %o', (env, expected) => {
    expect(parseAuthConfig(env, { requireCredentials: true })).toEqual(expected)
  })

  it('names every setting that configures it in the refusal reason', () => {
    for (const name of [
      'REDIS_EXPORTER_BASIC_AUTH_USERNAME',
      'REDIS_EXPORTER_BASIC_AUTH_PASSWORD',
      'REDIS_EXPORTER_BEARER_TOKEN',
      'REDIS_EXPORTER_ALLOW_UNAUTHENTICATED',
    ])
      expect(AUTH_NOT_CONFIGURED).toContain(name)
  })
})
