/**
 * One line per setting, for docs/configuration.md (and the Node server's -help later). Kept apart
 * from the table so the runtime bundles (Lambda, Workers) do not carry the prose; the type makes
 * a description mandatory for every row of the table and refuses one for a name it lacks.
 * For a redis_exporter setting this exporter does not support: what it does there.
 */
import type { Setting } from './table'

// prettier-ignore
export const SETTING_DOCS: Readonly<Record<Setting['name'], string>> = {
  // Connection
  REDIS_ADDR: 'The target: `redis://`, `rediss://` (TLS), `valkey://`, `valkeys://` or bare `host:port`; `user:password@` and a `/db` path are honoured. Set to `""` to serve only `/scrape`.',
  REDIS_USER: 'ACL user name, when the URL carries none. Also used for `/scrape` targets.',
  REDIS_PASSWORD: 'Password, when the URL carries none. Also used for `/scrape` targets (a password inside a `/scrape` target is ignored, as in redis_exporter).',
  REDIS_PASSWORD_FILE: 'Path of a JSON password map (redis_exporter\'s format): `{"redis://host:6379":"pw","redis://user@host:6380":"pw"}`; a value may be `{"password_env":"VAR"}`. Read once at startup.',
  REDIS_PASSWORD_MAP: 'The same JSON by value (for runtimes without files). Only one of the two.',
  REDIS_EXPORTER_CONNECTION_TIMEOUT: 'Bound of one whole connection attempt: TCP connect, TLS handshake and AUTH/HELLO/SELECT together; the error names the phase that hung. Go-style duration (`500ms`, `5s`) or seconds.',
  REDIS_EXPORTER_SCRAPE_TIMEOUT: 'Deadline of a whole scrape (and of each push target); Prometheus\'s `X-Prometheus-Scrape-Timeout-Seconds` header can only lower it (by 0.5 s of headroom).',
  REDIS_EXPORTER_SET_CLIENT_NAME: 'Name the connection `redis_exporter` (once, at connect time).',
  REDIS_EXPORTER_PROTOCOL: 'RESP version spoken to Redis over TCP.',
  REDIS_EXPORTER_CONFIG_COMMAND: 'Name of a renamed CONFIG command, or `-` to never send CONFIG.',
  REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL: 'How long CONFIG values are reused on one connection before they are asked again.',
  // TLS to Redis (`rediss://`, `valkeys://` targets)
  REDIS_EXPORTER_TLS_CA_CERT_FILE: 'PEM CA bundle file; default: the system trust store.',
  REDIS_EXPORTER_TLS_CA_CERT: 'The CA bundle as PEM text (`\\n` escapes accepted). Only one of the two.',
  REDIS_EXPORTER_TLS_CLIENT_CERT_FILE: 'PEM client certificate file for mutual TLS; needs the key too.',
  REDIS_EXPORTER_TLS_CLIENT_CERT: 'The client certificate as PEM text.',
  REDIS_EXPORTER_TLS_CLIENT_KEY_FILE: 'PEM private key file of the client certificate. Its contents are never printed.',
  REDIS_EXPORTER_TLS_CLIENT_KEY: 'The client key as PEM text.',
  REDIS_EXPORTER_TLS_SERVER_NAME: 'SNI and certificate name to check, when the target address is an IP or an alias.',
  REDIS_EXPORTER_SKIP_TLS_VERIFICATION: 'Accept any server certificate (warned about at startup).',
  // HTTP server and authentication
  REDIS_EXPORTER_WEB_LISTEN_ADDRESS: 'Listen address of the Node server (`host:port`, `:port`, `[::1]:port`).',
  REDIS_EXPORTER_WEB_TELEMETRY_PATH: 'Path of the metrics endpoint.',
  REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT: 'Remove `/scrape`.',
  REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: 'Hosts `/scrape` may reach besides `REDIS_ADDR`\'s host:port: `host`, `host:port`, `host:*`, `*.example.com`, `[::1]:6379`, or `*` for any. A pattern without a port allows any port.',
  REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: 'Networks a **discovered** node (cluster node, replica) may be in: IPv4/IPv6 CIDRs (`10.0.0.0/8`, `fd00::/8`; a bare IP is a /32 or /128; they match IP addresses only) and host patterns (`*.cache.amazonaws.com`, the only way a host name is in scope). Empty: discovery adds nothing beyond `REDIS_ADDR` and `REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS`. Link-local and cloud metadata addresses are never in scope. See [discovery scope](managed-redis.md#discovery-scope).',
  REDIS_EXPORTER_BASIC_AUTH_USERNAME: 'HTTP basic auth user for every path but `/health` (with `_PASSWORD`; no `:`). Optional on the Node server; on Lambda and Workers some credential is required.',
  REDIS_EXPORTER_BASIC_AUTH_PASSWORD: 'HTTP basic auth password, compared in constant time.',
  REDIS_EXPORTER_BEARER_TOKEN: 'Accept `Authorization: Bearer <token>` (letters, digits, `-._~+/`, trailing `=`) instead of (or besides) basic auth.',
  REDIS_EXPORTER_ALLOW_UNAUTHENTICATED: 'On Lambda and Workers, serve `/metrics` and `/scrape` without credentials (explicit opt-out; refused while credentials are set).',
  // Metrics selection
  REDIS_EXPORTER_NAMESPACE: 'Metric name prefix.',
  REDIS_EXPORTER_REDIS_ONLY_METRICS: 'Leave out Node process metrics and `redis_exporter_build_info`.',
  REDIS_EXPORTER_INCL_SYSTEM_METRICS: 'Export `redis_total_system_memory_bytes`.',
  REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES: 'Zero-fill `redis_db_keys{db}` for empty databases.',
  REDIS_EXPORTER_EXCLUDE_LATENCY_HISTOGRAM_METRICS: 'Skip `LATENCY LATEST` and `LATENCY HISTOGRAM`.',
  // Managed Redis
  REDIS_EXPORTER_RENAMED_COMMANDS: 'Commands the server knows under other names: `CONFIG=xyz,SLOWLOG=abc` (`CMD=-`: never sent), or JSON per target `{"*":"CONFIG=-","redis://host:6379":"SLOWLOG=abc"}`. Renamable: INFO, CONFIG, LATENCY, SLOWLOG, CLUSTER, CLIENT.',
  REDIS_EXPORTER_DISABLED_COLLECTORS: 'Optional collectors never to run: `client`, `config`, `latency_latest`, `latency_histogram` (`latency` for both), `slowlog`, `cluster_info`.',
  REDIS_EXPORTER_CAPABILITY_TTL: 'How long a command a target refused (unknown, not permitted, empty) is left out before it is probed again; a restart or new version probes at once.',
  // Discovery
  REDIS_EXPORTER_CLUSTER_DISCOVER_HOSTNAMES: '`/discover-cluster-nodes` and the push\'s node discovery use announced hostnames instead of IPs.',
  // Push (Lambda push function, Workers cron)
  REDIS_EXPORTER_TARGETS: 'Targets of the push, separated by commas or spaces, each a URI with `name=`, `user=`, `password_env=`, `password_secret=`, `password_ssm=`, `dim.<key>=` parameters (see docs/lambda.md). Default: `REDIS_ADDR`.',
  REDIS_EXPORTER_PUSH_SINKS: 'Where to push: `emf`, `putmetricdata` on Lambda (default `emf`); `putmetricdata`, `pushgateway` on Workers (default: the configured ones).',
  REDIS_EXPORTER_PUSH_DISCOVER_NODES: '`cluster`: push each node of a cluster target as its own target; `all`: also a master\'s replicas; `off`: push targets as given.',
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: 'Port of the AWS Parameters and Secrets Lambda Extension (`password_secret=`, `password_ssm=`); set by the extension.',
  // CloudWatch
  REDIS_EXPORTER_CLOUDWATCH_NAMESPACE: 'CloudWatch namespace (letters, digits, space, `._#:/-`; not `AWS/…`).',
  REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS: '`key=value,…` added to every target (at most 28; not `target`, `role` or names starting with the metric prefix).',
  REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS: 'Family names or globs sent in addition to the default set; `*` for everything.',
  REDIS_EXPORTER_CLOUDWATCH_EXCLUDE_METRICS: 'Family names or globs never sent (wins over the default set and the include list).',
  REDIS_EXPORTER_CLOUDWATCH_HIGH_RESOLUTION: 'Send data points with 1-second storage resolution instead of 60.',
  AWS_REGION: 'Region of PutMetricData. Set by Lambda; set it yourself on Workers.',
  AWS_ACCESS_KEY_ID: 'Credentials for PutMetricData. Set by Lambda; on Workers a secret (`wrangler secret put`).',
  AWS_SECRET_ACCESS_KEY: 'Credentials for PutMetricData. Set by Lambda; on Workers a secret.',
  AWS_SESSION_TOKEN: 'Session token: on Lambda it authenticates the Parameters and Secrets Extension; on Workers optional, with temporary credentials.',
  AWS_ENDPOINT_URL_CLOUDWATCH: 'Another CloudWatch endpoint (VPC endpoint, tests). Default `https://monitoring.<region>.amazonaws.com`.',
  // Pushgateway (Workers cron)
  REDIS_EXPORTER_PUSHGATEWAY_URL: 'Pushgateway base URL (a path prefix is kept). No credentials in it.',
  REDIS_EXPORTER_PUSHGATEWAY_JOB: '`job` grouping label.',
  REDIS_EXPORTER_PUSHGATEWAY_USERNAME: 'Basic auth to the Pushgateway (with `_PASSWORD`).',
  REDIS_EXPORTER_PUSHGATEWAY_PASSWORD: 'Basic auth password to the Pushgateway.',
  REDIS_EXPORTER_PUSHGATEWAY_TOKEN: 'Bearer token instead of basic auth (not both).',
  REDIS_EXPORTER_PUSHGATEWAY_RETRIES: 'Retries per target after a network error, 429 or 5xx, with backoff 250 ms × 2ⁿ.',
  REDIS_EXPORTER_PUSHGATEWAY_DELETE_ON_SHUTDOWN: 'Delete this exporter\'s groups when the process shuts down; no effect on Workers (they have no shutdown hook).',
  // Workers: Upstash over REST
  UPSTASH_REDIS_REST_URL: 'Upstash REST URL (`https://…upstash.io`). Makes Upstash over REST the main target instead of `REDIS_ADDR`.',
  UPSTASH_REDIS_REST_TOKEN: 'The REST token. Only INFO is sent, so a read-only token should do.',
  // Build info
  REDIS_EXPORTER_COMMIT_SHA: 'The `commit_sha` label of `redis_exporter_build_info`.',
  REDIS_EXPORTER_BUILD_DATE: 'The `build_date` label of `redis_exporter_build_info`.',
  // Keys, streams and Lua scripts
  REDIS_EXPORTER_CHECK_KEYS: '`[dbN=]pattern,…`: size (and value, for strings) of every key a SCAN glob matches (`?*[]^`; other items are looked up directly). Keys are URL-unescaped (`%2C` for a comma). The SCAN walk shares the key-check budget.',
  REDIS_EXPORTER_CHECK_SINGLE_KEYS: '`[dbN=]key,…`: size, value and memory of these keys, never globbed; all looked up in two pipelined round trips.',
  REDIS_EXPORTER_CHECK_STREAMS: '`[dbN=]pattern,…`: stream, group and consumer metrics of every stream a SCAN glob matches.',
  REDIS_EXPORTER_CHECK_SINGLE_STREAMS: '`[dbN=]stream,…`: stream, group and consumer metrics of these streams.',
  REDIS_EXPORTER_STREAMS_EXCLUDE_CONSUMER_METRICS: 'Leave out the per-consumer stream series (no `XINFO CONSUMERS`).',
  REDIS_EXPORTER_COUNT_KEYS: '`[dbN=]pattern,…`: `redis_keys_count` per pattern. The SCAN pass spans scrapes within the budget; the last complete count is exported.',
  REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE: 'The `COUNT` of each SCAN (and of the key-group script\'s SCAN).',
  REDIS_EXPORTER_CHECK_KEY_GROUPS: 'Lua patterns, comma-separated (at most 100): a key\'s group is the concatenated captures of the first pattern it matches, else `unclassified`. Count and memory per group, per database, over a SCAN pass that spans scrapes within the budget.',
  REDIS_EXPORTER_MAX_DISTINCT_KEY_GROUPS: 'Key groups kept per database, the largest by memory; the rest are summed as `overflow`.',
  REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES: 'Leave out `redis_key_value` and `redis_key_value_as_string` (no `GET`).',
  REDIS_EXPORTER_SKIP_CHECKKEYS_FOR_ROLE_MASTER: 'No key, count, stream or key-group checks on a master (run them on replicas).',
  REDIS_EXPORTER_KEY_CHECK_BUDGET: 'Most commands the key, stream, key-group and script checks send per scrape (each billed on Upstash). SCAN work past it resumes at the next scrape from its saved cursor; see [key checks](keys.md).',
  REDIS_EXPORTER_KEY_CHECK_BUDGET_TIME: 'Most time the key checks spend per scrape; no new round trip starts past it.',
  REDIS_EXPORTER_SCRIPT: 'Lua files, comma-separated, each run with `EVAL script 0 0` per scrape; it returns `{k1, v1, k2, v2…}` exported as `redis_script_values{key,filename}`. Read once at startup.',
  REDIS_EXPORTER_SCRIPT_TEXT: 'The scripts by value, for runtimes without files (Workers): a JSON object `{"name.lua": "return {…}"}` (the name is the `filename` label), or the text of one script (`filename="script"`).',
  REDIS_EXPORTER_LUA_SCRIPT_READ_ONLY: 'Run the scripts with `EVAL_RO` (Redis 7+).',
  // redis_exporter settings not supported (yet)
  REDIS_EXPORTER_PING_ON_CONNECT: 'a PING round-trip metric',
  REDIS_EXPORTER_IS_CLUSTER: 'cluster-aware key checks and /discover-cluster-nodes',
  REDIS_EXPORTER_IS_TILE38: 'Tile38 metrics (SERVER EXT)',
  REDIS_EXPORTER_TLS_SERVER_CERT_FILE: 'HTTPS for the exporter: its certificate',
  REDIS_EXPORTER_TLS_SERVER_KEY_FILE: 'HTTPS for the exporter: its key',
  REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE: 'HTTPS client certificates',
  REDIS_EXPORTER_TLS_SERVER_MIN_VERSION: 'the lowest TLS version of the HTTPS server',
  REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: 'a bcrypt-hashed basic auth password',
  REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS: 'the go_* metrics',
  REDIS_EXPORTER_INCL_CONFIG_METRICS: 'a metric per CONFIG parameter',
  REDIS_EXPORTER_REDACT_CONFIG_METRICS: 'hiding passwords in the config metrics',
  REDIS_EXPORTER_INCL_RDB_FILE_SIZE_METRIC: 'the size of the RDB file on the local disk',
  REDIS_EXPORTER_INCL_MODULES_METRICS: 'INFO MODULES metrics',
  REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS: 'search index metrics (FT._LIST, FT.INFO)',
  REDIS_EXPORTER_CHECK_SEARCH_INDEXES: 'which search indexes to export',
  REDIS_EXPORTER_INCL_SENTINEL_PEER_INFO: 'Sentinel peer info',
  REDIS_EXPORTER_EXPORT_CLIENT_LIST: 'CLIENT LIST metrics',
  REDIS_EXPORTER_EXPORT_CLIENT_PORT: 'a port label on the client list metrics',
  REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL: 'an instance_role label on every metric',
  REDIS_EXPORTER_DEBUG: 'debug logging',
  REDIS_EXPORTER_LOG_LEVEL: 'the log level',
  REDIS_EXPORTER_LOG_FORMAT: 'the log format',
}
