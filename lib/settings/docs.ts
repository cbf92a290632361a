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
  // Optional collectors (redis_exporter opt-ins)
  REDIS_EXPORTER_PING_ON_CONNECT: 'Send PING before each scrape\'s commands and export its round trip as `redis_exporter_last_scrape_ping_time_seconds`.',
  REDIS_EXPORTER_EXPORT_CLIENT_LIST: 'Send `CLIENT LIST` and export one series per connected client: `connected_clients_details` (redis_exporter 1.45), `connected_client_info` and the per-client gauges (newer redis_exporter). High cardinality: at most 10,000 clients are read.',
  REDIS_EXPORTER_EXPORT_CLIENT_PORT: 'Add the client\'s `port` label to the client list series.',
  REDIS_EXPORTER_INCL_CONFIG_METRICS: 'Ask `CONFIG GET *` (instead of the few mapped parameters; cached for `REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL`) and export `config_key_value{key,value}` and `config_value{key}`; on a Sentinel, `SENTINEL CONFIG GET *` as `sentinel_config_*`.',
  REDIS_EXPORTER_REDACT_CONFIG_METRICS: 'Leave `masterauth`, `requirepass`, `tls-key-file-pass` and `tls-client-key-file-pass` out of the config metrics.',
  REDIS_EXPORTER_INCL_SENTINEL_PEER_INFO: 'On a Sentinel: export `sentinel_peer_info` for every other Sentinel of every master.',
  REDIS_EXPORTER_INCL_MODULES_METRICS: 'Send `INFO MODULES`: `module_info` per loaded module and the search, JSON and bloom module fields.',
  REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS: 'Send `FT._LIST`, then `FT.INFO` for each index `REDIS_EXPORTER_CHECK_SEARCH_INDEXES` selects (at most 100): the `search_index_*` families.',
  REDIS_EXPORTER_CHECK_SEARCH_INDEXES: 'Regular expression selecting the search indexes by name (unanchored); an invalid one stops the exporter at startup.',
  REDIS_EXPORTER_IS_TILE38: 'The target is Tile38: send `SERVER EXT` and export the `tile38_*` fields.',
  REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL: 'Add an `instance_role` label (INFO `role`) to every Redis series (not to the connect and ping times, taken before INFO).',
  // Managed Redis
  REDIS_EXPORTER_RENAMED_COMMANDS: 'Commands the server knows under other names: `CONFIG=xyz,SLOWLOG=abc` (`CMD=-`: never sent), or JSON per target `{"*":"CONFIG=-","redis://host:6379":"SLOWLOG=abc"}`. Renamable: INFO, CONFIG, LATENCY, SLOWLOG, CLUSTER, CLIENT.',
  REDIS_EXPORTER_DISABLED_COLLECTORS: 'Optional collectors never to run: `client`, `config`, `latency_latest`, `latency_histogram` (`latency` for both), `slowlog`, `cluster_info`; on a Sentinel `sentinel`, `sentinel_ckquorum`, `sentinel_config`; and the opt-ins `client_list`, `modules`, `tile38`, `search_indexes`.',
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
  // redis_exporter settings not supported (yet)
  REDIS_EXPORTER_IS_CLUSTER: 'cluster-aware key checks and /discover-cluster-nodes',
  REDIS_EXPORTER_TLS_SERVER_CERT_FILE: 'HTTPS for the exporter: its certificate',
  REDIS_EXPORTER_TLS_SERVER_KEY_FILE: 'HTTPS for the exporter: its key',
  REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE: 'HTTPS client certificates',
  REDIS_EXPORTER_TLS_SERVER_MIN_VERSION: 'the lowest TLS version of the HTTPS server',
  REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: 'a bcrypt-hashed basic auth password',
  REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS: 'the go_* metrics',
  REDIS_EXPORTER_INCL_RDB_FILE_SIZE_METRIC: 'the size of the RDB file on the local disk',
  REDIS_EXPORTER_CHECK_KEYS: 'key values and sizes by pattern',
  REDIS_EXPORTER_CHECK_SINGLE_KEYS: 'key values and sizes by name',
  REDIS_EXPORTER_CHECK_STREAMS: 'stream metrics by pattern',
  REDIS_EXPORTER_CHECK_SINGLE_STREAMS: 'stream metrics by name',
  REDIS_EXPORTER_STREAMS_EXCLUDE_CONSUMER_METRICS: 'dropping per-consumer stream series',
  REDIS_EXPORTER_COUNT_KEYS: 'counting keys by pattern',
  REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE: 'the SCAN COUNT of the key checks',
  REDIS_EXPORTER_CHECK_KEY_GROUPS: 'memory by key group (Lua patterns)',
  REDIS_EXPORTER_MAX_DISTINCT_KEY_GROUPS: 'the number of key groups kept',
  REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES: 'leaving out key values',
  REDIS_EXPORTER_SKIP_CHECKKEYS_FOR_ROLE_MASTER: 'skipping the key checks on masters',
  REDIS_EXPORTER_SCRIPT: 'metrics from Lua scripts',
  REDIS_EXPORTER_LUA_SCRIPT_READ_ONLY: 'running the Lua scripts with EVAL_RO',
  REDIS_EXPORTER_DEBUG: 'debug logging',
  REDIS_EXPORTER_LOG_LEVEL: 'the log level',
  REDIS_EXPORTER_LOG_FORMAT: 'the log format',
}
