import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../lib/errors'
import { parsePushgatewayConfig } from '../../../lib/push/pushgateway-config'

const parse = (env: Record<string, string>, required = false) =>
  parsePushgatewayConfig(env, { required })
const URL_VAR = 'REDIS_EXPORTER_PUSHGATEWAY_URL'

describe('parsePushgatewayConfig', () => {
  it.each([
    [{ [URL_VAR]: 'not a url' }, /REDIS_EXPORTER_PUSHGATEWAY_URL: is not a URL/],
    [{ [URL_VAR]: 'ftp://pgw' }, /scheme ftp: is not supported/],
    [
      { [URL_VAR]: 'https://u:hunter2@pgw' },
      /must not carry credentials; set REDIS_EXPORTER_PUSHGATEWAY_USERNAME/,
    ],
    [{ [URL_VAR]: 'https://pgw/?x=1' }, /must not carry a query string/],
    [
      { [URL_VAR]: 'https://pgw', REDIS_EXPORTER_PUSHGATEWAY_USERNAME: 'u' },
      /PUSHGATEWAY_PASSWORD: must be set together/,
    ],
    [
      { [URL_VAR]: 'https://pgw', REDIS_EXPORTER_PUSHGATEWAY_PASSWORD: 'p' },
      /PUSHGATEWAY_USERNAME: must be set together/,
    ],
    [
      {
        [URL_VAR]: 'https://pgw',
        REDIS_EXPORTER_PUSHGATEWAY_USERNAME: 'a:b',
        REDIS_EXPORTER_PUSHGATEWAY_PASSWORD: 'p',
      },
      /must not contain ":"/,
    ],
    [
      {
        [URL_VAR]: 'https://pgw',
        REDIS_EXPORTER_PUSHGATEWAY_USERNAME: 'u',
        REDIS_EXPORTER_PUSHGATEWAY_PASSWORD: 'p',
        REDIS_EXPORTER_PUSHGATEWAY_TOKEN: 't',
      },
      /set either the token or/,
    ],
    [
      { [URL_VAR]: 'https://pgw', REDIS_EXPORTER_PUSHGATEWAY_TOKEN: 'a b' },
      /TOKEN: contains characters/,
    ],
    [
      { [URL_VAR]: 'https://pgw', REDIS_EXPORTER_PUSHGATEWAY_RETRIES: '11' },
      /RETRIES: "11" is not a number of retries/,
    ],
    [
      { [URL_VAR]: 'https://pgw', REDIS_EXPORTER_PUSHGATEWAY_DELETE_ON_SHUTDOWN: 'maybe' },
      /DELETE_ON_SHUTDOWN: "maybe" is not a boolean/,
    ],
  ])('rejects %o', (env, message) => {
    expect(() => parse(env)).toThrow(ConfigError)
    expect(() => parse(env)).toThrow(message)
  })

  it('never echoes a password or token in an error', () => {
    try {
      parse({ [URL_VAR]: 'https://u:hunter2@pgw' })
    } catch (err) {
      expect(String(err)).not.toContain('hunter2')
    }
  })

  it('is undefined without a URL, unless required', () => {
    expect(parse({})).toBeUndefined()
    expect(() => parse({}, true)).toThrow(/REDIS_EXPORTER_PUSHGATEWAY_URL: must be set/)
  })

  it('reads defaults and credentials', () => {
    expect(parse({ [URL_VAR]: 'https://pgw.example.com/base/' })).toEqual({
      url: 'https://pgw.example.com/base',
      job: 'redis_exporter',
      retries: 2,
      deleteOnShutdown: false,
    })
    expect(
      parse({
        [URL_VAR]: 'http://pgw:9091',
        REDIS_EXPORTER_PUSHGATEWAY_JOB: 'edge',
        REDIS_EXPORTER_PUSHGATEWAY_TOKEN: 'abc.def',
        REDIS_EXPORTER_PUSHGATEWAY_RETRIES: '0',
        REDIS_EXPORTER_PUSHGATEWAY_DELETE_ON_SHUTDOWN: 'true',
      })
    ).toEqual({
      url: 'http://pgw:9091',
      job: 'edge',
      auth: { kind: 'bearer', token: 'abc.def' },
      retries: 0,
      deleteOnShutdown: true,
    })
    expect(
      parse({
        [URL_VAR]: 'https://pgw',
        REDIS_EXPORTER_PUSHGATEWAY_USERNAME: 'u',
        REDIS_EXPORTER_PUSHGATEWAY_PASSWORD: 'p w',
      })?.auth
    ).toEqual({ kind: 'basic', username: 'u', password: 'p w' })
  })
})
