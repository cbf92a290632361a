import { describe, expect, it } from 'vitest'
import type { EnvRecord, SettingFiles } from '../../lib/config'
import { parseConfig } from '../../lib/config'
import { ConfigError } from '../../lib/errors'
import { parseAuthConfig } from '../../lib/http/auth-config'
import { parseLogSettings } from '../../lib/log'
import { parsePushConfig } from '../../lib/push/push-config'
import { parsePushgatewayConfig } from '../../lib/push/pushgateway-config'
import { parseHttpsServerSettings } from '../../lib/settings/https-server'
import { readSettings } from '../../lib/settings/read'
import { referencesIn, SECRET_REFERENCES } from '../../lib/settings/secret-refs'
import { SECRET_VARIABLES } from '../../lib/settings/secret-settings'
import { SETTINGS } from '../../lib/settings/table'
import type { SettingRow } from '../../lib/settings/table'
import { parseWorkerConfig, parseWorkerPushConfig } from '../../lib/worker-config'

const PW = 'S3cretPw'
const URL_PW = `redis://user:${PW}@h:1`

/** Bad values that carry a URL with a password, in every form a parser might echo back. */
const URL_CANDIDATES = [
  URL_PW,
  `${URL_PW} x`,
  `${URL_PW}\u0001`,
  `redis://user:${PW}@h:99999`,
  `redis://:${PW}@h:1`,
  `redis://${PW}@h:1/x y`,
  `${URL_PW},not a pattern!`,
  `{"${URL_PW}": 5}`,
  `{"*": "${URL_PW}"}`,
  `${URL_PW}=x`,
  `CONFIG=${URL_PW}`,
  `env=${URL_PW}`,
  `${URL_PW}?name=a b`,
  `${URL_PW}?dim.x=${URL_PW}`,
  `${URL_PW}?password_env=1bad`,
  // Long enough that a message cutting the value short would cut inside the password.
  `${'x'.repeat(60)}${URL_PW}`,
  `${'x'.repeat(30)}${URL_PW}`,
  `-----BEGIN ${URL_PW}`,
  `https://user:${PW}@pushgateway.example.com`,
  `https://user:${PW}@eu1-x.upstash.io`,
  // Not a regular expression (an unclosed group).
  `(${URL_PW}`,
]

/** Bad raw values of a secret setting itself. */
const RAW_CANDIDATES = [PW, `${PW} with spaces!`, `${PW}:colon`, `${PW}\n`]

/** Base settings under which each parser succeeds, so any error is caused by the variable tried. */
const PROFILES: Readonly<Record<string, EnvRecord>> = {
  core: { REDIS_ADDR: 'redis://localhost:6379' },
  'push and worker': {
    REDIS_ADDR: '',
    REDIS_EXPORTER_TARGETS: 'redis://a:1',
    UPSTASH_REDIS_REST_URL: 'https://eu1-x.upstash.io',
    UPSTASH_REDIS_REST_TOKEN: 'upstash-token',
    REDIS_EXPORTER_PUSHGATEWAY_URL: 'https://pushgateway.example.com',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'aws-secret',
  },
}

type Parser = (env: EnvRecord, files: SettingFiles) => unknown

const PARSERS: Readonly<Record<string, Parser>> = {
  parseConfig: (env, files) => parseConfig(env, files),
  parseAuthConfig: (env) => parseAuthConfig(env, { requireCredentials: true }),
  parsePushConfig: (env, files) => parsePushConfig(env, parseConfig(env, files)),
  parsePushgatewayConfig: (env) => parsePushgatewayConfig(env, { required: false }),
  parseWorkerConfig: (env) => parseWorkerConfig(env),
  parseWorkerPushConfig: (env, files) => parseWorkerPushConfig(env, parseConfig(env, files)),
  parseLogSettings: (env) => parseLogSettings(env),
  parseHttpsServerSettings: (env) => parseHttpsServerSettings(env),
  referencesInScrape: (env) => referencesIn(env, 'lambda-scrape'),
  referencesInPush: (env) => referencesIn(env, 'lambda-push'),
  secretsRefreshInterval: (env) =>
    readSettings(env).duration('REDIS_EXPORTER_SECRETS_REFRESH_INTERVAL'),
}

/** Every message the parsers throw for `env`; anything but a ConfigError fails the test. */
function thrown(env: EnvRecord, files: SettingFiles, parsers: readonly string[]): string[] {
  const out: string[] = []
  for (const name of parsers) {
    try {
      PARSERS[name]!(env, files)
    } catch (err) {
      expect(err, `${name} threw ${String(err)}`).toBeInstanceOf(ConfigError)
      out.push(`${name}: ${(err as Error).message}`)
    }
  }
  return out
}

/** Which parsers accept each profile as it is. */
const PASSING = Object.fromEntries(
  Object.entries(PROFILES).map(([profile, env]) => [
    profile,
    Object.keys(PARSERS).filter((name) => thrown(env, {}, [name]).length === 0),
  ])
)

/** Settings that accept any value (free text or a secret), so there is no bad value to give. */
const ANY_VALUE = new Set([
  // Read by the entries in functions/, not by these parsers.
  'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
  'REDIS_EXPORTER_COMMIT_SHA',
  'REDIS_EXPORTER_BUILD_DATE',
  'REDIS_USER',
  'REDIS_PASSWORD',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  // A parameter or secret name: the extension is the one to refuse a bad one.
  ...SECRET_REFERENCES.flatMap((r) => [r.ssm, r.secretArn]),
])

const ROWS: readonly SettingRow[] = SETTINGS
/** Every supported setting of the table, under its canonical name. */
const ALL_VARIABLES = ROWS.filter((row) => row.unsupported === undefined).map((row) => row.name)
/** Settings that name a file: the runtime passes their contents. */
const FILE_VARIABLES = ROWS.filter((row) => row.kind === 'file').map((row) => row.name)

describe('configuration errors never echo a secret', () => {
  it('has profiles every parser accepts', () => {
    expect(PASSING['core']).toContain('parseConfig')
    expect(PASSING['push and worker']).toEqual(Object.keys(PARSERS))
  })

  it.each(ALL_VARIABLES)('%s: no error message carries the password', (variable) => {
    const isSecret = (SECRET_VARIABLES as readonly string[]).includes(variable)
    const candidates = [...URL_CANDIDATES, ...(isSecret ? RAW_CANDIDATES : [])]
    // A reference is read by referencesIn (the runtime then parses the value it names), and it
    // stands instead of its plaintext setting, which a profile may set (REDIS_EXPORTER_TARGETS).
    const ref = SECRET_REFERENCES.find((r) => r.ssm === variable || r.secretArn === variable)
    const messages: string[] = []
    for (const [profile, base] of Object.entries(PROFILES)) {
      const parsers = PASSING[profile]!.filter((name) => !ref || name.startsWith('referencesIn'))
      for (const value of candidates) {
        const env: Record<string, string | undefined> = { ...base, [variable]: value }
        if (ref) delete env[ref.setting]
        // A _FILE setting names a file: its contents are what the runtime read from it.
        const files: SettingFiles = (FILE_VARIABLES as readonly string[]).includes(variable)
          ? { [variable]: value }
          : {}
        messages.push(...thrown(env, files, parsers))
      }
    }
    for (const message of messages) {
      expect(message.toLowerCase()).not.toContain(PW.toLowerCase())
      expect(message).not.toContain('\n')
    }
    if (ANY_VALUE.has(variable)) expect(messages).toEqual([])
    else expect(messages.length, `no bad value of ${variable} was refused`).toBeGreaterThan(0)
  })

  /** Secret settings any text is a valid value of (a JSON map would fail on its own first). */
  const TEXT_SECRETS = SECRET_VARIABLES.filter((name) =>
    ROWS.some((row) => row.name === name && row.kind === 'string')
  )

  it.each(TEXT_SECRETS)(
    'the value of %s is redacted from an error about another setting',
    (secret) => {
      const env = { REDIS_ADDR: 'redis://localhost:6379', [secret]: PW }
      const bad = { ...env, REDIS_EXPORTER_NAMESPACE: `${PW}-ns!` }
      expect(() => parseConfig(bad)).toThrow(
        'REDIS_EXPORTER_NAMESPACE: "<redacted>-ns!" is not a valid metric prefix'
      )
    }
  )

  it.each([
    ['x!', 't', '"x!" is not a valid metric prefix (expected letters, digits and _ , e.g. redis)'],
    ['x-ns!', 'ns', '"x-<redacted>!" is not a valid metric prefix (expected letters, digits'],
  ])(
    'replaces a very short secret only where it stands alone: namespace %j, password %j',
    (namespace, password, expected) => {
      const env = { REDIS_PASSWORD: password, REDIS_EXPORTER_NAMESPACE: namespace }
      expect(() => parseConfig(env)).toThrow(`REDIS_EXPORTER_NAMESPACE: ${expected}`)
    }
  )

  it('shows the rest of a refused value, with only the password replaced', () => {
    expect(() =>
      parseConfig({ REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: `redis://:${PW}@h:1` })
    ).toThrow(
      'REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: "redis://:<redacted>@h:1" is not a host pattern'
    )
  })
})
