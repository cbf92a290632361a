/**
 * Every family this exporter emits that is NOT a one-to-one INFO map row (those live in
 * catalog.ts): exporter self-metrics, rule-based INFO families (keyspace, commandstats,
 * latencystats, errorstats, replication), and the families built from extra commands (CONFIG GET,
 * LATENCY, SLOWLOG). Names follow oliver006/redis_exporter HEAD (redis_exporter.md §1.2, 1.4-1.6),
 * without the namespace. Label lists exclude `quantile` and `le`.
 */

import { INFO_METRICS } from './catalog'

export type LabelledMetricType = 'gauge' | 'counter' | 'summary' | 'histogram'

export type LabelledMetricRow = {
  /** Exported name without the namespace, e.g. `db_keys`. */
  readonly name: string
  readonly type: LabelledMetricType
  /** Labels always present, in output order (`quantile` and `le` are not listed). */
  readonly labels: readonly string[]
  /** Labels present only on some servers, appended after `labels`. */
  readonly optionalLabels?: readonly string[]
  /** One-line HELP text. */
  readonly help: string
  /** Where the value comes from, e.g. `INFO keyspace` or `LATENCY LATEST`. */
  readonly source: string
}

const MASTER = ['master_host', 'master_port'] as const
const SLAVE = ['slave_ip', 'slave_port', 'slave_state'] as const

export const LABELLED_METRICS: readonly LabelledMetricRow[] = [
  // Exporter self-metrics (§1.2): emitted even when Redis is unreachable.
  {
    name: 'up',
    type: 'gauge',
    labels: [],
    help: 'Whether the last scrape of the Redis instance succeeded (1) or failed (0).',
    source: 'exporter',
  },
  {
    name: 'exporter_last_scrape_error',
    type: 'gauge',
    labels: ['err'],
    help: 'Whether the last scrape failed (1, with the error text in err) or not (0, with err="").',
    source: 'exporter',
  },
  {
    name: 'exporter_last_scrape_duration_seconds',
    type: 'gauge',
    labels: [],
    help: 'Wall-clock duration of the last scrape, in seconds.',
    source: 'exporter',
  },
  {
    name: 'exporter_scrape_duration_seconds',
    type: 'summary',
    labels: [],
    help: 'Durations of scrapes by the exporter, in seconds (no quantiles, only _sum and _count).',
    source: 'exporter',
  },
  {
    name: 'exporter_scrapes_total',
    type: 'counter',
    labels: [],
    help: 'Total number of scrapes performed by the exporter.',
    source: 'exporter',
  },
  {
    name: 'exporter_last_scrape_connect_time_seconds',
    type: 'gauge',
    labels: [],
    help: 'Time spent connecting to Redis (dial, TLS and AUTH) in the last scrape, in seconds.',
    source: 'exporter',
  },
  {
    name: 'target_scrape_request_errors_total',
    type: 'counter',
    labels: [],
    help: 'Total number of /scrape requests rejected with HTTP 400.',
    source: 'exporter',
  },
  {
    name: 'exporter_discovery_out_of_scope_nodes_total',
    type: 'counter',
    labels: [],
    help: 'Discovered nodes left out as outside the discovery scope (REDIS_ADDR, SCRAPE_ALLOWED_TARGETS, DISCOVERY_ALLOWED_NETWORKS) or never reachable (link-local, cloud metadata), summed over every discovery since start.',
    source: 'exporter',
  },
  {
    name: 'exporter_discovery_truncated_nodes_total',
    type: 'counter',
    labels: [],
    help: 'Entries of topology replies left unread because one discovery keeps at most 1000 nodes, summed over every discovery since start.',
    source: 'exporter',
  },
  {
    name: 'exporter_build_info',
    type: 'gauge',
    labels: ['version', 'commit_sha', 'build_date', 'runtime_version'],
    help: 'Build information of the exporter; always 1.',
    source: 'exporter',
  },
  {
    name: 'exporter_collector_success',
    type: 'gauge',
    labels: ['collector'],
    help: 'Whether the optional command of a collector (config, latency_latest, latency_histogram, slowlog, cluster_info) answered in this scrape (1) or failed (0).',
    source: 'exporter',
  },
  {
    name: 'exporter_collector_available',
    type: 'gauge',
    labels: ['collector'],
    help: 'Whether the target offers a collector (1) or blocks it, lacks it or answers it empty (0); info_<section> tells whether INFO has that section. With collector_success 0, available 1 means broken, available 0 blocked by the provider.',
    source: 'exporter',
  },
  {
    name: 'exporter_last_scrape_truncated_samples',
    type: 'gauge',
    labels: [],
    help: 'Samples left out of the last scrape because the page reached its cap (100,000 samples or 16 MiB); 0 when nothing was cut.',
    source: 'exporter',
  },
  {
    name: 'exporter_last_scrape_duplicate_samples',
    type: 'gauge',
    labels: [],
    help: 'Samples dropped from the last scrape because the reply repeated a series (two replicas on the same ip:port); the first one is kept.',
    source: 'exporter',
  },

  // INFO fields handled by rules (§1.4).
  {
    name: 'start_time_seconds',
    type: 'gauge',
    labels: [],
    help: 'Start time of the Redis instance since the Unix epoch, in seconds (now minus INFO uptime_in_seconds).',
    source: 'INFO server uptime_in_seconds',
  },
  {
    name: 'hz',
    type: 'gauge',
    labels: [],
    help: 'Current frequency of the server background tasks, in calls per second (INFO hz).',
    source: 'INFO server hz',
  },
  {
    name: 'configured_hz',
    type: 'gauge',
    labels: [],
    help: 'Configured frequency of the server background tasks, in calls per second (INFO configured_hz).',
    source: 'INFO server configured_hz',
  },
  {
    name: 'instance_info',
    type: 'gauge',
    labels: [
      'role',
      'redis_version',
      'redis_build_id',
      'redis_mode',
      'os',
      'maxmemory_policy',
      'tcp_port',
      'run_id',
      'process_id',
      'master_replid',
    ],
    optionalLabels: ['valkey_version', 'valkey_release_stage'],
    help: 'Information about the Redis instance; always 1. The valkey_version and valkey_release_stage labels are present only on Valkey.',
    source: 'INFO server, replication',
  },
  {
    name: 'slave_info',
    type: 'gauge',
    labels: ['master_host', 'master_port', 'read_only'],
    help: 'Information about the master of this replica; always 1, emitted only when role is slave.',
    source: 'INFO replication',
  },
  {
    name: 'master_link_up',
    type: 'gauge',
    labels: MASTER,
    help: 'Whether the link from this replica to its master is up (1) or not (0) (INFO master_link_status).',
    source: 'INFO replication master_link_status',
  },
  {
    name: 'master_last_io_seconds_ago',
    type: 'gauge',
    labels: MASTER,
    help: 'Seconds since this replica last interacted with its master (INFO master_last_io_seconds_ago).',
    source: 'INFO replication master_last_io_seconds_ago',
  },
  {
    name: 'master_sync_in_progress',
    type: 'gauge',
    labels: MASTER,
    help: 'Whether this replica is synchronising with its master, 1 or 0 (INFO master_sync_in_progress).',
    source: 'INFO replication master_sync_in_progress',
  },
  {
    name: 'slave_repl_offset',
    type: 'gauge',
    labels: MASTER,
    help: 'Replication offset of this replica, in bytes (INFO slave_repl_offset).',
    source: 'INFO replication slave_repl_offset',
  },
  {
    name: 'connected_slave_offset_bytes',
    type: 'gauge',
    labels: SLAVE,
    help: 'Replication offset acknowledged by each connected replica, in bytes (INFO slaveN offset).',
    source: 'INFO replication slaveN',
  },
  {
    name: 'connected_slave_lag_seconds',
    type: 'gauge',
    labels: SLAVE,
    help: 'Seconds since the last acknowledgement from each connected replica (INFO slaveN lag).',
    source: 'INFO replication slaveN',
  },
  {
    name: 'db_keys',
    type: 'gauge',
    labels: ['db'],
    help: 'Total number of keys by DB (INFO keyspace keys); 0 for empty databases.',
    source: 'INFO keyspace',
  },
  {
    name: 'db_keys_expiring',
    type: 'gauge',
    labels: ['db'],
    help: 'Total number of keys with an expiry by DB (INFO keyspace expires); 0 for empty databases.',
    source: 'INFO keyspace',
  },
  {
    name: 'db_avg_ttl_seconds',
    type: 'gauge',
    labels: ['db'],
    help: 'Average TTL of the keys with an expiry by DB, in seconds (INFO keyspace avg_ttl, converted from milliseconds).',
    source: 'INFO keyspace',
  },
  {
    name: 'db_keys_cached',
    type: 'gauge',
    labels: ['db'],
    help: 'Number of keys cached in memory by DB (KeyDB INFO keyspace cached_keys).',
    source: 'INFO keyspace',
  },
  {
    name: 'db_keys_with_expiring_items',
    type: 'gauge',
    labels: ['db'],
    help: 'Number of keys with expiring items such as hash fields by DB (INFO keyspace subexpiry or keys_with_volatile_items).',
    source: 'INFO keyspace',
  },
  {
    name: 'commands_total',
    type: 'counter',
    labels: ['cmd'],
    help: 'Total number of calls per command (INFO commandstats calls).',
    source: 'INFO commandstats',
  },
  {
    name: 'commands_duration_seconds_total',
    type: 'counter',
    labels: ['cmd'],
    help: 'Total time spent executing each command, in seconds (INFO commandstats usec, converted from microseconds).',
    source: 'INFO commandstats',
  },
  {
    name: 'commands_rejected_calls_total',
    type: 'counter',
    labels: ['cmd'],
    help: 'Total number of calls per command rejected before execution (INFO commandstats rejected_calls).',
    source: 'INFO commandstats',
  },
  {
    name: 'commands_failed_calls_total',
    type: 'counter',
    labels: ['cmd'],
    help: 'Total number of calls per command that failed during execution (INFO commandstats failed_calls).',
    source: 'INFO commandstats',
  },
  {
    name: 'errors_total',
    type: 'counter',
    labels: ['err'],
    help: 'Total number of error replies per error type (INFO errorstats).',
    source: 'INFO errorstats',
  },
  {
    name: 'latency_percentiles_usec',
    type: 'summary',
    labels: ['cmd'],
    help: 'A summary of latency percentile distribution per command, in microseconds (INFO latencystats).',
    source: 'INFO latencystats',
  },
  {
    name: 'active_time_io_thread_seconds_total',
    type: 'counter',
    labels: ['thread'],
    help: 'Time each I/O thread spent active, as reported by Valkey 9.1+ (INFO used_active_time_io_thread_N, no unit conversion).',
    source: 'INFO used_active_time_io_thread_N',
  },

  // Extra commands run on every scrape (§1.5).
  {
    name: 'commands_latencies_usec',
    type: 'histogram',
    labels: ['cmd'],
    help: 'A histogram of latencies per command, in microseconds (LATENCY HISTOGRAM).',
    source: 'LATENCY HISTOGRAM',
  },
  {
    name: 'latency_spike_last',
    type: 'gauge',
    labels: ['event_name'],
    help: 'Unix timestamp of the last latency spike per event, in seconds (LATENCY LATEST).',
    source: 'LATENCY LATEST',
  },
  {
    name: 'latency_spike_duration_seconds',
    type: 'gauge',
    labels: ['event_name'],
    help: 'Duration of the last latency spike per event, in seconds (LATENCY LATEST, converted from milliseconds).',
    source: 'LATENCY LATEST',
  },
  {
    name: 'slowlog_length',
    type: 'gauge',
    labels: [],
    help: 'Number of entries in the slow log (SLOWLOG LEN).',
    source: 'SLOWLOG LEN',
  },
  {
    name: 'slowlog_last_id',
    type: 'gauge',
    labels: [],
    help: 'ID of the most recent slow log entry; 0 when the slow log is empty (SLOWLOG GET 1).',
    source: 'SLOWLOG GET 1',
  },
  {
    name: 'last_slow_execution_duration_seconds',
    type: 'gauge',
    labels: [],
    help: 'Execution time of the most recent slow log entry, in seconds; 0 when the slow log is empty (SLOWLOG GET 1).',
    source: 'SLOWLOG GET 1',
  },
  {
    name: 'last_key_groups_scrape_duration_milliseconds',
    type: 'gauge',
    labels: [],
    help: 'Duration of the last key group metrics scrape, in milliseconds; always emitted, 0 when key groups are off.',
    source: 'exporter (key groups)',
  },

  // CONFIG GET (§1.6): present only when CONFIG answers.
  {
    name: 'config_maxmemory',
    type: 'gauge',
    labels: [],
    help: 'Configured memory limit, in bytes (CONFIG GET maxmemory).',
    source: 'CONFIG GET maxmemory',
  },
  {
    name: 'config_maxclients',
    type: 'gauge',
    labels: [],
    help: 'Configured maximum number of client connections (CONFIG GET maxclients).',
    source: 'CONFIG GET maxclients',
  },
  {
    name: 'config_io_threads',
    type: 'gauge',
    labels: [],
    help: 'Configured number of I/O threads (CONFIG GET io-threads).',
    source: 'CONFIG GET io-threads',
  },
  {
    name: 'config_repl_backlog_size',
    type: 'gauge',
    labels: [],
    help: 'Configured size of the replication backlog, in bytes (CONFIG GET repl-backlog-size).',
    source: 'CONFIG GET repl-backlog-size',
  },
  {
    name: 'config_client_output_buffer_limit_bytes',
    type: 'gauge',
    labels: ['class', 'limit'],
    help: 'Client output buffer hard and soft limits per client class, in bytes (CONFIG GET client-output-buffer-limit).',
    source: 'CONFIG GET client-output-buffer-limit',
  },
  {
    name: 'config_client_output_buffer_limit_overcome_seconds',
    type: 'gauge',
    labels: ['class', 'limit'],
    help: 'Seconds a client may stay above its soft output buffer limit before it is disconnected, per client class (CONFIG GET client-output-buffer-limit).',
    source: 'CONFIG GET client-output-buffer-limit',
  },
]

export type PrefixRule = {
  /** Any INFO (or CLUSTER INFO) field starting with this is exported under its own name. */
  readonly prefix: string
  readonly type: 'gauge'
  readonly help: string
  readonly source: string
}

/**
 * Pass-through rules (§1.4): applied only to fields that no INFO_METRICS row and no labelled rule
 * claims, and only when the value parses as a number (`ok`/`true` = 1, `fail`/`err`/`false` = 0).
 */
export const PREFIX_RULES: readonly PrefixRule[] = [
  {
    prefix: 'cluster_',
    type: 'gauge',
    help: 'Value of the cluster field of the same name, with ok = 1 and fail = 0 (INFO cluster_* or CLUSTER INFO).',
    source: 'INFO cluster_*, CLUSTER INFO',
  },
  {
    prefix: 'db',
    type: 'gauge',
    help: 'Value of the numeric INFO field of the same name (INFO db*, other than the keyspace dbN lines).',
    source: 'INFO db*',
  },
]

export type CatalogFamily = {
  readonly name: string
  readonly type: string
  readonly labels: readonly string[]
  readonly help: string
}

/** INFO map sections whose source command is not collected (yet): `SERVER EXT`, `INFO MODULES`. */
const NOT_COLLECTED = new Set(['tile38', 'modules'])

/**
 * The families this exporter can emit: both tables merged (INFO rows have no labels), without
 * the Tile38 and module rows, sorted by name; for the README metric list.
 */
export function catalogFamilies(): CatalogFamily[] {
  const families: CatalogFamily[] = [
    ...INFO_METRICS.filter((row) => !NOT_COLLECTED.has(row.section)).map(
      ({ name, type, help }) => ({ name, type, labels: [], help })
    ),
    ...LABELLED_METRICS.map(({ name, type, labels, help }) => ({ name, type, labels, help })),
  ]
  return families.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
