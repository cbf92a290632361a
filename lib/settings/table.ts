/**
 * Every environment variable the exporter reads, declared once: parsing (read.ts), startup
 * warnings (warnings.ts) and docs/configuration.md (`npm run docs`) all come from these rows.
 * Each row's one-line description is in docs.ts, keyed by the same name (the compiler insists on
 * one per row): it is only for documentation, so it stays out of the runtime bundles.
 * Adding a setting = one row here + its description + its use + one test line.
 */

export type SettingKind =
  'string' | 'bool' | 'duration' | 'int' | 'list' | 'url' | 'json' | 'file' | 'enum'

export type Runtime = 'node' | 'lambda-scrape' | 'lambda-push' | 'worker'

export const RUNTIMES: readonly Runtime[] = ['node', 'lambda-scrape', 'lambda-push', 'worker']

export interface SettingRow {
  /** The canonical spelling (redis_exporter's, when it has the setting). */
  readonly name: string
  readonly kind: SettingKind
  /** As a user writes it: '5s', 'true', 'redis://localhost:6379'. Upstream's for unsupported rows. */
  readonly default?: string
  /** int: the value; duration: seconds. */
  readonly min?: number
  readonly max?: number
  /** enum: the accepted values (case-insensitive). */
  readonly values?: readonly string[]
  /** int, enum: what the value is, for errors ("a number of retries", "a mode"). */
  readonly what?: string
  /** Never printed, never echoed in an error. */
  readonly secret?: boolean
  /**
   * Not a secret, but may also be read at run time from `<NAME>_SSM` / `<NAME>_SECRET_ARN` (as
   * the secrets are): a value too long for the function environment. Plaintext stays allowed.
   */
  readonly byReference?: boolean
  /** Taken as written, not trimmed: a password may start or end with a space. */
  readonly verbatim?: boolean
  /** Where it means something; [] for unsupported rows. */
  readonly runtimes: readonly Runtime[]
  /** redis_exporter's flag name, e.g. 'connection-timeout'. */
  readonly flag?: string
  /** Other accepted spellings (ours earlier); using one is warned about at startup. */
  readonly aliases?: readonly string[]
  /** Only when our default deliberately differs from redis_exporter's. */
  readonly upstreamDefault?: string
  /** A redis_exporter setting this exporter does not implement (yet): the reason. Never read. */
  readonly unsupported?: string
  /** Why the setting means nothing on the runtimes it is not used on (for the startup warning). */
  readonly elsewhere?: string
  /** Set by the platform or shared with other tools (the AWS SDK's variables): never warned about. */
  readonly platform?: boolean
}

export interface SettingGroup {
  readonly title: string
  readonly rows: readonly SettingRow[]
}

const ALL = ['node', 'lambda-scrape', 'lambda-push', 'worker'] as const
/** Where an HTTP endpoint serves /metrics. */
const SERVE = ['node', 'lambda-scrape', 'worker'] as const
/** Where targets are pushed on a schedule. */
const PUSH = ['lambda-push', 'worker'] as const
const NODE = ['node'] as const
const WORKER = ['worker'] as const
const NONE = [] as const
/** Both Lambda functions. */
const LAMBDA = ['lambda-scrape', 'lambda-push'] as const
const LAMBDA_SCRAPE = ['lambda-scrape'] as const
const LAMBDA_PUSH = ['lambda-push'] as const

const PLATFORM_HTTPS = 'Lambda Function URLs and Workers serve HTTPS themselves'
const PLATFORM_LOGS = 'Lambda and Workers always log JSON lines for their log services'

/** The settings, grouped as docs/configuration.md shows them. One row per line. */
// prettier-ignore
export const SETTING_GROUPS = [
  { title: 'Connection', rows: [
    { name: 'REDIS_ADDR', kind: 'url', default: 'redis://localhost:6379', runtimes: ALL, flag: 'redis.addr' },
    { name: 'REDIS_USER', kind: 'string', runtimes: ALL, flag: 'redis.user' },
    { name: 'REDIS_PASSWORD', kind: 'string', secret: true, verbatim: true, runtimes: ALL, flag: 'redis.password' },
    { name: 'REDIS_PASSWORD_FILE', kind: 'file', runtimes: NODE, flag: 'redis.password-file' },
    { name: 'REDIS_PASSWORD_MAP', kind: 'json', secret: true, runtimes: ALL },
    { name: 'REDIS_EXPORTER_CONNECTION_TIMEOUT', kind: 'duration', default: '5s', upstreamDefault: '15s', min: 0.01, max: 120, runtimes: ALL, flag: 'connection-timeout' },
    { name: 'REDIS_EXPORTER_SCRAPE_TIMEOUT', kind: 'duration', default: '9s', min: 0.05, max: 300, runtimes: ALL },
    { name: 'REDIS_EXPORTER_SET_CLIENT_NAME', kind: 'bool', default: 'true', runtimes: ALL, flag: 'set-client-name' },
    { name: 'REDIS_EXPORTER_PROTOCOL', kind: 'enum', default: '2', values: ['2', '3'], what: 'a RESP version', runtimes: ALL },
    { name: 'REDIS_EXPORTER_REDIS_CLIENT', kind: 'enum', default: 'lean', values: ['lean', 'ioredis'], what: 'a Redis client', runtimes: NODE, elsewhere: 'Lambda and Workers always use the lean client' },
    { name: 'REDIS_EXPORTER_CONFIG_COMMAND', kind: 'string', default: 'CONFIG', runtimes: ALL, flag: 'config-command' },
    { name: 'REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL', kind: 'duration', default: '5m', min: 0, max: 86400, runtimes: ALL },
    { name: 'REDIS_EXPORTER_MAX_CLIENTS', kind: 'int', default: '64', min: 1, max: 10000, what: 'a number of clients', runtimes: ['node', 'lambda-scrape', 'lambda-push'], elsewhere: 'a Worker opens its connections per request and closes them after' },
  ] },
  { title: 'TLS to Redis (`rediss://`, `valkeys://` targets)', rows: [
    { name: 'REDIS_EXPORTER_TLS_CA_CERT_FILE', kind: 'file', runtimes: NODE, flag: 'tls-ca-cert-file' },
    { name: 'REDIS_EXPORTER_TLS_CA_CERT', kind: 'string', runtimes: ALL },
    { name: 'REDIS_EXPORTER_TLS_CLIENT_CERT_FILE', kind: 'file', runtimes: NODE, flag: 'tls-client-cert-file' },
    { name: 'REDIS_EXPORTER_TLS_CLIENT_CERT', kind: 'string', runtimes: ALL },
    { name: 'REDIS_EXPORTER_TLS_CLIENT_KEY_FILE', kind: 'file', runtimes: NODE, flag: 'tls-client-key-file' },
    { name: 'REDIS_EXPORTER_TLS_CLIENT_KEY', kind: 'string', secret: true, runtimes: ALL },
    { name: 'REDIS_EXPORTER_TLS_SERVER_NAME', kind: 'string', runtimes: ALL, flag: 'tls-server-name' },
    { name: 'REDIS_EXPORTER_SKIP_TLS_VERIFICATION', kind: 'bool', default: 'false', runtimes: ALL, flag: 'skip-tls-verification' },
  ] },
  { title: 'HTTP server and authentication', rows: [
    { name: 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS', kind: 'string', default: '0.0.0.0:9121', upstreamDefault: ':9121', runtimes: NODE, flag: 'web.listen-address' },
    { name: 'REDIS_EXPORTER_WEB_TELEMETRY_PATH', kind: 'string', default: '/metrics', runtimes: SERVE, flag: 'web.telemetry-path' },
    { name: 'REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT', kind: 'bool', default: 'false', runtimes: SERVE, flag: 'disable-scrape-endpoint' },
    { name: 'REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS', kind: 'list', runtimes: SERVE },
    { name: 'REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS', kind: 'list', runtimes: ALL },
    { name: 'REDIS_EXPORTER_BASIC_AUTH_USERNAME', kind: 'string', verbatim: true, runtimes: SERVE, flag: 'basic-auth-username' },
    { name: 'REDIS_EXPORTER_BASIC_AUTH_PASSWORD', kind: 'string', secret: true, verbatim: true, runtimes: SERVE, flag: 'basic-auth-password' },
    { name: 'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD', kind: 'string', secret: true, verbatim: true, runtimes: SERVE, flag: 'basic-auth-hash-password' },
    { name: 'REDIS_EXPORTER_TLS_SERVER_CERT_FILE', kind: 'file', runtimes: NODE, flag: 'tls-server-cert-file', elsewhere: PLATFORM_HTTPS },
    { name: 'REDIS_EXPORTER_TLS_SERVER_KEY_FILE', kind: 'file', runtimes: NODE, flag: 'tls-server-key-file', elsewhere: PLATFORM_HTTPS },
    { name: 'REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE', kind: 'file', runtimes: NODE, flag: 'tls-server-ca-cert-file', elsewhere: PLATFORM_HTTPS },
    { name: 'REDIS_EXPORTER_TLS_SERVER_MIN_VERSION', kind: 'enum', default: 'TLS1.2', values: ['TLS1.0', 'TLS1.1', 'TLS1.2', 'TLS1.3'], what: 'a TLS version', runtimes: NODE, flag: 'tls-server-min-version', elsewhere: PLATFORM_HTTPS },
    { name: 'REDIS_EXPORTER_BEARER_TOKEN', kind: 'string', secret: true, runtimes: SERVE },
    { name: 'REDIS_EXPORTER_ALLOW_UNAUTHENTICATED', kind: 'bool', default: 'false', runtimes: ['lambda-scrape', 'worker'] },
  ] },
  { title: 'Metrics selection', rows: [
    { name: 'REDIS_EXPORTER_NAMESPACE', kind: 'string', default: 'redis', runtimes: ALL, flag: 'namespace' },
    { name: 'REDIS_EXPORTER_REDIS_ONLY_METRICS', kind: 'bool', default: 'false', runtimes: SERVE, flag: 'redis-only-metrics' },
    { name: 'REDIS_EXPORTER_EVENT_LOOP_MONITOR_INTERVAL', kind: 'duration', default: '1s', min: 0.01, max: 60, runtimes: NODE, elsewhere: 'only the Node server exports Node process metrics' },
    { name: 'REDIS_EXPORTER_INCL_SYSTEM_METRICS', kind: 'bool', default: 'false', runtimes: ALL, flag: 'include-system-metrics' },
    { name: 'REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES', kind: 'bool', default: 'true', aliases: ['REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES'], runtimes: ALL, flag: 'include-metrics-for-empty-databases' },
    { name: 'REDIS_EXPORTER_EXCLUDE_LATENCY_HISTOGRAM_METRICS', kind: 'bool', default: 'false', runtimes: ALL, flag: 'exclude-latency-histogram-metrics' },
    { name: 'REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL', kind: 'duration', default: '30s', min: 0, max: 3600, runtimes: ALL },
  ] },
  { title: 'Optional collectors (redis_exporter opt-ins)', rows: [
    { name: 'REDIS_EXPORTER_PING_ON_CONNECT', kind: 'bool', default: 'false', runtimes: ALL, flag: 'ping-on-connect' },
    { name: 'REDIS_EXPORTER_EXPORT_CLIENT_LIST', kind: 'bool', default: 'false', runtimes: ALL, flag: 'export-client-list' },
    { name: 'REDIS_EXPORTER_EXPORT_CLIENT_PORT', kind: 'bool', default: 'false', runtimes: ALL, flag: 'export-client-port' },
    { name: 'REDIS_EXPORTER_INCL_CONFIG_METRICS', kind: 'bool', default: 'false', runtimes: ALL, flag: 'include-config-metrics' },
    { name: 'REDIS_EXPORTER_REDACT_CONFIG_METRICS', kind: 'bool', default: 'true', runtimes: ALL, flag: 'redact-config-metrics' },
    { name: 'REDIS_EXPORTER_INCL_SENTINEL_PEER_INFO', kind: 'bool', default: 'false', runtimes: ALL, flag: 'include-sentinel-peer-info' },
    { name: 'REDIS_EXPORTER_INCL_MODULES_METRICS', kind: 'bool', default: 'false', runtimes: ALL, flag: 'include-modules-metrics' },
    { name: 'REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS', kind: 'bool', default: 'false', runtimes: ALL, flag: 'include-search-indexes-metrics' },
    { name: 'REDIS_EXPORTER_CHECK_SEARCH_INDEXES', kind: 'string', default: '.*', runtimes: ALL, flag: 'check-search-indexes' },
    { name: 'REDIS_EXPORTER_IS_TILE38', kind: 'bool', default: 'false', runtimes: ALL, flag: 'is-tile38' },
    { name: 'REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL', kind: 'bool', default: 'false', runtimes: ALL, flag: 'append-instance-role-label' },
  ] },
  { title: 'Managed Redis', rows: [
    { name: 'REDIS_EXPORTER_RENAMED_COMMANDS', kind: 'string', runtimes: ALL },
    { name: 'REDIS_EXPORTER_DISABLED_COLLECTORS', kind: 'list', runtimes: ALL },
    { name: 'REDIS_EXPORTER_CAPABILITY_TTL', kind: 'duration', default: '10m', min: 10, max: 604800, runtimes: ALL },
  ] },
  { title: 'Discovery', rows: [
    { name: 'REDIS_EXPORTER_CLUSTER_DISCOVER_HOSTNAMES', kind: 'bool', default: 'false', runtimes: ALL, flag: 'cluster-discover-hostnames' },
  ] },
  { title: 'Push (Lambda push function, Workers cron)', rows: [
    { name: 'REDIS_EXPORTER_TARGETS', kind: 'string', byReference: true, runtimes: PUSH },
    { name: 'REDIS_EXPORTER_PUSH_SINKS', kind: 'list', runtimes: PUSH },
    { name: 'REDIS_EXPORTER_PUSH_DISCOVER_NODES', kind: 'enum', default: 'cluster', values: ['off', 'cluster', 'all'], what: 'a mode', runtimes: PUSH },
    { name: 'REDIS_EXPORTER_PUSH_SHARDS', kind: 'int', default: '1', min: 1, max: 100, what: 'a number of shards', runtimes: PUSH },
    { name: 'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', kind: 'int', default: '2773', min: 1, max: 65535, what: 'a port number', platform: true, runtimes: LAMBDA },
  ] },
  { title: 'Secrets by reference (Lambda)', rows: [
    { name: 'REDIS_PASSWORD_SSM', kind: 'string', runtimes: LAMBDA },
    { name: 'REDIS_PASSWORD_SECRET_ARN', kind: 'string', runtimes: LAMBDA },
    { name: 'REDIS_PASSWORD_MAP_SSM', kind: 'string', runtimes: LAMBDA },
    { name: 'REDIS_PASSWORD_MAP_SECRET_ARN', kind: 'string', runtimes: LAMBDA },
    { name: 'REDIS_EXPORTER_TLS_CLIENT_KEY_SSM', kind: 'string', runtimes: LAMBDA },
    { name: 'REDIS_EXPORTER_TLS_CLIENT_KEY_SECRET_ARN', kind: 'string', runtimes: LAMBDA },
    { name: 'REDIS_EXPORTER_BASIC_AUTH_PASSWORD_SSM', kind: 'string', runtimes: LAMBDA_SCRAPE },
    { name: 'REDIS_EXPORTER_BASIC_AUTH_PASSWORD_SECRET_ARN', kind: 'string', runtimes: LAMBDA_SCRAPE },
    { name: 'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD_SSM', kind: 'string', runtimes: LAMBDA_SCRAPE },
    { name: 'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD_SECRET_ARN', kind: 'string', runtimes: LAMBDA_SCRAPE },
    { name: 'REDIS_EXPORTER_BEARER_TOKEN_SSM', kind: 'string', runtimes: LAMBDA_SCRAPE },
    { name: 'REDIS_EXPORTER_BEARER_TOKEN_SECRET_ARN', kind: 'string', runtimes: LAMBDA_SCRAPE },
    { name: 'REDIS_EXPORTER_TARGETS_SSM', kind: 'string', runtimes: LAMBDA_PUSH },
    { name: 'REDIS_EXPORTER_TARGETS_SECRET_ARN', kind: 'string', runtimes: LAMBDA_PUSH },
    { name: 'REDIS_EXPORTER_SECRETS_REFRESH_INTERVAL', kind: 'duration', default: '5m', min: 10, max: 86400, runtimes: LAMBDA },
  ] },
  { title: 'CloudWatch', rows: [
    { name: 'REDIS_EXPORTER_CLOUDWATCH_NAMESPACE', kind: 'string', default: 'RedisExporter', runtimes: PUSH },
    { name: 'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS', kind: 'list', runtimes: PUSH },
    { name: 'REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS', kind: 'list', runtimes: PUSH },
    { name: 'REDIS_EXPORTER_CLOUDWATCH_EXCLUDE_METRICS', kind: 'list', runtimes: PUSH },
    { name: 'REDIS_EXPORTER_CLOUDWATCH_HIGH_RESOLUTION', kind: 'bool', default: 'false', runtimes: PUSH },
    { name: 'REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS', kind: 'int', default: '100', min: 0, max: 10000, what: 'a number of data points', runtimes: PUSH },
    { name: 'AWS_REGION', kind: 'string', platform: true, runtimes: PUSH },
    { name: 'AWS_ACCESS_KEY_ID', kind: 'string', secret: true, platform: true, runtimes: PUSH },
    { name: 'AWS_SECRET_ACCESS_KEY', kind: 'string', secret: true, platform: true, runtimes: PUSH },
    { name: 'AWS_SESSION_TOKEN', kind: 'string', secret: true, platform: true, runtimes: PUSH },
    { name: 'AWS_ENDPOINT_URL_CLOUDWATCH', kind: 'url', platform: true, runtimes: PUSH },
  ] },
  { title: 'Pushgateway (Workers cron)', rows: [
    { name: 'REDIS_EXPORTER_PUSHGATEWAY_URL', kind: 'url', runtimes: WORKER },
    { name: 'REDIS_EXPORTER_PUSHGATEWAY_JOB', kind: 'string', default: 'redis_exporter', runtimes: WORKER },
    { name: 'REDIS_EXPORTER_PUSHGATEWAY_USERNAME', kind: 'string', secret: true, verbatim: true, runtimes: WORKER },
    { name: 'REDIS_EXPORTER_PUSHGATEWAY_PASSWORD', kind: 'string', secret: true, verbatim: true, runtimes: WORKER },
    { name: 'REDIS_EXPORTER_PUSHGATEWAY_TOKEN', kind: 'string', secret: true, runtimes: WORKER },
    { name: 'REDIS_EXPORTER_PUSHGATEWAY_RETRIES', kind: 'int', default: '2', min: 0, max: 10, what: 'a number of retries', runtimes: WORKER },
    { name: 'REDIS_EXPORTER_PUSHGATEWAY_DELETE_ON_SHUTDOWN', kind: 'bool', default: 'false', runtimes: WORKER },
  ] },
  { title: 'Workers: Upstash over REST', rows: [
    { name: 'UPSTASH_REDIS_REST_URL', kind: 'url', runtimes: WORKER },
    { name: 'UPSTASH_REDIS_REST_TOKEN', kind: 'string', secret: true, runtimes: WORKER },
  ] },
  { title: 'Logging', rows: [
    { name: 'REDIS_EXPORTER_LOG_FORMAT', kind: 'enum', default: 'json', upstreamDefault: 'txt', values: ['txt', 'json'], what: 'a log format', runtimes: NODE, flag: 'log-format', elsewhere: PLATFORM_LOGS },
    { name: 'REDIS_EXPORTER_LOG_LEVEL', kind: 'enum', default: 'INFO', values: ['DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR'], what: 'a log level', runtimes: NODE, flag: 'log-level', elsewhere: PLATFORM_LOGS },
    { name: 'REDIS_EXPORTER_DEBUG', kind: 'bool', default: 'false', runtimes: NODE, flag: 'debug', elsewhere: PLATFORM_LOGS },
  ] },
  { title: 'Build info', rows: [
    { name: 'REDIS_EXPORTER_COMMIT_SHA', kind: 'string', runtimes: SERVE },
    { name: 'REDIS_EXPORTER_BUILD_DATE', kind: 'string', runtimes: SERVE },
  ] },
  { title: 'Keys, streams and Lua scripts', rows: [
    { name: 'REDIS_EXPORTER_CHECK_KEYS', kind: 'list', runtimes: ALL, flag: 'check-keys' },
    { name: 'REDIS_EXPORTER_CHECK_SINGLE_KEYS', kind: 'list', runtimes: ALL, flag: 'check-single-keys' },
    { name: 'REDIS_EXPORTER_CHECK_STREAMS', kind: 'list', runtimes: ALL, flag: 'check-streams' },
    { name: 'REDIS_EXPORTER_CHECK_SINGLE_STREAMS', kind: 'list', runtimes: ALL, flag: 'check-single-streams' },
    { name: 'REDIS_EXPORTER_STREAMS_EXCLUDE_CONSUMER_METRICS', kind: 'bool', default: 'false', runtimes: ALL, flag: 'streams-exclude-consumer-metrics' },
    { name: 'REDIS_EXPORTER_COUNT_KEYS', kind: 'list', runtimes: ALL, flag: 'count-keys' },
    { name: 'REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE', kind: 'int', default: '1000', min: 1, max: 100000, what: 'a batch size', runtimes: ALL, flag: 'check-keys-batch-size' },
    { name: 'REDIS_EXPORTER_CHECK_KEY_GROUPS', kind: 'list', runtimes: ALL, flag: 'check-key-groups' },
    { name: 'REDIS_EXPORTER_MAX_DISTINCT_KEY_GROUPS', kind: 'int', default: '100', min: 1, max: 10000, what: 'a number of key groups', runtimes: ALL, flag: 'max-distinct-key-groups' },
    { name: 'REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES', kind: 'bool', default: 'false', runtimes: ALL, flag: 'disable-exporting-key-values' },
    { name: 'REDIS_EXPORTER_SKIP_CHECKKEYS_FOR_ROLE_MASTER', kind: 'bool', default: 'false', runtimes: ALL, flag: 'skip-checkkeys-for-role-master' },
    { name: 'REDIS_EXPORTER_IS_CLUSTER', kind: 'bool', default: 'false', runtimes: ALL, flag: 'is-cluster' },
    { name: 'REDIS_EXPORTER_KEY_CHECK_BUDGET', kind: 'int', default: '500', min: 1, max: 100000, what: 'a number of commands', runtimes: ALL },
    { name: 'REDIS_EXPORTER_KEY_CHECK_BUDGET_TIME', kind: 'duration', default: '250ms', min: 0.01, max: 60, runtimes: ALL },
    { name: 'REDIS_EXPORTER_SCRIPT', kind: 'list', runtimes: ['node', 'lambda-scrape', 'lambda-push'], flag: 'script' },
    { name: 'REDIS_EXPORTER_SCRIPT_TEXT', kind: 'string', runtimes: ALL },
    { name: 'REDIS_EXPORTER_LUA_SCRIPT_READ_ONLY', kind: 'bool', default: 'false', runtimes: ALL, flag: 'lua-script-read-only' },
  ] },
  { title: 'redis_exporter settings not supported (yet)', rows: [
    { name: 'REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS', kind: 'bool', default: 'false', runtimes: NONE, flag: 'include-go-runtime-metrics', unsupported: 'there is no Go runtime; the Node server exports Node process metrics instead (off with REDIS_EXPORTER_REDIS_ONLY_METRICS)' },
    { name: 'REDIS_EXPORTER_INCL_RDB_FILE_SIZE_METRIC', kind: 'bool', default: 'false', runtimes: NONE, flag: 'include-rdb-file-size-metric', unsupported: 'it needs the RDB file on the exporter\'s own disk, which a remote or serverless exporter does not have' },
  ] },
] as const satisfies readonly SettingGroup[]

/** One row of the table, with its literal types (names, kinds, defaults). */
export type Setting = (typeof SETTING_GROUPS)[number]['rows'][number]

/** Every row, in table order. */
export const SETTINGS: readonly Setting[] = SETTING_GROUPS.flatMap(
  (g): readonly Setting[] => g.rows
)

/** A row by its canonical name. */
export const SETTINGS_BY_NAME: ReadonlyMap<string, SettingRow> = new Map(
  SETTINGS.map((row): [string, SettingRow] => [row.name, row])
)
