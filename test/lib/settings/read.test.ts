import { describe, expect, it } from 'vitest'
import type { EnvRecord } from '../../../lib/settings/read'
import { lookup, readSettings, settingFilePaths } from '../../../lib/settings/read'
import { SETTINGS_BY_NAME } from '../../../lib/settings/table'
import { configErrorText } from '../../helpers/config-error'

const EMPTY_DBS = 'REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES'
const EMPTY_DBS_OLD = 'REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES'

describe('readSettings: defaults and empty values', () => {
  it('applies every default of the table when nothing is set', () => {
    const s = readSettings({})
    expect(s.bool('REDIS_EXPORTER_SET_CLIENT_NAME')).toBe(true)
    expect(s.duration('REDIS_EXPORTER_CONNECTION_TIMEOUT')).toBe(5)
    expect(s.int('REDIS_EXPORTER_PUSHGATEWAY_RETRIES')).toBe(2)
    expect(s.enumValue('REDIS_EXPORTER_PROTOCOL')).toBe('2')
    expect(s.text('REDIS_ADDR')).toBe('redis://localhost:6379')
    expect(s.text('REDIS_USER')).toBeUndefined()
    expect(s.list('REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS')).toBeUndefined()
    expect(s.file('REDIS_PASSWORD_FILE')).toBeUndefined()
    expect(s.isSet('REDIS_ADDR')).toBe(false)
  })

  it.each<[string, EnvRecord, (s: ReturnType<typeof readSettings>) => unknown, unknown]>([
    [
      'an empty bool',
      { REDIS_EXPORTER_SET_CLIENT_NAME: ' ' },
      (s) => s.bool('REDIS_EXPORTER_SET_CLIENT_NAME'),
      true,
    ],
    [
      'an empty duration',
      { REDIS_EXPORTER_SCRAPE_TIMEOUT: '' },
      (s) => s.duration('REDIS_EXPORTER_SCRAPE_TIMEOUT'),
      9,
    ],
    [
      'an empty int',
      { REDIS_EXPORTER_PUSHGATEWAY_RETRIES: '' },
      (s) => s.int('REDIS_EXPORTER_PUSHGATEWAY_RETRIES'),
      2,
    ],
    [
      'an empty enum',
      { REDIS_EXPORTER_PUSH_DISCOVER_NODES: '' },
      (s) => s.enumValue('REDIS_EXPORTER_PUSH_DISCOVER_NODES'),
      'cluster',
    ],
    [
      'an empty list',
      { REDIS_EXPORTER_PUSH_SINKS: '  ' },
      (s) => s.list('REDIS_EXPORTER_PUSH_SINKS'),
      undefined,
    ],
    [
      'a list of nothing',
      { REDIS_EXPORTER_PUSH_SINKS: ' , ' },
      (s) => s.list('REDIS_EXPORTER_PUSH_SINKS'),
      [],
    ],
    ['an empty text', { REDIS_ADDR: '' }, (s) => s.text('REDIS_ADDR'), ''],
    [
      'a blank text',
      { REDIS_EXPORTER_NAMESPACE: '  ' },
      (s) => s.text('REDIS_EXPORTER_NAMESPACE'),
      '',
    ],
    [
      'an empty text with textOrDefault',
      { REDIS_EXPORTER_PUSHGATEWAY_JOB: ' ' },
      (s) => s.textOrDefault('REDIS_EXPORTER_PUSHGATEWAY_JOB'),
      'redis_exporter',
    ],
    ['a trimmed text', { REDIS_USER: ' exporter ' }, (s) => s.text('REDIS_USER'), 'exporter'],
    ['a verbatim password', { REDIS_PASSWORD: ' pw ' }, (s) => s.text('REDIS_PASSWORD'), ' pw '],
    [
      'a set text',
      { REDIS_EXPORTER_PUSHGATEWAY_JOB: 'j' },
      (s) => s.textOrDefault('REDIS_EXPORTER_PUSHGATEWAY_JOB'),
      'j',
    ],
  ])('reads %s', (_what, env, get, value) => {
    expect(get(readSettings(env))).toEqual(value)
  })
})

describe('readSettings: errors name the variable as it was spelled', () => {
  it.each<[EnvRecord, (s: ReturnType<typeof readSettings>) => unknown, string]>([
    [
      { REDIS_EXPORTER_SET_CLIENT_NAME: 'maybe' },
      (s) => s.bool('REDIS_EXPORTER_SET_CLIENT_NAME'),
      'REDIS_EXPORTER_SET_CLIENT_NAME: "maybe" is not a boolean (expected true or false)',
    ],
    [
      { [EMPTY_DBS_OLD]: 'maybe' },
      (s) => s.bool(EMPTY_DBS),
      `${EMPTY_DBS_OLD}: "maybe" is not a boolean (expected true or false)`,
    ],
    [
      { REDIS_EXPORTER_CAPABILITY_TTL: '1s' },
      (s) => s.duration('REDIS_EXPORTER_CAPABILITY_TTL'),
      'REDIS_EXPORTER_CAPABILITY_TTL: 1s is out of range (expected between 10s and 604800s)',
    ],
    [
      { REDIS_EXPORTER_PUSHGATEWAY_RETRIES: '11' },
      (s) => s.int('REDIS_EXPORTER_PUSHGATEWAY_RETRIES'),
      'REDIS_EXPORTER_PUSHGATEWAY_RETRIES: "11" is not a number of retries (expected 0 to 10)',
    ],
    [
      { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '0' },
      (s) => s.int('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT'),
      'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: "0" is not a port number (expected 1 to 65535)',
    ],
    [
      { REDIS_EXPORTER_PROTOCOL: '4' },
      (s) => s.enumValue('REDIS_EXPORTER_PROTOCOL'),
      'REDIS_EXPORTER_PROTOCOL: "4" is not a RESP version (expected 2, 3)',
    ],
    [
      { REDIS_EXPORTER_PUSH_DISCOVER_NODES: 'yes' },
      (s) => s.enumValue('REDIS_EXPORTER_PUSH_DISCOVER_NODES'),
      'REDIS_EXPORTER_PUSH_DISCOVER_NODES: "yes" is not a mode (expected off, cluster, all)',
    ],
  ])('%j', (env, get, message) => {
    expect(configErrorText(() => get(readSettings(env)))).toBe(message)
  })
})

describe('readSettings: aliases', () => {
  it.each<[EnvRecord, boolean]>([
    [{ [EMPTY_DBS]: 'false' }, false],
    [{ [EMPTY_DBS_OLD]: 'false' }, false],
    [{ [EMPTY_DBS]: 'false', [EMPTY_DBS_OLD]: 'false' }, false],
    [{ [EMPTY_DBS]: 'false', [EMPTY_DBS_OLD]: '' }, false],
    [{ [EMPTY_DBS]: '', [EMPTY_DBS_OLD]: 'false' }, false],
  ])('reads %j as %s', (env, value) => {
    expect(readSettings(env).bool(EMPTY_DBS)).toBe(value)
  })

  it('refuses two spellings with different values, naming both and neither value', () => {
    const message = configErrorText(() =>
      readSettings({ [EMPTY_DBS]: 'true', [EMPTY_DBS_OLD]: 'false' }).bool(EMPTY_DBS)
    )
    expect(message).toBe(
      `${EMPTY_DBS} and ${EMPTY_DBS_OLD} are both set, to different values; set only ${EMPTY_DBS}`
    )
  })

  it('reports which spelling was used', () => {
    const row = SETTINGS_BY_NAME.get(EMPTY_DBS)!
    expect(lookup({ [EMPTY_DBS_OLD]: '0' }, row)).toEqual({ name: EMPTY_DBS_OLD, raw: '0' })
    expect(lookup({ [EMPTY_DBS]: '1', [EMPTY_DBS_OLD]: '1' }, row)).toEqual({
      name: EMPTY_DBS,
      raw: '1',
    })
    expect(lookup({}, row)).toBeUndefined()
  })
})

describe('readSettings: files', () => {
  it('gives the contents the runtime read for a set file setting, and nothing otherwise', () => {
    const env = { REDIS_PASSWORD_FILE: '/p.json', REDIS_EXPORTER_TLS_CA_CERT_FILE: ' ' }
    const files = { REDIS_PASSWORD_FILE: '{}', REDIS_EXPORTER_TLS_CA_CERT_FILE: 'ignored' }
    const s = readSettings(env, { files })
    expect(s.file('REDIS_PASSWORD_FILE')).toBe('{}')
    expect(s.file('REDIS_EXPORTER_TLS_CA_CERT_FILE')).toBeUndefined()
    expect(readSettings(env).file('REDIS_PASSWORD_FILE')).toBeUndefined()
    expect(readSettings(env).isSet('REDIS_PASSWORD_FILE')).toBe(true)
  })

  it('lists the file settings that are set, with trimmed paths', () => {
    expect(
      settingFilePaths({
        REDIS_PASSWORD_FILE: ' /p.json ',
        REDIS_EXPORTER_TLS_CA_CERT_FILE: '',
        REDIS_EXPORTER_TLS_CLIENT_KEY_FILE: '/k.pem',
        REDIS_EXPORTER_TLS_SERVER_CERT_FILE: '/server.pem',
      })
    ).toEqual([
      { name: 'REDIS_PASSWORD_FILE', path: '/p.json' },
      { name: 'REDIS_EXPORTER_TLS_CLIENT_KEY_FILE', path: '/k.pem' },
      { name: 'REDIS_EXPORTER_TLS_SERVER_CERT_FILE', path: '/server.pem' },
    ])
  })
})

describe('readSettings: names', () => {
  it('accepts only names of rows of the getter kind, and never an unsupported row', () => {
    const s = readSettings({})
    // @ts-expect-error a duration is not a bool
    expect(() => s.bool('REDIS_EXPORTER_CONNECTION_TIMEOUT')).toThrow(/not a supported bool/)
    // @ts-expect-error redis_exporter's -include-go-runtime-metrics is not read
    expect(() => s.bool('REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS')).toThrow(
      /not a supported bool/
    )
    // @ts-expect-error no such setting
    expect(() => s.text('REDIS_EXPORTER_NOPE')).toThrow(/not a supported/)
  })
})
