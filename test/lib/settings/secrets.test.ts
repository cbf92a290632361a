import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { parseAuthConfig } from '../../../lib/http/auth-config'
import { parsePushConfig } from '../../../lib/push/push-config'
import { parsePushgatewayConfig } from '../../../lib/push/pushgateway-config'
import type { EnvRecord } from '../../../lib/settings/read'
import { configSecrets } from '../../../lib/settings/secrets'
import type { SettingRow } from '../../../lib/settings/table'
import { RUNTIMES, SETTINGS } from '../../../lib/settings/table'
import { startupWarnings } from '../../../lib/settings/warnings'
import { parseWorkerConfig, parseWorkerPushConfig } from '../../../lib/worker-config'

const ROWS: readonly SettingRow[] = SETTINGS
const SECRET = 'S3cretPw'
const IN_URL = `redis://u:${SECRET}@h:1`

/** What makes every parser reach its deeper checks (the row under test overrides it). */
const BASE: EnvRecord = {
  REDIS_EXPORTER_PUSHGATEWAY_URL: 'https://pgw.example.com',
  REDIS_EXPORTER_PUSH_SINKS: 'putmetricdata,pushgateway',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKID',
  AWS_SECRET_ACCESS_KEY: 'sk',
}

const core = parseConfig({ REDIS_ADDR: 'redis://main:6379' })
const PARSERS: readonly ((env: EnvRecord) => unknown)[] = [
  (env) => parseConfig(env),
  (env) => parseAuthConfig(env, { requireCredentials: true }),
  (env) => parsePushConfig(env, core),
  (env) => parsePushgatewayConfig(env, { required: true }),
  (env) => parseWorkerConfig(env),
  (env) => parseWorkerPushConfig(env, core),
  (env) => startupWarnings(env, 'node', parseConfig(env)),
]

/** Every error message and warning the exporter could print for `env`. */
function everythingPrinted(env: EnvRecord): string[] {
  const out: string[] = []
  for (const parse of PARSERS) {
    try {
      const result = parse(env)
      if (Array.isArray(result)) out.push(...result.map(String))
    } catch (err) {
      out.push((err as Error).message)
    }
  }
  for (const runtime of RUNTIMES) {
    try {
      out.push(...startupWarnings(env, runtime, parseConfig({})))
    } catch (err) {
      out.push((err as Error).message)
    }
  }
  return out
}

const SUPPORTED = ROWS.filter((r) => r.unsupported === undefined && r.kind !== 'file')

describe('no error or warning repeats a secret', () => {
  it.each(SUPPORTED.map((r) => [r.name] as const))('%s holding a URL with a password', (name) => {
    const printed = everythingPrinted({ ...BASE, [name]: IN_URL })
    for (const text of printed) expect(text.toLowerCase()).not.toContain(SECRET.toLowerCase())
  })

  it.each(ROWS.filter((r) => r.secret).map((r) => [r.name] as const))(
    '%s (a secret) holding a bad value',
    (name) => {
      for (const value of [SECRET, `${SECRET} with spaces`, `${SECRET}:x`, `\t${SECRET}\n`]) {
        const printed = everythingPrinted({ ...BASE, [name]: value })
        for (const text of printed) expect(text).not.toContain(SECRET)
      }
    }
  )

  it('finds the errors it looks through (the harness sees what a user would)', () => {
    const printed = everythingPrinted({
      REDIS_EXPORTER_DISABLED_COLLECTORS: IN_URL,
      REDIS_EXPORTER_BEARER_TOKEN: `${SECRET} with spaces`,
    })
    expect(printed.some((t) => t.startsWith('REDIS_EXPORTER_DISABLED_COLLECTORS: '))).toBe(true)
    expect(printed.some((t) => t.startsWith('REDIS_EXPORTER_BEARER_TOKEN: '))).toBe(true)
  })
})

describe('configSecrets', () => {
  it('collects every secret of a parsed configuration', () => {
    const config = parseConfig({
      REDIS_ADDR: 'redis://:url-pw@h:1',
      REDIS_PASSWORD: 'default-pw',
      REDIS_PASSWORD_MAP: '{"redis://h:2": "map-pw"}',
      REDIS_EXPORTER_TLS_CLIENT_CERT:
        '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      REDIS_EXPORTER_TLS_CLIENT_KEY:
        '-----BEGIN PRIVATE KEY-----\nkey-bytes\n-----END PRIVATE KEY-----',
    })
    const secrets = configSecrets(config)
    expect(secrets.slice(0, 2)).toEqual(['default-pw', 'url-pw'])
    expect(secrets[2]).toContain('key-bytes')
    expect(secrets[3]).toBe('map-pw')
    expect(secrets).toHaveLength(4)
  })

  it('is empty without secrets', () => {
    expect(configSecrets(parseConfig({}))).toEqual([])
  })
})
