import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../lib/errors'
import {
  SECRET_VARIABLES,
  redactSecretSettings,
  secretValues,
  withSecretsRedacted,
} from '../../../lib/settings/secret-settings'
import type { SettingRow } from '../../../lib/settings/table'
import { SETTINGS } from '../../../lib/settings/table'

describe('SECRET_VARIABLES', () => {
  it('lists exactly the rows marked secret, with their aliases', () => {
    const rows: readonly SettingRow[] = SETTINGS
    const expected = rows.filter((r) => r.secret).flatMap((r) => [r.name, ...(r.aliases ?? [])])
    expect([...SECRET_VARIABLES].sort()).toEqual(expected.sort())
    for (const name of ['REDIS_PASSWORD', 'REDIS_EXPORTER_BEARER_TOKEN', 'AWS_SECRET_ACCESS_KEY'])
      expect(SECRET_VARIABLES).toContain(name)
    expect(SECRET_VARIABLES).not.toContain('REDIS_ADDR')
  })
})

describe('secretValues', () => {
  it('gives the set secret values, as given and trimmed, longest first, without duplicates', () => {
    expect(
      secretValues({
        REDIS_PASSWORD: ' pw-1 ',
        REDIS_EXPORTER_BEARER_TOKEN: 'pw-1',
        REDIS_EXPORTER_BASIC_AUTH_PASSWORD: '',
        REDIS_ADDR: 'not-a-secret',
      })
    ).toEqual([' pw-1 ', 'pw-1'])
    expect(secretValues({})).toEqual([])
  })
})

describe('redactSecretSettings', () => {
  it.each<[string, Record<string, string>, string, string]>([
    [
      'a URL password',
      {},
      'bad target redis://u:hunter2@h:1',
      'bad target redis://u:<redacted>@h:1',
    ],
    [
      'a secret setting pasted elsewhere',
      { REDIS_PASSWORD: 'hunter2' },
      'REDIS_ADDR: "hunter2" is not a URL',
      'REDIS_ADDR: "<redacted>" is not a URL',
    ],
    [
      'a secret that contains another, whole',
      { REDIS_PASSWORD: 'abcd', REDIS_EXPORTER_BEARER_TOKEN: 'abcdef' },
      'got abcdef',
      'got <redacted>',
    ],
    [
      'a short secret only where it stands alone',
      { REDIS_EXPORTER_BEARER_TOKEN: 't' },
      'token t is not valid',
      'token <redacted> is not valid',
    ],
  ])('removes %s', (_what, env, text, expected) => {
    expect(redactSecretSettings(text, env)).toBe(expected)
  })
})

describe('withSecretsRedacted', () => {
  const env = { REDIS_PASSWORD: 'hunter2' }

  it('returns what the parser returns', () => {
    expect(withSecretsRedacted(env, () => 42)).toBe(42)
  })

  it('rethrows a ConfigError without the secret values and without a cause', () => {
    let error: unknown
    try {
      withSecretsRedacted(env, () => {
        throw new ConfigError('X: "hunter2" is wrong')
      })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toBe('X: "<redacted>" is wrong')
    expect((error as Error).cause).toBeUndefined()
  })

  it('rethrows the same ConfigError when it holds no secret, and any other error untouched', () => {
    const clean = new ConfigError('X: is wrong')
    expect(() =>
      withSecretsRedacted(env, () => {
        throw clean
      })
    ).toThrow(clean)
    const other = new TypeError('hunter2')
    expect(() =>
      withSecretsRedacted(env, () => {
        throw other
      })
    ).toThrow(other)
  })
})
