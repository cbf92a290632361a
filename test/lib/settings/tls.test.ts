import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { ConfigError } from '../../../lib/errors'
import type { SettingFiles } from '../../../lib/settings/read'
import { readSettings } from '../../../lib/settings/read'
import { parseServerName, readPem, readTlsSettings } from '../../../lib/settings/tls'
import type { PemSource } from '../../../lib/settings/tls'
import { configErrorText } from '../../helpers/config-error'

const CA = '-----BEGIN CERTIFICATE-----\nMIIBca\n-----END CERTIFICATE-----\n'
const KEY = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw\n-----END PRIVATE KEY-----\n'
const CA_SOURCE: PemSource = {
  value: 'REDIS_EXPORTER_TLS_CA_CERT',
  file: 'REDIS_EXPORTER_TLS_CA_CERT_FILE',
  kind: 'CERTIFICATE',
}

const settings = (env: Record<string, string>, files: SettingFiles = {}) =>
  readSettings(env, { files })

describe('readTlsSettings', () => {
  it('reads TLS PEMs by value (with \\n escapes, as Lambda consoles store them) or from files', () => {
    const byValue = parseConfig({
      REDIS_EXPORTER_TLS_CA_CERT: CA.replace(/\n/g, '\\n'),
      REDIS_EXPORTER_TLS_CLIENT_CERT: CA,
      REDIS_EXPORTER_TLS_CLIENT_KEY: KEY,
      REDIS_EXPORTER_TLS_SERVER_NAME: 'my-cache.example.com',
      REDIS_EXPORTER_SKIP_TLS_VERIFICATION: 'true',
    })
    expect(byValue.tls).toEqual({
      ca: CA,
      cert: CA,
      key: KEY,
      serverName: 'my-cache.example.com',
      skipVerify: true,
    })
    const fromFiles = parseConfig(
      {
        REDIS_EXPORTER_TLS_CA_CERT_FILE: '/ca.pem',
        REDIS_EXPORTER_TLS_CLIENT_CERT_FILE: '/c.pem',
        REDIS_EXPORTER_TLS_CLIENT_KEY_FILE: '/k.pem',
      },
      {
        REDIS_EXPORTER_TLS_CA_CERT_FILE: CA,
        REDIS_EXPORTER_TLS_CLIENT_CERT_FILE: CA,
        REDIS_EXPORTER_TLS_CLIENT_KEY_FILE: KEY,
      }
    )
    expect(fromFiles.tls).toEqual({ ca: CA, cert: CA, key: KEY, skipVerify: false })
  })

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'a certificate without its key',
      { REDIS_EXPORTER_TLS_CLIENT_CERT: CA },
      /must be set together/,
    ],
    [
      'a key without its certificate',
      { REDIS_EXPORTER_TLS_CLIENT_KEY: KEY },
      /must be set together/,
    ],
    ['an IP as server name', { REDIS_EXPORTER_TLS_SERVER_NAME: '10.0.0.1' }, /is an IP address/],
  ])('refuses %s', (_what, env, message) => {
    expect(() => readTlsSettings(settings(env))).toThrow(message)
    expect(() => readTlsSettings(settings(env))).toThrow(ConfigError)
  })
})

describe('readPem', () => {
  it.each<[string, Record<string, string>, SettingFiles, string | undefined]>([
    ['nothing set', {}, {}, undefined],
    ['a value with \\n escapes', { REDIS_EXPORTER_TLS_CA_CERT: CA.replace(/\n/g, '\\n') }, {}, CA],
    ['a value without its last newline', { REDIS_EXPORTER_TLS_CA_CERT: CA.trim() }, {}, CA],
    [
      'a file the runtime read',
      { REDIS_EXPORTER_TLS_CA_CERT_FILE: '/ca.pem' },
      { REDIS_EXPORTER_TLS_CA_CERT_FILE: CA },
      CA,
    ],
  ])('reads %s', (_what, env, files, pem) => {
    expect(readPem(settings(env, files), CA_SOURCE)).toBe(pem)
  })

  it.each<[string, Record<string, string>, SettingFiles, string]>([
    [
      'a key where a certificate belongs, never echoing it',
      { REDIS_EXPORTER_TLS_CA_CERT: KEY },
      {},
      'REDIS_EXPORTER_TLS_CA_CERT: does not hold a PEM certificate',
    ],
    [
      'both spellings',
      { REDIS_EXPORTER_TLS_CA_CERT: CA, REDIS_EXPORTER_TLS_CA_CERT_FILE: '/ca.pem' },
      {},
      'are both set',
    ],
    [
      'a file this runtime cannot read',
      { REDIS_EXPORTER_TLS_CA_CERT_FILE: '/ca.pem' },
      {},
      'this runtime cannot read files',
    ],
  ])('refuses %s', (_what, env, files, message) => {
    const text = configErrorText(() => readPem(settings(env, files), CA_SOURCE))
    expect(text).toContain(message)
    expect(text).not.toContain('c2VjcmV0LWtleS1ieXRlcw')
  })
})

describe('parseServerName', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['my-cache.example.com', 'my-cache.example.com'],
    ['*.example.com', '*.example.com'],
  ])('%j -> %j', (raw, name) => {
    expect(parseServerName('X', raw)).toBe(name)
  })

  it.each([
    ['10.0.0.1', 'is an IP address'],
    ['bad name!', 'is not a DNS name'],
    ['a'.repeat(254), 'is not a DNS name'],
  ])('refuses %j, naming the setting', (raw, message) => {
    expect(() => parseServerName('REDIS_EXPORTER_TLS_SERVER_NAME', raw)).toThrow(
      new RegExp(`^REDIS_EXPORTER_TLS_SERVER_NAME: .*${message}`)
    )
  })
})
