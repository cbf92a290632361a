import type { Collector } from './capabilities/collectors'
import { parseCollectorList } from './capabilities/collectors'
import type { RenameSettings } from './capabilities/renamed-commands'
import { parseRenamedCommands } from './capabilities/renamed-commands'
import { ConfigError } from './errors'
import type { KeyChecks, ScriptSource } from './keys/key-checks'
import { readKeyChecks } from './keys/key-checks'
import type { CollectorSettings } from './settings/collector-settings'
import { readCollectorSettings } from './settings/collector-settings'
import { parseDiscoveryNetworks } from './settings/discovery-networks'
import { quoted } from './settings/kinds'
import type { PasswordMap } from './settings/password-map'
import { readPasswordMap } from './settings/password-map'
import type { EnvRecord, SettingFiles, Settings } from './settings/read'
import { readSettings } from './settings/read'
import type { TlsSettings } from './settings/tls'
import { readTlsSettings } from './settings/tls'
import type { Target } from './target'
import { parseTargetSetting } from './target'
import { withSecretsRedacted } from './settings/secret-settings'

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
  /** How long INFO latencystats and LATENCY HISTOGRAM are reused per target, seconds; 0: never. */
  readonly latencyRefreshSeconds: number
  readonly includeSystemMetrics: boolean
  readonly includeMetricsForEmptyDatabases: boolean
  readonly redisOnlyMetrics: boolean
  /** REDIS_EXPORTER_EVENT_LOOP_MONITOR_INTERVAL: the event loop delay sampling of the process metrics (Node server). */
  readonly eventLoopMonitorSeconds: number
  readonly disableScrapeEndpoint: boolean
  /** Host patterns /scrape may reach (`host`, `host:port`, `*.suffix`, `*`). Empty: only REDIS_ADDR's host:port. */
  readonly scrapeAllowedTargets: readonly string[]
  /**
   * REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: CIDRs and `*.domain` patterns a discovered node may
   * be in, besides REDIS_ADDR and scrapeAllowedTargets (see discoveryScope). Empty: discovery adds
   * nothing else.
   */
  readonly discoveryAllowedNetworks: readonly string[]
  /** RESP protocol version spoken by TCP transports. */
  readonly protocol: 2 | 3
  /** REDIS_EXPORTER_REDIS_CLIENT: the Node server's Redis client (Lambda and Workers: always lean). */
  readonly redisClient: 'lean' | 'ioredis'
  /** REDIS_PASSWORD_FILE / REDIS_PASSWORD_MAP: passwords per target (and ACL user). */
  readonly passwordMap?: PasswordMap
  /** REDIS_EXPORTER_RENAMED_COMMANDS (CONFIG also from REDIS_EXPORTER_CONFIG_COMMAND). */
  readonly renamedCommands: RenameSettings
  /** Optional collectors turned off by REDIS_EXPORTER_DISABLED_COLLECTORS. */
  readonly disabledCollectors: readonly Collector[]
  /** REDIS_EXPORTER_MAX_CLIENTS: warm clients a process keeps (the ioredis pool's bound). */
  readonly maxClients: number
  /** How long a command found unavailable on a target is left out before it is probed again, seconds. */
  readonly capabilityTtlSeconds: number
  /** TLS options for rediss:// and valkeys:// targets. */
  readonly tls: TlsSettings
  /** /discover-cluster-nodes returns announced hostnames instead of IPs. */
  readonly clusterDiscoverHostnames: boolean
  /** Key, stream, key-group and script checks (REDIS_EXPORTER_CHECK_KEYS…, _SCRIPT). */
  readonly keyChecks: KeyChecks
  /** redis_exporter's opt-in collectors (client list, config metrics, modules, Sentinel peers...). */
  readonly collectors: CollectorSettings
}

export type { EnvRecord, SettingFiles } from './settings/read'
export { configSecrets } from './settings/secrets'
export { configWarnings } from './settings/warnings'
export { SECRET_VARIABLES, redactSecretSettings } from './settings/secret-settings'

const RESERVED_PATHS = ['/', '/scrape', '/health', '/discover-cluster-nodes']

/**
 * Pure: reads a plain record (process.env or a Worker's env) through the settings table and
 * validates every value once. `files` holds the contents of the `file` settings when the runtime
 * can read files (functions/node-secrets.ts); lib/ itself never touches the file system.
 */
export function parseConfig(
  env: EnvRecord,
  files: SettingFiles = {},
  scripts?: readonly ScriptSource[]
): Config {
  return withSecretsRedacted(env, () => readConfig(env, files, scripts))
}

function readConfig(
  env: EnvRecord,
  files: SettingFiles,
  scripts: readonly ScriptSource[] | undefined
): Config {
  const s = readSettings(env, { files })
  if (s.isSet('REDIS_EXPORTER_SCRIPT') && scripts === undefined) {
    throw new ConfigError(
      'REDIS_EXPORTER_SCRIPT: this runtime cannot read files; put the scripts in REDIS_EXPORTER_SCRIPT_TEXT instead'
    )
  }
  const addr = s.text('REDIS_ADDR')
  const target = addr === '' ? undefined : parseTargetSetting('REDIS_ADDR', addr)
  const username = s.text('REDIS_USER') || undefined
  const password = s.text('REDIS_PASSWORD') || undefined
  const { host: listenHost, port: listenPort } = parseListenAddress(
    s.text('REDIS_EXPORTER_WEB_LISTEN_ADDRESS')
  )
  const passwordMap = readPasswordMap(s, env)
  const { configCommand, renamedCommands } = readCommandNames(s)
  return {
    ...(target ? { target } : {}),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    namespace: checkNamespace(s.text('REDIS_EXPORTER_NAMESPACE')),
    listenHost,
    listenPort,
    telemetryPath: checkTelemetryPath(s.text('REDIS_EXPORTER_WEB_TELEMETRY_PATH')),
    connectTimeoutSeconds: s.duration('REDIS_EXPORTER_CONNECTION_TIMEOUT'),
    scrapeTimeoutSeconds: s.duration('REDIS_EXPORTER_SCRAPE_TIMEOUT'),
    ...(configCommand === undefined ? {} : { configCommand }),
    configRefreshSeconds: s.duration('REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL'),
    setClientName: s.bool('REDIS_EXPORTER_SET_CLIENT_NAME'),
    excludeLatencyHistogramMetrics: s.bool('REDIS_EXPORTER_EXCLUDE_LATENCY_HISTOGRAM_METRICS'),
    latencyRefreshSeconds: s.duration('REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL'),
    includeSystemMetrics: s.bool('REDIS_EXPORTER_INCL_SYSTEM_METRICS'),
    includeMetricsForEmptyDatabases: s.bool('REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES'),
    redisOnlyMetrics: s.bool('REDIS_EXPORTER_REDIS_ONLY_METRICS'),
    eventLoopMonitorSeconds: s.duration('REDIS_EXPORTER_EVENT_LOOP_MONITOR_INTERVAL'),
    disableScrapeEndpoint: s.bool('REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT'),
    scrapeAllowedTargets: checkAllowedTargets(s.list('REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS')),
    discoveryAllowedNetworks: parseDiscoveryNetworks(
      (s.list('REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS') ?? []).join(',')
    ),
    protocol: s.enumValue('REDIS_EXPORTER_PROTOCOL') === '3' ? 3 : 2,
    redisClient: s.enumValue('REDIS_EXPORTER_REDIS_CLIENT') === 'ioredis' ? 'ioredis' : 'lean',
    ...(passwordMap ? { passwordMap } : {}),
    renamedCommands,
    disabledCollectors: parseCollectorList(
      'REDIS_EXPORTER_DISABLED_COLLECTORS',
      (s.list('REDIS_EXPORTER_DISABLED_COLLECTORS') ?? []).join(',')
    ),
    capabilityTtlSeconds: s.duration('REDIS_EXPORTER_CAPABILITY_TTL'),
    maxClients: s.int('REDIS_EXPORTER_MAX_CLIENTS'),
    tls: readTlsSettings(s),
    clusterDiscoverHostnames: s.bool('REDIS_EXPORTER_CLUSTER_DISCOVER_HOSTNAMES'),
    keyChecks: readKeyChecks(s, scripts ?? []),
    collectors: readCollectorSettings(s),
  }
}

function checkNamespace(namespace: string): string {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(namespace)) {
    throw new ConfigError(
      `REDIS_EXPORTER_NAMESPACE: ${quoted(namespace)}is not a valid metric prefix (expected letters, digits and _ , e.g. redis)`
    )
  }
  return namespace
}

function checkTelemetryPath(path: string): string {
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path) || RESERVED_PATHS.includes(path)) {
    throw new ConfigError(
      `REDIS_EXPORTER_WEB_TELEMETRY_PATH: ${quoted(path)}must be a path starting with / and other than ${RESERVED_PATHS.join(', ')} (e.g. /metrics)`
    )
  }
  return path
}

function checkAllowedTargets(list: readonly string[] = []): string[] {
  const allowed = list.map((s) => s.toLowerCase())
  for (const pattern of allowed) {
    if (!/^(\*|(\*\.)?[a-z0-9._-]+|\[[0-9a-f:.]+\])(:(\d{1,5}|\*))?$/.test(pattern)) {
      throw new ConfigError(
        `REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: ${quoted(pattern)}is not a host pattern (expected host, host:port, *.domain, [ipv6]:port or *)`
      )
    }
  }
  return allowed
}

/**
 * REDIS_EXPORTER_CONFIG_COMMAND and REDIS_EXPORTER_RENAMED_COMMANDS merged into one CONFIG name
 * (undefined: never send CONFIG); setting both to different names is an error.
 */
function readCommandNames(s: Settings): {
  configCommand: string | undefined
  renamedCommands: RenameSettings
} {
  const raw = s.text('REDIS_EXPORTER_CONFIG_COMMAND')
  if (raw !== '-' && !/^[A-Za-z0-9_\-.:]{1,64}$/.test(raw)) {
    throw new ConfigError(
      `REDIS_EXPORTER_CONFIG_COMMAND: ${quoted(raw)}is not a command name (expected e.g. CONFIG, a renamed command, or - to never send CONFIG)`
    )
  }
  const renamed = parseRenamedCommands(
    'REDIS_EXPORTER_RENAMED_COMMANDS',
    s.text('REDIS_EXPORTER_RENAMED_COMMANDS') ?? ''
  )
  const renamedConfig = renamed.all['CONFIG']
  if (
    renamedConfig !== undefined &&
    s.isSet('REDIS_EXPORTER_CONFIG_COMMAND') &&
    raw !== (renamedConfig ?? '-')
  ) {
    throw new ConfigError(
      'REDIS_EXPORTER_CONFIG_COMMAND and the CONFIG entry of REDIS_EXPORTER_RENAMED_COMMANDS disagree; set only one of them'
    )
  }
  const byConfigCommand = raw === '-' ? undefined : raw
  const configCommand = renamedConfig === undefined ? byConfigCommand : (renamedConfig ?? undefined)
  return {
    configCommand,
    renamedCommands: {
      all: { ...renamed.all, CONFIG: configCommand ?? null },
      byTarget: renamed.byTarget,
    },
  }
}

/** `host:port`, `:port` or `[v6]:port`, like redis_exporter's -web.listen-address. */
export function parseListenAddress(raw: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9._-]*):(\d{1,5})$/.exec(raw.trim())
  const port = m ? Number(m[2]) : NaN
  if (!m || !Number.isInteger(port) || port > 65535) {
    throw new ConfigError(
      `REDIS_EXPORTER_WEB_LISTEN_ADDRESS: ${quoted(raw)}is not host:port (expected e.g. 0.0.0.0:9121 or :9121)`
    )
  }
  const host = m[1] === '' ? '0.0.0.0' : m[1]!.replace(/^\[(.*)\]$/, '$1')
  return { host, port }
}
