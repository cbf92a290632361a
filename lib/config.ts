import type { Collector } from './capabilities/collectors'
import { parseCollectorList } from './capabilities/collectors'
import type { RenameSettings } from './capabilities/renamed-commands'
import { parseRenamedCommands } from './capabilities/renamed-commands'
import { ConfigError } from './errors'
import type { PasswordMap } from './settings/password-map'
import { readPasswordMap } from './settings/password-map'
import { withSecretsRedacted } from './settings/secret-settings'
import type { TlsSettings } from './settings/tls'
import { readTlsSettings } from './settings/tls'
import type { Target } from './target'
import { parseTargetSetting } from './target'

export type EnvRecord = Readonly<Record<string, string | undefined>>

export interface Config {
  /** REDIS_ADDR; undefined when set to "" (then only /scrape serves targets). */
  readonly target?: Target
  /** REDIS_USER / REDIS_PASSWORD: used when the target URL carries none; /scrape targets always use these. */
  readonly username?: string
  readonly password?: string
  readonly namespace: string
  readonly listenHost: string
  readonly listenPort: number
  readonly telemetryPath: string
  /** Connect timeout (dial + TLS + AUTH), seconds. */
  readonly connectTimeoutSeconds: number
  /** Upper bound of one whole scrape, seconds; a Prometheus scrape-timeout header can only lower it. */
  readonly scrapeTimeoutSeconds: number
  /** Name of the CONFIG command, or undefined when CONFIG must never be sent ("-"). */
  readonly configCommand?: string
  /** How long CONFIG GET values are reused on one connection before they are asked again, seconds. */
  readonly configRefreshSeconds: number
  readonly setClientName: boolean
  readonly excludeLatencyHistogramMetrics: boolean
  readonly includeSystemMetrics: boolean
  readonly includeMetricsForEmptyDatabases: boolean
  readonly redisOnlyMetrics: boolean
  readonly disableScrapeEndpoint: boolean
  /** Host patterns /scrape may reach (`host`, `host:port`, `*.suffix`, `*`). Empty: only REDIS_ADDR's host:port. */
  readonly scrapeAllowedTargets: readonly string[]
  /** RESP protocol version spoken by TCP transports. */
  readonly protocol: 2 | 3
  /** REDIS_PASSWORD_FILE / REDIS_PASSWORD_MAP: passwords per target (and ACL user). */
  readonly passwordMap?: PasswordMap
  /** REDIS_EXPORTER_RENAMED_COMMANDS (CONFIG also from REDIS_EXPORTER_CONFIG_COMMAND). */
  readonly renamedCommands: RenameSettings
  /** Optional collectors turned off by REDIS_EXPORTER_DISABLED_COLLECTORS. */
  readonly disabledCollectors: readonly Collector[]
  /** How long a command found unavailable on a target is left out before it is probed again, seconds. */
  readonly capabilityTtlSeconds: number
  /** TLS options for rediss:// and valkeys:// targets. */
  readonly tls: TlsSettings
  /** /discover-cluster-nodes returns announced hostnames instead of IPs. */
  readonly clusterDiscoverHostnames: boolean
}

const DEFAULTS = {
  REDIS_ADDR: 'redis://localhost:6379',
  REDIS_EXPORTER_NAMESPACE: 'redis',
  REDIS_EXPORTER_WEB_LISTEN_ADDRESS: '0.0.0.0:9121',
  REDIS_EXPORTER_WEB_TELEMETRY_PATH: '/metrics',
  REDIS_EXPORTER_CONNECTION_TIMEOUT: '5s',
  REDIS_EXPORTER_SCRAPE_TIMEOUT: '9s',
  REDIS_EXPORTER_CONFIG_COMMAND: 'CONFIG',
  REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL: '5m',
  REDIS_EXPORTER_PROTOCOL: '2',
  REDIS_EXPORTER_CAPABILITY_TTL: '10m',
} as const

/** Every setting this function reads, for the README table test. */
export const CONFIG_VARIABLES = [
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
  'REDIS_EXPORTER_INCL_SYSTEM_METRICS',
  'REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES',
  'REDIS_EXPORTER_REDIS_ONLY_METRICS',
  'REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT',
  'REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS',
  'REDIS_EXPORTER_PROTOCOL',
  'REDIS_PASSWORD_FILE',
  'REDIS_PASSWORD_MAP',
  'REDIS_EXPORTER_RENAMED_COMMANDS',
  'REDIS_EXPORTER_DISABLED_COLLECTORS',
  'REDIS_EXPORTER_CAPABILITY_TTL',
  'REDIS_EXPORTER_TLS_CA_CERT_FILE',
  'REDIS_EXPORTER_TLS_CA_CERT',
  'REDIS_EXPORTER_TLS_CLIENT_CERT_FILE',
  'REDIS_EXPORTER_TLS_CLIENT_CERT',
  'REDIS_EXPORTER_TLS_CLIENT_KEY_FILE',
  'REDIS_EXPORTER_TLS_CLIENT_KEY',
  'REDIS_EXPORTER_TLS_SERVER_NAME',
  'REDIS_EXPORTER_SKIP_TLS_VERIFICATION',
  'REDIS_EXPORTER_CLUSTER_DISCOVER_HOSTNAMES',
] as const

/** Settings that name a file; a runtime that can read files passes their contents to parseConfig. */
export const FILE_VARIABLES = [
  'REDIS_PASSWORD_FILE',
  'REDIS_EXPORTER_TLS_CA_CERT_FILE',
  'REDIS_EXPORTER_TLS_CLIENT_CERT_FILE',
  'REDIS_EXPORTER_TLS_CLIENT_KEY_FILE',
] as const

/** Contents of FILE_VARIABLES, keyed by the variable, as read by the runtime (functions/). */
export type SettingFiles = Readonly<Partial<Record<(typeof FILE_VARIABLES)[number], string>>>

export { configSecrets, configWarnings } from './settings/report'
export { SECRET_VARIABLES, redactSecretSettings } from './settings/secret-settings'

const RESERVED_PATHS = ['/', '/scrape', '/health', '/discover-cluster-nodes']

/**
 * Pure: reads a plain record (process.env or a Worker's env) and validates every value once.
 * `files` holds the contents of the `_FILE` settings when the runtime can read files
 * (functions/node-secrets.ts); lib/ itself never touches the file system. A ConfigError names
 * the variable and never carries a secret (URL passwords and the secret settings' values).
 */
export function parseConfig(env: EnvRecord, files: SettingFiles = {}): Config {
  return withSecretsRedacted(env, () => readConfig(env, files))
}

function readConfig(env: EnvRecord, files: SettingFiles): Config {
  const get = (name: string): string | undefined => {
    const v = env[name]
    return v === undefined ? undefined : v.trim()
  }
  const addr = get('REDIS_ADDR') ?? DEFAULTS.REDIS_ADDR
  const target = addr === '' ? undefined : parseTargetSetting('REDIS_ADDR', addr)

  const namespace = get('REDIS_EXPORTER_NAMESPACE') ?? DEFAULTS.REDIS_EXPORTER_NAMESPACE
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(namespace)) {
    throw new ConfigError(
      `REDIS_EXPORTER_NAMESPACE: "${namespace}" is not a valid metric prefix (expected letters, digits and _ , e.g. redis)`
    )
  }

  const { host: listenHost, port: listenPort } = parseListenAddress(
    get('REDIS_EXPORTER_WEB_LISTEN_ADDRESS') ?? DEFAULTS.REDIS_EXPORTER_WEB_LISTEN_ADDRESS
  )

  const telemetryPath =
    get('REDIS_EXPORTER_WEB_TELEMETRY_PATH') ?? DEFAULTS.REDIS_EXPORTER_WEB_TELEMETRY_PATH
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(telemetryPath) || RESERVED_PATHS.includes(telemetryPath)) {
    throw new ConfigError(
      `REDIS_EXPORTER_WEB_TELEMETRY_PATH: "${telemetryPath}" must be a path starting with / and other than ${RESERVED_PATHS.join(', ')} (e.g. /metrics)`
    )
  }

  const connectTimeoutSeconds = parseDuration(
    'REDIS_EXPORTER_CONNECTION_TIMEOUT',
    get('REDIS_EXPORTER_CONNECTION_TIMEOUT') ?? DEFAULTS.REDIS_EXPORTER_CONNECTION_TIMEOUT,
    { min: 0.01, max: 120 }
  )
  const scrapeTimeoutSeconds = parseDuration(
    'REDIS_EXPORTER_SCRAPE_TIMEOUT',
    get('REDIS_EXPORTER_SCRAPE_TIMEOUT') ?? DEFAULTS.REDIS_EXPORTER_SCRAPE_TIMEOUT,
    { min: 0.05, max: 300 }
  )
  const configRefreshSeconds = parseDuration(
    'REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL',
    get('REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL') ??
      DEFAULTS.REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL,
    { min: 0, max: 86400 }
  )

  const configCommandRaw =
    get('REDIS_EXPORTER_CONFIG_COMMAND') ?? DEFAULTS.REDIS_EXPORTER_CONFIG_COMMAND
  if (configCommandRaw !== '-' && !/^[A-Za-z0-9_\-.:]{1,64}$/.test(configCommandRaw)) {
    throw new ConfigError(
      `REDIS_EXPORTER_CONFIG_COMMAND: "${configCommandRaw}" is not a command name (expected e.g. CONFIG, a renamed command, or - to never send CONFIG)`
    )
  }

  const protocolRaw = get('REDIS_EXPORTER_PROTOCOL') ?? DEFAULTS.REDIS_EXPORTER_PROTOCOL
  if (protocolRaw !== '2' && protocolRaw !== '3') {
    throw new ConfigError(`REDIS_EXPORTER_PROTOCOL: "${protocolRaw}" must be 2 or 3 (RESP version)`)
  }

  const allowed = (get('REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '')
  for (const pattern of allowed) {
    if (!/^(\*|(\*\.)?[a-z0-9._-]+|\[[0-9a-f:.]+\])(:(\d{1,5}|\*))?$/.test(pattern)) {
      throw new ConfigError(
        `REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: "${pattern}" is not a host pattern (expected host, host:port, *.domain, [ipv6]:port or *)`
      )
    }
  }

  const username = get('REDIS_USER') || undefined
  const password = env['REDIS_PASSWORD'] || undefined
  const passwordMap = readPasswordMap(env, files)

  const renamedCommands = parseRenamedCommands(
    'REDIS_EXPORTER_RENAMED_COMMANDS',
    get('REDIS_EXPORTER_RENAMED_COMMANDS') ?? ''
  )
  const renamedConfig = renamedCommands.all['CONFIG']
  const configCommandSet = get('REDIS_EXPORTER_CONFIG_COMMAND')
  if (
    renamedConfig !== undefined &&
    configCommandSet &&
    configCommandSet !== (renamedConfig ?? '-')
  ) {
    throw new ConfigError(
      'REDIS_EXPORTER_CONFIG_COMMAND and the CONFIG entry of REDIS_EXPORTER_RENAMED_COMMANDS disagree; set only one of them'
    )
  }
  const configCommand =
    renamedConfig === undefined
      ? configCommandRaw === '-'
        ? undefined
        : configCommandRaw
      : (renamedConfig ?? undefined)

  const capabilityTtlSeconds = parseDuration(
    'REDIS_EXPORTER_CAPABILITY_TTL',
    get('REDIS_EXPORTER_CAPABILITY_TTL') ?? DEFAULTS.REDIS_EXPORTER_CAPABILITY_TTL,
    { min: 10, max: 7 * 86400 }
  )

  const tls = readTlsSettings(
    get,
    files,
    parseBool(env, 'REDIS_EXPORTER_SKIP_TLS_VERIFICATION', false)
  )
  return {
    ...(target ? { target } : {}),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    namespace,
    listenHost,
    listenPort,
    telemetryPath,
    connectTimeoutSeconds,
    scrapeTimeoutSeconds,
    ...(configCommand === undefined ? {} : { configCommand }),
    configRefreshSeconds,
    setClientName: parseBool(env, 'REDIS_EXPORTER_SET_CLIENT_NAME', true),
    excludeLatencyHistogramMetrics: parseBool(
      env,
      'REDIS_EXPORTER_EXCLUDE_LATENCY_HISTOGRAM_METRICS',
      false
    ),
    includeSystemMetrics: parseBool(env, 'REDIS_EXPORTER_INCL_SYSTEM_METRICS', false),
    includeMetricsForEmptyDatabases: parseBool(
      env,
      'REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES',
      true
    ),
    redisOnlyMetrics: parseBool(env, 'REDIS_EXPORTER_REDIS_ONLY_METRICS', false),
    disableScrapeEndpoint: parseBool(env, 'REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT', false),
    scrapeAllowedTargets: allowed,
    protocol: protocolRaw === '3' ? 3 : 2,
    ...(passwordMap ? { passwordMap } : {}),
    renamedCommands: {
      all: { ...renamedCommands.all, CONFIG: configCommand ?? null },
      byTarget: renamedCommands.byTarget,
    },
    disabledCollectors: parseCollectorList(
      'REDIS_EXPORTER_DISABLED_COLLECTORS',
      get('REDIS_EXPORTER_DISABLED_COLLECTORS') ?? ''
    ),
    capabilityTtlSeconds,
    tls,
    clusterDiscoverHostnames: parseBool(env, 'REDIS_EXPORTER_CLUSTER_DISCOVER_HOSTNAMES', false),
  }
}

const TRUE = new Set(['1', 't', 'true', 'yes', 'on'])
const FALSE = new Set(['0', 'f', 'false', 'no', 'off'])

/** Go's ParseBool spellings (plus yes/no, on/off); anything else is a startup error, not a silent default. */
export function parseBool(env: EnvRecord, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  const v = raw.toLowerCase()
  if (TRUE.has(v)) return true
  if (FALSE.has(v)) return false
  throw new ConfigError(`${name}: "${raw}" is not a boolean (expected true or false)`)
}

const UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 }

/** Go-style durations (`500ms`, `5s`, `1m30s`) or a bare number of seconds. Returns seconds. */
export function parseDuration(
  name: string,
  raw: string,
  bounds: { min: number; max: number }
): number {
  const text = raw.trim()
  let seconds: number | undefined
  if (/^\d+(\.\d+)?$/.test(text)) {
    seconds = Number(text)
  } else if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) {
    seconds = 0
    for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
      seconds += Number(m[1]) * (UNITS[m[2]!] ?? 0)
    }
  }
  if (seconds === undefined || !Number.isFinite(seconds)) {
    throw new ConfigError(`${name}: "${raw}" is not a duration (expected e.g. 500ms, 5s or 1m)`)
  }
  if (seconds < bounds.min || seconds > bounds.max) {
    throw new ConfigError(
      `${name}: ${raw} is out of range (expected between ${bounds.min}s and ${bounds.max}s)`
    )
  }
  return seconds
}

/** `host:port`, `:port` or `[v6]:port`, like redis_exporter's -web.listen-address. */
export function parseListenAddress(raw: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9._-]*):(\d{1,5})$/.exec(raw.trim())
  const port = m ? Number(m[2]) : NaN
  if (!m || !Number.isInteger(port) || port > 65535) {
    throw new ConfigError(
      `REDIS_EXPORTER_WEB_LISTEN_ADDRESS: "${raw}" is not host:port (expected e.g. 0.0.0.0:9121 or :9121)`
    )
  }
  const host = m[1] === '' ? '0.0.0.0' : m[1]!.replace(/^\[(.*)\]$/, '$1')
  return { host, port }
}
