import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../lib/errors'
import { parseConfig } from '../../lib/config'
import { parseDuration } from '../../lib/settings/kinds'
import { namesRead } from '../helpers/reads'

describe('parseConfig', () => {
  it('has redis_exporter defaults', () => {
    const c = parseConfig({})
    expect(c.target?.uri).toBe('redis://localhost:6379')
    expect(c.namespace).toBe('redis')
    expect(c.listenHost).toBe('0.0.0.0')
    expect(c.listenPort).toBe(9121)
    expect(c.telemetryPath).toBe('/metrics')
    expect(c.configCommand).toBe('CONFIG')
    expect(c.setClientName).toBe(true)
    expect(c.includeMetricsForEmptyDatabases).toBe(true)
    expect(c.protocol).toBe(2)
    expect(c.scrapeAllowedTargets).toEqual([])
    expect(c.eventLoopMonitorSeconds).toBe(1)
    expect(c.redisClient).toBe('lean')
  })

  it.each([
    [{ REDIS_ADDR: 'http://x' }, 'REDIS_ADDR'],
    [{ REDIS_ADDR: 'redis://h:70000' }, 'REDIS_ADDR'],
    [{ REDIS_EXPORTER_NAMESPACE: 'my-ns' }, 'REDIS_EXPORTER_NAMESPACE'],
    [{ REDIS_EXPORTER_NAMESPACE: '1abc' }, 'REDIS_EXPORTER_NAMESPACE'],
    [{ REDIS_EXPORTER_WEB_LISTEN_ADDRESS: '9121' }, 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS'],
    [{ REDIS_EXPORTER_WEB_LISTEN_ADDRESS: 'host:99999' }, 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS'],
    [{ REDIS_EXPORTER_WEB_TELEMETRY_PATH: 'metrics' }, 'REDIS_EXPORTER_WEB_TELEMETRY_PATH'],
    [{ REDIS_EXPORTER_WEB_TELEMETRY_PATH: '/scrape' }, 'REDIS_EXPORTER_WEB_TELEMETRY_PATH'],
    [{ REDIS_EXPORTER_CONNECTION_TIMEOUT: 'soon' }, 'REDIS_EXPORTER_CONNECTION_TIMEOUT'],
    [{ REDIS_EXPORTER_CONNECTION_TIMEOUT: '10m' }, 'out of range'],
    [{ REDIS_EXPORTER_SCRAPE_TIMEOUT: '-1s' }, 'REDIS_EXPORTER_SCRAPE_TIMEOUT'],
    [{ REDIS_EXPORTER_SET_CLIENT_NAME: 'maybe' }, 'REDIS_EXPORTER_SET_CLIENT_NAME'],
    [{ REDIS_EXPORTER_CONFIG_COMMAND: 'CONFIG GET' }, 'REDIS_EXPORTER_CONFIG_COMMAND'],
    [{ REDIS_EXPORTER_PROTOCOL: '4' }, 'REDIS_EXPORTER_PROTOCOL'],
    [{ REDIS_EXPORTER_REDIS_CLIENT: 'node-redis' }, 'REDIS_EXPORTER_REDIS_CLIENT'],
    [{ REDIS_EXPORTER_EVENT_LOOP_MONITOR_INTERVAL: '5ms' }, 'out of range'],
    [{ REDIS_EXPORTER_EVENT_LOOP_MONITOR_INTERVAL: '2m' }, 'out of range'],
    [
      { REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: 'ok:1,bad host' },
      'REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS',
    ],
  ])('rejects %j naming the variable', (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError)
    expect(() => parseConfig(env)).toThrow(name)
  })

  it('never echoes a bad password-bearing REDIS_ADDR back', () => {
    try {
      parseConfig({ REDIS_ADDR: 'http://user:hunter2@h' })
      expect.unreachable()
    } catch (err) {
      expect(String(err)).not.toContain('hunter2')
    }
  })

  it.each([
    [{ REDIS_ADDR: '' }, (c: ReturnType<typeof parseConfig>) => expect(c.target).toBeUndefined()],
    [
      { REDIS_EXPORTER_CONFIG_COMMAND: '-' },
      (c: ReturnType<typeof parseConfig>) => expect(c.configCommand).toBeUndefined(),
    ],
    [
      { REDIS_EXPORTER_CONFIG_COMMAND: 'xyzconfig' },
      (c: ReturnType<typeof parseConfig>) => expect(c.configCommand).toBe('xyzconfig'),
    ],
    [
      { REDIS_EXPORTER_WEB_LISTEN_ADDRESS: ':9200' },
      (c: ReturnType<typeof parseConfig>) =>
        expect([c.listenHost, c.listenPort]).toEqual(['0.0.0.0', 9200]),
    ],
    [
      { REDIS_EXPORTER_WEB_LISTEN_ADDRESS: '[::1]:9200' },
      (c: ReturnType<typeof parseConfig>) => expect(c.listenHost).toBe('::1'),
    ],
    [
      { REDIS_EXPORTER_SET_CLIENT_NAME: 'FALSE' },
      (c: ReturnType<typeof parseConfig>) => expect(c.setClientName).toBe(false),
    ],
    [
      { REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: ' *.cache.amazonaws.com:6379 , 10.0.0.5 ' },
      (c: ReturnType<typeof parseConfig>) =>
        expect(c.scrapeAllowedTargets).toEqual(['*.cache.amazonaws.com:6379', '10.0.0.5']),
    ],
    [
      { REDIS_USER: 'exporter', REDIS_PASSWORD: 'pw' },
      (c: ReturnType<typeof parseConfig>) =>
        expect([c.username, c.password]).toEqual(['exporter', 'pw']),
    ],
    [
      { REDIS_EXPORTER_PROTOCOL: '3' },
      (c: ReturnType<typeof parseConfig>) => expect(c.protocol).toBe(3),
    ],
    [
      { REDIS_EXPORTER_EVENT_LOOP_MONITOR_INTERVAL: '100ms' },
      (c: ReturnType<typeof parseConfig>) => expect(c.eventLoopMonitorSeconds).toBe(0.1),
    ],
    [
      { REDIS_EXPORTER_REDIS_CLIENT: 'ioredis' },
      (c: ReturnType<typeof parseConfig>) => expect(c.redisClient).toBe('ioredis'),
    ],
  ])('accepts %j', (env, check) => {
    check(parseConfig(env))
  })
})

/** Every variable parseConfig reads: the core settings, under each spelling the table accepts. */
const CORE_VARIABLES = [
  'REDIS_ADDR',
  'REDIS_USER',
  'REDIS_PASSWORD',
  'REDIS_EXPORTER_NAMESPACE',
  'REDIS_EXPORTER_WEB_LISTEN_ADDRESS',
  'REDIS_EXPORTER_WEB_TELEMETRY_PATH',
  'REDIS_EXPORTER_CONNECTION_TIMEOUT',
  'REDIS_EXPORTER_SCRAPE_TIMEOUT',
  'REDIS_EXPORTER_CONFIG_COMMAND',
  'REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL',
  'REDIS_EXPORTER_SET_CLIENT_NAME',
  'REDIS_EXPORTER_EXCLUDE_LATENCY_HISTOGRAM_METRICS',
  'REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL',
  'REDIS_EXPORTER_INCL_SYSTEM_METRICS',
  'REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES',
  'REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES',
  'REDIS_EXPORTER_REDIS_ONLY_METRICS',
  'REDIS_EXPORTER_EVENT_LOOP_MONITOR_INTERVAL',
  'REDIS_EXPORTER_REDIS_CLIENT',
  'REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT',
  'REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS',
  'REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS',
  'REDIS_EXPORTER_PROTOCOL',
  'REDIS_PASSWORD_FILE',
  'REDIS_PASSWORD_MAP',
  'REDIS_EXPORTER_RENAMED_COMMANDS',
  'REDIS_EXPORTER_DISABLED_COLLECTORS',
  'REDIS_EXPORTER_CAPABILITY_TTL',
  'REDIS_EXPORTER_MAX_CLIENTS',
  'REDIS_EXPORTER_TLS_CA_CERT_FILE',
  'REDIS_EXPORTER_TLS_CA_CERT',
  'REDIS_EXPORTER_TLS_CLIENT_CERT_FILE',
  'REDIS_EXPORTER_TLS_CLIENT_CERT',
  'REDIS_EXPORTER_TLS_CLIENT_KEY_FILE',
  'REDIS_EXPORTER_TLS_CLIENT_KEY',
  'REDIS_EXPORTER_TLS_SERVER_NAME',
  'REDIS_EXPORTER_SKIP_TLS_VERIFICATION',
  'REDIS_EXPORTER_CLUSTER_DISCOVER_HOSTNAMES',
  'REDIS_EXPORTER_CHECK_KEYS',
  'REDIS_EXPORTER_CHECK_SINGLE_KEYS',
  'REDIS_EXPORTER_CHECK_STREAMS',
  'REDIS_EXPORTER_CHECK_SINGLE_STREAMS',
  'REDIS_EXPORTER_STREAMS_EXCLUDE_CONSUMER_METRICS',
  'REDIS_EXPORTER_COUNT_KEYS',
  'REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE',
  'REDIS_EXPORTER_CHECK_KEY_GROUPS',
  'REDIS_EXPORTER_MAX_DISTINCT_KEY_GROUPS',
  'REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES',
  'REDIS_EXPORTER_SKIP_CHECKKEYS_FOR_ROLE_MASTER',
  'REDIS_EXPORTER_IS_CLUSTER',
  'REDIS_EXPORTER_KEY_CHECK_BUDGET',
  'REDIS_EXPORTER_KEY_CHECK_BUDGET_TIME',
  'REDIS_EXPORTER_SCRIPT',
  'REDIS_EXPORTER_SCRIPT_TEXT',
  'REDIS_EXPORTER_LUA_SCRIPT_READ_ONLY',
  'REDIS_EXPORTER_PING_ON_CONNECT',
  'REDIS_EXPORTER_EXPORT_CLIENT_LIST',
  'REDIS_EXPORTER_EXPORT_CLIENT_PORT',
  'REDIS_EXPORTER_INCL_CONFIG_METRICS',
  'REDIS_EXPORTER_REDACT_CONFIG_METRICS',
  'REDIS_EXPORTER_INCL_SENTINEL_PEER_INFO',
  'REDIS_EXPORTER_INCL_MODULES_METRICS',
  'REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS',
  'REDIS_EXPORTER_CHECK_SEARCH_INDEXES',
  'REDIS_EXPORTER_IS_TILE38',
  'REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL',
]

describe('the variables parseConfig reads', () => {
  it('are exactly the core settings of the table, under every accepted spelling', () => {
    expect(namesRead((env) => parseConfig(env))).toEqual([...CORE_VARIABLES].sort())
  })
})

describe('parseDuration', () => {
  it.each([
    ['5s', 5],
    ['500ms', 0.5],
    ['1m30s', 90],
    ['2', 2],
    ['0.25', 0.25],
  ])('reads %s as %d seconds', (raw, seconds) => {
    expect(parseDuration('X', raw, { min: 0, max: 1000 })).toBe(seconds)
  })
  it.each(['', 's', '5 s', '5x', '1e3', 'NaN'])('rejects %j', (raw) => {
    expect(() => parseDuration('X', raw, { min: 0, max: 1000 })).toThrow(ConfigError)
  })
})
