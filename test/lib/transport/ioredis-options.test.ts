import { describe, expect, it } from 'vitest'
import type { EnvRecord } from '../../../lib/config'
import { parseConfig } from '../../../lib/config'
import { parseTarget } from '../../../lib/target'
import { ioredisOptions } from '../../../lib/transport/ioredis-options'

const CA = '-----BEGIN CERTIFICATE-----\nMIIBca\n-----END CERTIFICATE-----\n'
const KEY = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw\n-----END PRIVATE KEY-----\n'

describe('ioredisOptions: TLS and credentials from the settings', () => {
  it.each<[string, EnvRecord, string, Record<string, unknown> | undefined]>([
    [
      'no TLS for redis://',
      { REDIS_EXPORTER_TLS_CA_CERT: CA },
      'redis://h.example:6379',
      undefined,
    ],
    ['SNI from the host name', {}, 'rediss://h.example:6379', { servername: 'h.example' }],
    ['no SNI for an IP address', {}, 'rediss://10.0.0.1:6379', {}],
    ['no SNI for an IPv6 address', {}, 'rediss://[::1]:6379', {}],
    [
      'the server name override, CA, client certificate and skip-verify',
      {
        REDIS_EXPORTER_TLS_CA_CERT: CA,
        REDIS_EXPORTER_TLS_CLIENT_CERT: CA,
        REDIS_EXPORTER_TLS_CLIENT_KEY: KEY,
        REDIS_EXPORTER_TLS_SERVER_NAME: 'redis.test',
        REDIS_EXPORTER_SKIP_TLS_VERIFICATION: 'yes',
      },
      'valkeys://10.0.0.1:6380',
      { servername: 'redis.test', ca: CA, cert: CA, key: KEY, rejectUnauthorized: false },
    ],
  ])('%s', (_w, env, uri, tls) => {
    const options = ioredisOptions(parseTarget(uri), parseConfig(env))
    expect(options.tls).toEqual(tls)
    expect(options.connectionName).toBeUndefined()
  })

  it('takes the password from the map for the target', () => {
    const config = parseConfig({
      REDIS_PASSWORD_MAP: '{"redis://exporter@h:1": "pw-map"}',
      REDIS_USER: 'exporter',
    })
    expect(ioredisOptions(parseTarget('redis://h:1'), config)).toMatchObject({
      username: 'exporter',
      password: 'pw-map',
    })
  })
})
