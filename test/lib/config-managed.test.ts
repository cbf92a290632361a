import { describe, expect, it } from 'vitest'
import type { EnvRecord, SettingFiles } from '../../lib/config'
import { configWarnings, parseConfig } from '../../lib/config'
import { ConfigError } from '../../lib/errors'
import type { SettingRow } from '../../lib/settings/table'
import { SETTINGS, SETTINGS_BY_NAME } from '../../lib/settings/table'
import { parseScrapeTarget } from '../../lib/target'

const CA = '-----BEGIN CERTIFICATE-----\nMIIBca\n-----END CERTIFICATE-----\n'
const KEY = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw\n-----END PRIVATE KEY-----\n'
const SECRET_BITS = ['hunter2', 'c2VjcmV0LWtleS1ieXRlcw', 'pw-from-env-6d']

function thrown(env: EnvRecord, files: SettingFiles = {}): string {
  try {
    parseConfig(env, files)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfig: managed-Redis settings', () => {
  it.each<[string, EnvRecord, SettingFiles, RegExp]>([
    [
      'a password map that is not JSON',
      { REDIS_PASSWORD_MAP: '{"redis://h:1": "hunter2"' },
      {},
      /^REDIS_PASSWORD_MAP: is not valid JSON/,
    ],
    [
      'a password map that is an array',
      { REDIS_PASSWORD_MAP: '["hunter2"]' },
      {},
      /^REDIS_PASSWORD_MAP: expected a JSON object/,
    ],
    [
      'a password that is a number',
      { REDIS_PASSWORD_MAP: '{"redis://h:1": 7}' },
      {},
      /entry "redis:\/\/h:1": expected a password string or \{"password_env"/,
    ],
    [
      'a reference to an unset variable',
      { REDIS_PASSWORD_MAP: '{"redis://h:1": {"password_env": "NOPE_PW"}}' },
      {},
      /environment variable NOPE_PW is not set or empty/,
    ],
    [
      'a key with a password in it',
      { REDIS_PASSWORD_MAP: '{"redis://u:hunter2@h:1": "x"}' },
      {},
      /must not carry a password/,
    ],
    [
      'a key that is no target',
      { REDIS_PASSWORD_MAP: '{"http://h": "hunter2"}' },
      {},
      /unsupported scheme/,
    ],
    [
      'both the map and the file',
      { REDIS_PASSWORD_MAP: '{}', REDIS_PASSWORD_FILE: '/p.json' },
      { REDIS_PASSWORD_FILE: '{}' },
      /both set/,
    ],
    [
      'a password file this runtime did not read',
      { REDIS_PASSWORD_FILE: '/p.json' },
      {},
      /^REDIS_PASSWORD_FILE: this runtime cannot read files; put the JSON in REDIS_PASSWORD_MAP/,
    ],
    [
      'a bad password file',
      { REDIS_PASSWORD_FILE: '/p.json' },
      { REDIS_PASSWORD_FILE: 'hunter2' },
      /^REDIS_PASSWORD_FILE: is not valid JSON/,
    ],
    [
      'a CA that is not PEM',
      { REDIS_EXPORTER_TLS_CA_CERT: 'hunter2' },
      {},
      /^REDIS_EXPORTER_TLS_CA_CERT: does not hold a PEM certificate/,
    ],
    [
      'a CA file that is not PEM',
      { REDIS_EXPORTER_TLS_CA_CERT_FILE: '/ca.pem' },
      { REDIS_EXPORTER_TLS_CA_CERT_FILE: KEY },
      /^REDIS_EXPORTER_TLS_CA_CERT_FILE: does not hold a PEM certificate/,
    ],
    [
      'a CA file this runtime did not read',
      { REDIS_EXPORTER_TLS_CA_CERT_FILE: '/ca.pem' },
      {},
      /put the PEM text in REDIS_EXPORTER_TLS_CA_CERT instead/,
    ],
    [
      'a CA by value and by file',
      { REDIS_EXPORTER_TLS_CA_CERT: CA, REDIS_EXPORTER_TLS_CA_CERT_FILE: '/ca.pem' },
      { REDIS_EXPORTER_TLS_CA_CERT_FILE: CA },
      /both set/,
    ],
    [
      'a client certificate without its key',
      { REDIS_EXPORTER_TLS_CLIENT_CERT: CA },
      {},
      /must be set together/,
    ],
    [
      'a client key without its certificate',
      { REDIS_EXPORTER_TLS_CLIENT_KEY: KEY },
      {},
      /must be set together/,
    ],
    [
      'a client key that is a certificate',
      { REDIS_EXPORTER_TLS_CLIENT_CERT: CA, REDIS_EXPORTER_TLS_CLIENT_KEY: CA },
      {},
      /^REDIS_EXPORTER_TLS_CLIENT_KEY: does not hold a PEM private key/,
    ],
    [
      'a server name with a space',
      { REDIS_EXPORTER_TLS_SERVER_NAME: 'a b' },
      {},
      /^REDIS_EXPORTER_TLS_SERVER_NAME: "a b" is not a DNS name/,
    ],
    [
      'a server name that is an IP',
      { REDIS_EXPORTER_TLS_SERVER_NAME: '10.0.0.1' },
      {},
      /is an IP address; SNI needs a DNS name/,
    ],
    [
      'skip-verify that is no boolean',
      { REDIS_EXPORTER_SKIP_TLS_VERIFICATION: 'sure' },
      {},
      /^REDIS_EXPORTER_SKIP_TLS_VERIFICATION: "sure" is not a boolean/,
    ],
    [
      'an unknown collector',
      { REDIS_EXPORTER_DISABLED_COLLECTORS: 'keys' },
      {},
      /^REDIS_EXPORTER_DISABLED_COLLECTORS: "keys" is not a collector/,
    ],
    [
      'a capability TTL below 10 s',
      { REDIS_EXPORTER_CAPABILITY_TTL: '1s' },
      {},
      /^REDIS_EXPORTER_CAPABILITY_TTL: 1s is out of range/,
    ],
    [
      'a renamed CONFIG that contradicts REDIS_EXPORTER_CONFIG_COMMAND',
      { REDIS_EXPORTER_CONFIG_COMMAND: 'a', REDIS_EXPORTER_RENAMED_COMMANDS: 'CONFIG=b' },
      {},
      /disagree; set only one of them/,
    ],
    [
      'a bad rename map',
      { REDIS_EXPORTER_RENAMED_COMMANDS: 'SHUTDOWN=x' },
      {},
      /^REDIS_EXPORTER_RENAMED_COMMANDS: "SHUTDOWN" cannot be renamed/,
    ],
  ])('rejects %s, naming the variable and never echoing a secret', (_what, env, files, message) => {
    const text = thrown({ PW_FROM_ENV: 'pw-from-env-6d', ...env }, files)
    expect(text).toMatch(message)
    for (const bit of SECRET_BITS) expect(text).not.toContain(bit)
  })

  it('has safe defaults', () => {
    const c = parseConfig({})
    expect(c.passwordMap).toBeUndefined()
    expect(c.tls).toEqual({ skipVerify: false })
    expect(c.disabledCollectors).toEqual([])
    expect(c.capabilityTtlSeconds).toBe(600)
    expect(c.clusterDiscoverHostnames).toBe(false)
    expect(c.renamedCommands.all).toEqual({ CONFIG: 'CONFIG' })
    expect(configWarnings(c)).toEqual([])
  })

  it('warns once about skip-verify and about certificates for a plain target', () => {
    expect(
      configWarnings(
        parseConfig({ REDIS_ADDR: 'rediss://h:1', REDIS_EXPORTER_SKIP_TLS_VERIFICATION: '1' })
      )
    ).toEqual([
      expect.stringMatching(
        /^REDIS_EXPORTER_SKIP_TLS_VERIFICATION is on: TLS server certificates are not verified/
      ),
    ])
    expect(
      configWarnings(parseConfig({ REDIS_ADDR: 'redis://h:1', REDIS_EXPORTER_TLS_CA_CERT: CA }))
    ).toEqual([
      expect.stringMatching(/REDIS_ADDR \(redis:\/\/h:1\) is not rediss:\/\/ or valkeys:\/\//),
    ])
  })

  it('merges REDIS_EXPORTER_CONFIG_COMMAND and the rename map into one CONFIG name', () => {
    expect(parseConfig({ REDIS_EXPORTER_CONFIG_COMMAND: 'cfg' }).renamedCommands.all).toEqual({
      CONFIG: 'cfg',
    })
    expect(parseConfig({ REDIS_EXPORTER_CONFIG_COMMAND: '-' }).renamedCommands.all).toEqual({
      CONFIG: null,
    })
    const both = parseConfig({
      REDIS_EXPORTER_CONFIG_COMMAND: 'cfg',
      REDIS_EXPORTER_RENAMED_COMMANDS: 'CONFIG=cfg,SLOWLOG=s',
    })
    expect(both.configCommand).toBe('cfg')
    expect(both.renamedCommands.all).toEqual({ CONFIG: 'cfg', SLOWLOG: 's' })
    const away = parseConfig({ REDIS_EXPORTER_RENAMED_COMMANDS: 'CONFIG=-' })
    expect(away.configCommand).toBeUndefined()
  })

  it('declares every new setting in the table, and every _FILE setting as a file row', () => {
    const rows: readonly SettingRow[] = SETTINGS
    const files = rows.filter((r) => r.name.endsWith('_FILE') && r.unsupported === undefined)
    expect(files.map((r) => r.name).sort()).toEqual([
      'REDIS_EXPORTER_TLS_CA_CERT_FILE',
      'REDIS_EXPORTER_TLS_CLIENT_CERT_FILE',
      'REDIS_EXPORTER_TLS_CLIENT_KEY_FILE',
      'REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE',
      'REDIS_EXPORTER_TLS_SERVER_CERT_FILE',
      'REDIS_EXPORTER_TLS_SERVER_KEY_FILE',
      'REDIS_PASSWORD_FILE',
    ])
    for (const row of files) expect(row.kind).toBe('file')
    for (const name of [
      'REDIS_PASSWORD_MAP',
      'REDIS_EXPORTER_RENAMED_COMMANDS',
      'REDIS_EXPORTER_DISABLED_COLLECTORS',
      'REDIS_EXPORTER_CAPABILITY_TTL',
      'REDIS_EXPORTER_TLS_CA_CERT',
      'REDIS_EXPORTER_TLS_CLIENT_CERT',
      'REDIS_EXPORTER_TLS_CLIENT_KEY',
      'REDIS_EXPORTER_TLS_SERVER_NAME',
      'REDIS_EXPORTER_SKIP_TLS_VERIFICATION',
      'REDIS_EXPORTER_CLUSTER_DISCOVER_HOSTNAMES',
    ]) {
      expect(SETTINGS_BY_NAME.get(name)?.unsupported).toBeUndefined()
      expect(SETTINGS_BY_NAME.get(name)?.runtimes).toContain('node')
    }
  })
})

describe('parseScrapeTarget', () => {
  it.each<[string, string, string | undefined]>([
    ['redis://h:1', 'redis://h:1', undefined],
    ['redis://:secret@h:1', 'redis://h:1', undefined],
    ['redis://user:secret@h:1', 'redis://user@h:1', 'user'],
    ['redis://exporter@h:1', 'redis://exporter@h:1', 'exporter'],
    ['rediss://a%40b@h:1/2', 'rediss://a%40b@h:1/2', 'a@b'],
  ])('%s -> %s (user %s, never a password)', (raw, uri, username) => {
    const t = parseScrapeTarget(raw)
    expect(t.uri).toBe(uri)
    expect(t.username).toBe(username)
    expect(t.password).toBeUndefined()
  })
})

describe('readSettingFiles (functions/node-secrets.ts)', () => {
  it('reads the _FILE settings that are set and names variable and path when one cannot be read', async () => {
    const { readSettingFiles } = await import('../../functions/node-secrets')
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = mkdtempSync(join(tmpdir(), 'settings-files-'))
    try {
      writeFileSync(join(dir, 'ca.pem'), CA)
      expect(
        readSettingFiles({
          REDIS_EXPORTER_TLS_CA_CERT_FILE: join(dir, 'ca.pem'),
          REDIS_PASSWORD_FILE: ' ',
        })
      ).toEqual({
        REDIS_EXPORTER_TLS_CA_CERT_FILE: CA,
      })
      const missing = join(dir, 'nope.json')
      expect(() => readSettingFiles({ REDIS_PASSWORD_FILE: missing })).toThrow(
        new ConfigError(`REDIS_PASSWORD_FILE: cannot read ${missing} (ENOENT)`)
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
