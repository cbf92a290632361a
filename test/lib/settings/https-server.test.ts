import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../lib/errors'
import type { HttpsServerSettings } from '../../../lib/settings/https-server'
import { parseHttpsServerSettings } from '../../../lib/settings/https-server'

const CERT = 'REDIS_EXPORTER_TLS_SERVER_CERT_FILE'
const KEY = 'REDIS_EXPORTER_TLS_SERVER_KEY_FILE'
const CA = 'REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE'
const MIN = 'REDIS_EXPORTER_TLS_SERVER_MIN_VERSION'

describe('parseHttpsServerSettings', () => {
  it.each<[string, Record<string, string>, HttpsServerSettings | undefined]>([
    ['nothing: plain HTTP', {}, undefined],
    ['blank paths: plain HTTP', { [CERT]: ' ', [KEY]: '' }, undefined],
    ['a minimum version alone: plain HTTP', { [MIN]: 'TLS1.3' }, undefined],
    [
      'certificate and key',
      { [CERT]: '/c.pem', [KEY]: ' /k.pem ' },
      { certFile: '/c.pem', keyFile: '/k.pem', minVersion: 'TLSv1.2' },
    ],
    [
      'with a client CA and TLS 1.3',
      { [CERT]: '/c.pem', [KEY]: '/k.pem', [CA]: '/ca.pem', [MIN]: 'tls1.3' },
      { certFile: '/c.pem', keyFile: '/k.pem', caFile: '/ca.pem', minVersion: 'TLSv1.3' },
    ],
    [
      'TLS 1.0, as node:tls spells it',
      { [CERT]: '/c.pem', [KEY]: '/k.pem', [MIN]: 'TLS1.0' },
      { certFile: '/c.pem', keyFile: '/k.pem', minVersion: 'TLSv1' },
    ],
  ])('%s', (_what, env, settings) => {
    expect(parseHttpsServerSettings(env)).toEqual(settings)
  })

  it.each<[Record<string, string>, string]>([
    [{ [CERT]: '/c.pem' }, `${KEY}: must be set for HTTPS (${CERT} is)`],
    [{ [KEY]: '/k.pem' }, `${CERT}: must be set for HTTPS (${KEY} is)`],
    [{ [CA]: '/ca.pem' }, `${CERT}: must be set for HTTPS (${CA} is)`],
    [
      { [CERT]: '/c.pem', [KEY]: '/k.pem', [MIN]: 'SSL3' },
      `${MIN}: "SSL3" is not a TLS version (expected TLS1.0, TLS1.1, TLS1.2, TLS1.3)`,
    ],
  ])('%j is refused, naming the setting', (env, message) => {
    expect(() => parseHttpsServerSettings(env)).toThrow(ConfigError)
    expect(() => parseHttpsServerSettings(env)).toThrow(message)
  })
})
