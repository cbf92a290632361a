import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../../lib/errors'
import { secretsExtensionResolver } from '../../../lib/push/secrets-extension'
import {
  SECRET_REFERENCES,
  referencesIn,
  resolveSecretReferences,
} from '../../../lib/settings/secret-refs'
import type { SettingRow } from '../../../lib/settings/table'
import { SETTINGS } from '../../../lib/settings/table'
import type { SecretsExtensionServer } from '../../helpers/secrets-extension-server'
import { startSecretsExtension } from '../../helpers/secrets-extension-server'

const ROWS: readonly SettingRow[] = SETTINGS

describe('SECRET_REFERENCES', () => {
  it('pairs every secret (and byReference) setting the Lambda functions read with its two reference rows', () => {
    expect(SECRET_REFERENCES.map((r) => [r.setting, r.ssm, r.secretArn, r.runtimes])).toEqual([
      [
        'REDIS_PASSWORD',
        'REDIS_PASSWORD_SSM',
        'REDIS_PASSWORD_SECRET_ARN',
        ['lambda-scrape', 'lambda-push'],
      ],
      [
        'REDIS_PASSWORD_MAP',
        'REDIS_PASSWORD_MAP_SSM',
        'REDIS_PASSWORD_MAP_SECRET_ARN',
        ['lambda-scrape', 'lambda-push'],
      ],
      [
        'REDIS_EXPORTER_TLS_CLIENT_KEY',
        'REDIS_EXPORTER_TLS_CLIENT_KEY_SSM',
        'REDIS_EXPORTER_TLS_CLIENT_KEY_SECRET_ARN',
        ['lambda-scrape', 'lambda-push'],
      ],
      [
        'REDIS_EXPORTER_BASIC_AUTH_PASSWORD',
        'REDIS_EXPORTER_BASIC_AUTH_PASSWORD_SSM',
        'REDIS_EXPORTER_BASIC_AUTH_PASSWORD_SECRET_ARN',
        ['lambda-scrape'],
      ],
      [
        'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD',
        'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD_SSM',
        'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD_SECRET_ARN',
        ['lambda-scrape'],
      ],
      [
        'REDIS_EXPORTER_BEARER_TOKEN',
        'REDIS_EXPORTER_BEARER_TOKEN_SSM',
        'REDIS_EXPORTER_BEARER_TOKEN_SECRET_ARN',
        ['lambda-scrape'],
      ],
      [
        'REDIS_EXPORTER_TARGETS',
        'REDIS_EXPORTER_TARGETS_SSM',
        'REDIS_EXPORTER_TARGETS_SECRET_ARN',
        ['lambda-push'],
      ],
    ])
  })

  it('leaves no Lambda secret setting without a reference (platform credentials aside)', () => {
    const lambdaSecrets = ROWS.filter(
      (r) =>
        (r.secret || r.byReference) &&
        !r.platform &&
        r.runtimes.some((rt) => rt === 'lambda-scrape' || rt === 'lambda-push')
    ).map((r) => r.name)
    expect(lambdaSecrets).toEqual(SECRET_REFERENCES.map((r) => r.setting))
  })
})

describe('referencesIn', () => {
  it.each([
    [
      { REDIS_PASSWORD_SSM: '/redis/pw' },
      'lambda-push',
      [
        {
          setting: 'REDIS_PASSWORD',
          variable: 'REDIS_PASSWORD_SSM',
          ref: { kind: 'ssm', name: '/redis/pw' },
        },
      ],
    ],
    [
      { REDIS_EXPORTER_BEARER_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:t' },
      'lambda-scrape',
      [
        {
          setting: 'REDIS_EXPORTER_BEARER_TOKEN',
          variable: 'REDIS_EXPORTER_BEARER_TOKEN_SECRET_ARN',
          ref: { kind: 'secretsmanager', id: 'arn:aws:secretsmanager:eu-west-1:1:secret:t' },
        },
      ],
    ],
    // The push function serves no HTTP: its bearer token reference is not read there.
    [{ REDIS_EXPORTER_BEARER_TOKEN_SSM: '/t' }, 'lambda-push', []],
    [{ REDIS_PASSWORD_SSM: '  ' }, 'lambda-scrape', []],
  ] as const)('%j on %s', (env, runtime, expected) => {
    expect(referencesIn(env, runtime)).toEqual(expected)
  })

  it.each([
    [
      { REDIS_PASSWORD_SSM: '/a', REDIS_PASSWORD_SECRET_ARN: 'b' },
      'REDIS_PASSWORD_SSM and REDIS_PASSWORD_SECRET_ARN: set only one of the two',
    ],
    [
      { REDIS_PASSWORD_SSM: '/a', REDIS_PASSWORD: 'hunter22' },
      'REDIS_PASSWORD and REDIS_PASSWORD_SSM: set only one (the reference)',
    ],
  ])('refuses %j, naming the variables only', (env, message) => {
    expect(() => referencesIn(env, 'lambda-scrape')).toThrow(new ConfigError(message))
  })
})

describe('resolveSecretReferences over the extension protocol', () => {
  let ext: SecretsExtensionServer
  beforeAll(async () => {
    ext = await startSecretsExtension('session-tok')
    ext.parameters.set('/redis/pw', 'pw from ssm')
    ext.secrets.set('redis/json', '{"username":"exporter","password":"pw-json"}')
    ext.secrets.set('redis/key', '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----')
  })
  afterAll(() => ext.close())
  const resolver = () =>
    secretsExtensionResolver({ fetch, sessionToken: ext.token, port: ext.port, host: '127.0.0.1' })

  it('fills each setting from its reference and leaves the rest alone', async () => {
    const env = await resolveSecretReferences(
      {
        REDIS_ADDR: 'redis://h:6379',
        REDIS_PASSWORD_SSM: '/redis/pw',
        REDIS_EXPORTER_TLS_CLIENT_KEY_SECRET_ARN: 'redis/key',
      },
      'lambda-scrape',
      resolver()
    )
    expect(env).toEqual({
      REDIS_ADDR: 'redis://h:6379',
      REDIS_PASSWORD_SSM: '/redis/pw',
      REDIS_PASSWORD: 'pw from ssm',
      REDIS_EXPORTER_TLS_CLIENT_KEY_SECRET_ARN: 'redis/key',
      REDIS_EXPORTER_TLS_CLIENT_KEY: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
    })
  })

  it('takes password and username from a JSON Secrets Manager secret (REDIS_USER wins)', async () => {
    const ref = { REDIS_PASSWORD_SECRET_ARN: 'redis/json' }
    const a = await resolveSecretReferences(ref, 'lambda-push', resolver())
    expect([a['REDIS_PASSWORD'], a['REDIS_USER']]).toEqual(['pw-json', 'exporter'])
    const b = await resolveSecretReferences(
      { ...ref, REDIS_USER: 'ops' },
      'lambda-push',
      resolver()
    )
    expect([b['REDIS_PASSWORD'], b['REDIS_USER']]).toEqual(['pw-json', 'ops'])
  })

  it('names the reference variable and what it points at when a read fails', async () => {
    await expect(
      resolveSecretReferences({ REDIS_PASSWORD_SSM: '/missing' }, 'lambda-scrape', resolver())
    ).rejects.toThrow(
      new ConfigError(
        'REDIS_PASSWORD_SSM: cannot read SSM parameter /missing: reading SSM parameter /missing failed with HTTP 400'
      )
    )
  })
})
