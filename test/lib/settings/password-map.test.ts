import { describe, expect, it } from 'vitest'
import { configSecrets, parseConfig } from '../../../lib/config'
import {
  lookupPassword,
  parsePasswordMap,
  targetCredentials,
} from '../../../lib/settings/password-map'
import { parseTarget } from '../../../lib/target'
import { configErrorText } from '../../helpers/config-error'

describe('the password map', () => {
  it('reads the password map (file or by value) with references, and lists every secret for redaction', () => {
    const json = JSON.stringify({
      'redis://cache-a:6379': 'hunter2',
      'rediss://exporter@Cache-B:6380': { password_env: 'PW_B' },
      'cache-c:7000': '',
    })
    for (const [env, files] of [
      [{ REDIS_PASSWORD_MAP: json }, {}],
      [{ REDIS_PASSWORD_FILE: '/pw.json' }, { REDIS_PASSWORD_FILE: json }],
    ] as const) {
      const c = parseConfig(
        {
          ...env,
          PW_B: 'pw-from-env-6d',
          REDIS_PASSWORD: 'default-pw',
          REDIS_ADDR: 'redis://:url-pw@h:1',
        },
        files
      )
      expect([...(c.passwordMap?.entries() ?? [])]).toEqual([
        ['cache-a:6379', 'hunter2'],
        ['exporter@cache-b:6380', 'pw-from-env-6d'],
      ])
      expect(configSecrets(c).sort()).toEqual(['default-pw', 'hunter2', 'pw-from-env-6d', 'url-pw'])
    }
  })

  it.each<[string, string, string | undefined, { username?: string; password?: string }]>([
    ['the URL password wins', 'redis://:url-pw@cache-a:6379', undefined, { password: 'url-pw' }],
    ['the map entry for host:port', 'redis://cache-a:6379', undefined, { password: 'hunter2' }],
    [
      'the map entry for user@host:port',
      'redis://exporter:@cache-b:6380',
      undefined,
      { username: 'exporter', password: 'pw-b' },
    ],
    [
      'REDIS_USER selects the user entry',
      'redis://cache-b:6380',
      'exporter',
      { username: 'exporter', password: 'pw-b' },
    ],
    [
      'another user falls back to the host entry, else REDIS_PASSWORD',
      'redis://other:@cache-b:6380',
      undefined,
      { username: 'other', password: 'default-pw' },
    ],
    [
      'an unlisted target gets REDIS_PASSWORD',
      'redis://cache-z:1',
      undefined,
      { password: 'default-pw' },
    ],
  ])('resolves credentials: %s', (_what, uri, user, expected) => {
    const c = parseConfig({
      REDIS_PASSWORD: 'default-pw',
      ...(user ? { REDIS_USER: user } : {}),
      REDIS_PASSWORD_MAP: JSON.stringify({
        'redis://cache-a:6379': 'hunter2',
        'redis://exporter@cache-b:6380': 'pw-b',
      }),
    })
    expect(targetCredentials(parseTarget(uri), c)).toEqual(expected)
  })

  it('looks up user@host:port before host:port', () => {
    const map = new Map([
      ['u@h:1', 'a'],
      ['h:1', 'b'],
    ])
    expect(lookupPassword(map, { id: 'H:1' }, 'u')).toBe('a')
    expect(lookupPassword(map, { id: 'h:1' }, 'v')).toBe('b')
    expect(lookupPassword(map, { id: 'h:2' }, undefined)).toBeUndefined()
    expect(lookupPassword(undefined, { id: 'h:1' }, 'u')).toBeUndefined()
  })
})

describe('parsePasswordMap', () => {
  it('keys by host:port or user@host:port in lower case, whatever the scheme, and skips empty passwords', () => {
    const map = parsePasswordMap(
      'V',
      JSON.stringify({
        'redis://Cache:1': 'a',
        'valkeys://u%40x@cache:2': 'b',
        'cache:3': 'c',
        'redis://cache:4': '',
      }),
      {}
    )
    expect([...map.entries()]).toEqual([
      ['cache:1', 'a'],
      ['u@x@cache:2', 'b'],
      ['cache:3', 'c'],
    ])
  })

  it.each<[string, string, string]>([
    ['not JSON', '{"redis://h:1": "hunter2"', 'V: is not valid JSON'],
    ['an array', '["hunter2"]', 'V: expected a JSON object'],
    [
      'a number as password',
      '{"redis://h:1": 7}',
      'V: entry "redis://h:1": expected a password string',
    ],
    ['a bad reference', '{"redis://h:1": {"password_env": "1X"}}', 'expected a password string'],
    [
      'an unset reference',
      '{"redis://h:1": {"password_env": "NOPE"}}',
      'environment variable NOPE is not set',
    ],
    ['a password in the key', '{"redis://u:hunter2@h:1": "x"}', 'must not carry a password'],
    [
      'a key that is no target',
      '{"redis://h:notaport": "hunter2"}',
      'expected e.g. redis://host:6379',
    ],
  ])('refuses %s, naming the entry and never a password', (_what, json, message) => {
    const text = configErrorText(() => parsePasswordMap('V', json, {}))
    expect(text).toContain(message)
    expect(text).not.toContain('hunter2')
  })
})
