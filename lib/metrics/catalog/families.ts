import { counter, gauge, histogram, named, summary } from '../descriptor'

/**
 * Every family this exporter emits that is not a one-to-one INFO map row (those are in
 * info-map.ts): exporter self-metrics, rule-based INFO families (keyspace, commandstats,
 * latencystats, errorstats, replication) and the families of the extra commands (CONFIG GET,
 * LATENCY, SLOWLOG). Names follow redis_exporter HEAD (redis_exporter.md §1.2, 1.4-1.6), without
 * the namespace. A row is `name: type(labels in output order, help, source, { optional }?)`.
 */

const MASTER = ['master_host', 'master_port'] as const
const SLAVE = ['slave_ip', 'slave_port', 'slave_state'] as const
/** instance_info: the INFO fields of the same names, '' when INFO lacks one. */
const INSTANCE = [
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
] as const
/** Per monitored master of a Sentinel. */
const SENTINEL = ['master_name', 'master_address'] as const
/** Per connected client (CLIENT LIST), newer redis_exporter shape. */
const CLIENT = ['id', 'name'] as const
/** Only on Valkey: set when INFO has the field. */
const VALKEY = ['valkey_version', 'valkey_release_stage'] as const

// prettier-ignore
export const FAMILIES = named({
  // Exporter self-metrics (redis_exporter.md §1.2): emitted even when Redis is unreachable.
  up:                                          gauge([], 'Whether the last scrape of the Redis instance succeeded (1) or failed (0).', 'exporter'),
  exporter_last_scrape_error:                  gauge(['err'], 'Whether the last scrape failed (1, with the error text in err) or not (0, with err="").', 'exporter'),
  exporter_last_scrape_duration_seconds:       gauge([], 'Wall-clock duration of the last scrape, in seconds.', 'exporter'),
  exporter_scrape_duration_seconds:            summary([], 'Durations of scrapes by the exporter, in seconds (no quantiles, only _sum and _count).', 'exporter'),
  exporter_scrapes_total:                      counter([], 'Total number of scrapes performed by the exporter.', 'exporter'),
  exporter_last_scrape_connect_time_seconds:   gauge([], 'Time spent connecting to Redis (dial, TLS and AUTH) in the last scrape, in seconds.', 'exporter'),
  target_scrape_request_errors_total:          counter([], 'Total number of /scrape requests rejected with HTTP 400.', 'exporter'),
  exporter_discovery_out_of_scope_nodes_total: counter([], 'Discovered nodes left out as outside the discovery scope (REDIS_ADDR, SCRAPE_ALLOWED_TARGETS, DISCOVERY_ALLOWED_NETWORKS) or never reachable (link-local, cloud metadata), summed over every discovery since start.', 'exporter'),
  exporter_discovery_truncated_nodes_total:    counter([], 'Entries of topology replies left unread because one discovery keeps at most 1000 nodes, summed over every discovery since start.', 'exporter'),
  exporter_build_info:                         gauge(['version', 'commit_sha', 'build_date', 'runtime_version'], 'Build information of the exporter; always 1.', 'exporter'),
  exporter_collector_success:                  gauge(['collector'], 'Whether the optional command of a collector (config, latency_latest, latency_histogram, slowlog, cluster_info) answered in this scrape (1) or failed (0).', 'exporter'),
  exporter_collector_available:                gauge(['collector'], 'Whether the target offers a collector (1) or blocks it, lacks it or answers it empty (0); info_<section> tells whether INFO has that section. With collector_success 0, available 1 means broken, available 0 blocked by the provider.', 'exporter'),
  exporter_last_scrape_truncated_samples:      gauge([], 'Samples left out of the last scrape because the page reached its cap (100,000 samples or 16 MiB); 0 when nothing was cut.', 'exporter'),
  exporter_last_scrape_duplicate_samples:      gauge([], 'Samples dropped from the last scrape because the reply repeated a series (two replicas on the same ip:port); the first one is kept.', 'exporter'),

  // INFO fields handled by rules (§1.4).
  start_time_seconds:                  gauge([], 'Start time of the Redis instance since the Unix epoch, in seconds (now minus INFO uptime_in_seconds).', 'INFO server uptime_in_seconds'),
  hz:                                  gauge([], 'Current frequency of the server background tasks, in calls per second (INFO hz).', 'INFO server hz'),
  configured_hz:                       gauge([], 'Configured frequency of the server background tasks, in calls per second (INFO configured_hz).', 'INFO server configured_hz'),
  instance_info:                       gauge(INSTANCE, 'Information about the Redis instance; always 1. The valkey_version and valkey_release_stage labels are present only on Valkey.', 'INFO server, replication', { optional: VALKEY }),
  slave_info:                          gauge(['master_host', 'master_port', 'read_only'], 'Information about the master of this replica; always 1, emitted only when role is slave.', 'INFO replication'),
  master_link_up:                      gauge(MASTER, 'Whether the link from this replica to its master is up (1) or not (0) (INFO master_link_status).', 'INFO replication master_link_status'),
  master_last_io_seconds_ago:          gauge(MASTER, 'Seconds since this replica last interacted with its master (INFO master_last_io_seconds_ago).', 'INFO replication master_last_io_seconds_ago'),
  master_sync_in_progress:             gauge(MASTER, 'Whether this replica is synchronising with its master, 1 or 0 (INFO master_sync_in_progress).', 'INFO replication master_sync_in_progress'),
  slave_repl_offset:                   gauge(MASTER, 'Replication offset of this replica, in bytes (INFO slave_repl_offset).', 'INFO replication slave_repl_offset'),
  connected_slave_offset_bytes:        gauge(SLAVE, 'Replication offset acknowledged by each connected replica, in bytes (INFO slaveN offset).', 'INFO replication slaveN'),
  connected_slave_lag_seconds:         gauge(SLAVE, 'Seconds since the last acknowledgement from each connected replica (INFO slaveN lag).', 'INFO replication slaveN'),
  db_keys:                             gauge(['db'], 'Total number of keys by DB (INFO keyspace keys); 0 for empty databases.', 'INFO keyspace'),
  db_keys_expiring:                    gauge(['db'], 'Total number of keys with an expiry by DB (INFO keyspace expires); 0 for empty databases.', 'INFO keyspace'),
  db_avg_ttl_seconds:                  gauge(['db'], 'Average TTL of the keys with an expiry by DB, in seconds (INFO keyspace avg_ttl, converted from milliseconds).', 'INFO keyspace'),
  db_keys_cached:                      gauge(['db'], 'Number of keys cached in memory by DB (KeyDB INFO keyspace cached_keys).', 'INFO keyspace'),
  db_keys_with_expiring_items:         gauge(['db'], 'Number of keys with expiring items such as hash fields by DB (INFO keyspace subexpiry or keys_with_volatile_items).', 'INFO keyspace'),
  commands_total:                      counter(['cmd'], 'Total number of calls per command (INFO commandstats calls).', 'INFO commandstats'),
  commands_duration_seconds_total:     counter(['cmd'], 'Total time spent executing each command, in seconds (INFO commandstats usec, converted from microseconds).', 'INFO commandstats'),
  commands_rejected_calls_total:       counter(['cmd'], 'Total number of calls per command rejected before execution (INFO commandstats rejected_calls).', 'INFO commandstats'),
  commands_failed_calls_total:         counter(['cmd'], 'Total number of calls per command that failed during execution (INFO commandstats failed_calls).', 'INFO commandstats'),
  errors_total:                        counter(['err'], 'Total number of error replies per error type (INFO errorstats).', 'INFO errorstats'),
  latency_percentiles_usec:            summary(['cmd'], 'A summary of latency percentile distribution per command, in microseconds (INFO latencystats).', 'INFO latencystats'),
  active_time_io_thread_seconds_total: counter(['thread'], 'Time each I/O thread spent active, as reported by Valkey 9.1+ (INFO used_active_time_io_thread_N, no unit conversion).', 'INFO used_active_time_io_thread_N'),

  // Extra commands run on every scrape (§1.5).
  commands_latencies_usec:                      histogram(['cmd'], 'A histogram of latencies per command, in microseconds (LATENCY HISTOGRAM).', 'LATENCY HISTOGRAM'),
  latency_spike_last:                           gauge(['event_name'], 'Unix timestamp of the last latency spike per event, in seconds (LATENCY LATEST).', 'LATENCY LATEST'),
  latency_spike_duration_seconds:               gauge(['event_name'], 'Duration of the last latency spike per event, in seconds (LATENCY LATEST, converted from milliseconds).', 'LATENCY LATEST'),
  slowlog_length:                               gauge([], 'Number of entries in the slow log (SLOWLOG LEN).', 'SLOWLOG LEN'),
  slowlog_last_id:                              gauge([], 'ID of the most recent slow log entry; 0 when the slow log is empty (SLOWLOG GET 1).', 'SLOWLOG GET 1'),
  last_slow_execution_duration_seconds:         gauge([], 'Execution time of the most recent slow log entry, in seconds; 0 when the slow log is empty (SLOWLOG GET 1).', 'SLOWLOG GET 1'),
  last_key_groups_scrape_duration_milliseconds: gauge([], 'Duration of the last key group metrics scrape, in milliseconds; always emitted, 0 when key groups are off.', 'exporter (key groups)'),

  // Opt-in collectors (§1.2, 1.6, 1.8): only when their setting asks for them.
  exporter_last_scrape_ping_time_seconds:      gauge([], 'Round trip of the PING sent before the scrape\'s commands, in seconds (REDIS_EXPORTER_PING_ON_CONNECT).', 'PING'),
  connected_clients_details:                   gauge(['cmd', 'created_at', 'db', 'flags', 'host', 'idle_since', 'name', 'omem'], 'Details about connected clients; always 1 (redis_exporter 1.45 shape; created_at and idle_since are Unix seconds).', 'CLIENT LIST', { optional: ['port'] }),
  connected_client_info:                       gauge(['db', 'flags', 'host', 'id', 'name'], 'Details about a connected client; always 1 (user and resp when the server reports them).', 'CLIENT LIST', { optional: ['port', 'resp', 'user'] }),
  connected_client_output_buffer_memory_usage_bytes: gauge(CLIENT, 'Memory used by the client\'s output buffer, in bytes.', 'CLIENT LIST omem'),
  connected_client_total_memory_consumed_bytes: gauge(CLIENT, 'Total memory consumed by the client, in bytes.', 'CLIENT LIST tot-mem'),
  connected_client_created_at_timestamp:        gauge(CLIENT, 'Unix time the client connected, in seconds (now minus age).', 'CLIENT LIST age'),
  connected_client_idle_since_timestamp:        gauge(CLIENT, 'Unix time of the client\'s last command, in seconds (now minus idle).', 'CLIENT LIST idle'),
  connected_client_channel_subscriptions_count: gauge(CLIENT, 'Number of channels the client is subscribed to.', 'CLIENT LIST sub'),
  connected_client_pattern_matching_subscriptions_count: gauge(CLIENT, 'Number of patterns the client is subscribed to.', 'CLIENT LIST psub'),
  connected_client_query_buffer_length_bytes:   gauge(CLIENT, 'Length of the client\'s query buffer, in bytes.', 'CLIENT LIST qbuf'),
  connected_client_query_buffer_free_space_bytes: gauge(CLIENT, 'Free space of the client\'s query buffer, in bytes.', 'CLIENT LIST qbuf-free'),
  connected_client_output_buffer_length_bytes:  gauge(CLIENT, 'Length of the client\'s output buffer, in bytes.', 'CLIENT LIST obl'),
  connected_client_output_list_length:          gauge(CLIENT, 'Number of replies queued in the client\'s output list.', 'CLIENT LIST oll'),
  connected_client_shard_channel_subscriptions_count: gauge(CLIENT, 'Number of shard channels the client is subscribed to.', 'CLIENT LIST ssub'),
  connected_client_shard_channel_watched_keys:  gauge(CLIENT, 'Number of keys the client is watching.', 'CLIENT LIST watch'),
  config_key_value:                            gauge(['key', 'value'], 'Config key and value; always 1 (passwords left out unless REDIS_EXPORTER_REDACT_CONFIG_METRICS=false).', 'CONFIG GET *'),
  config_value:                                gauge(['key'], 'Config key and value as metric, for every parameter whose value is a number.', 'CONFIG GET *'),
  sentinel_config_key_value:                   gauge(['key', 'value'], 'Sentinel config key and value; always 1.', 'SENTINEL CONFIG GET *'),
  sentinel_config_value:                       gauge(['key'], 'Sentinel config key and value as metric, for every parameter whose value is a number.', 'SENTINEL CONFIG GET *'),
  sentinel_masters:                            gauge([], 'Number of masters this Sentinel monitors (INFO sentinel_masters).', 'INFO sentinel'),
  sentinel_tilt:                               gauge([], 'Whether this Sentinel is in TILT mode, 1 or 0 (INFO sentinel_tilt).', 'INFO sentinel'),
  sentinel_running_scripts:                    gauge([], 'Number of scripts this Sentinel is running (INFO sentinel_running_scripts).', 'INFO sentinel'),
  sentinel_scripts_queue_length:               gauge([], 'Number of scripts waiting to run (INFO sentinel_scripts_queue_length).', 'INFO sentinel'),
  sentinel_simulate_failure_flags:             gauge([], 'Failure simulation flags of this Sentinel (INFO sentinel_simulate_failure_flags).', 'INFO sentinel'),
  sentinel_master_status:                      gauge(['master_name', 'master_address', 'master_status'], 'Whether a monitored master is ok (1) or not (0), with its status (INFO sentinel masterN).', 'INFO sentinel'),
  sentinel_master_slaves:                      gauge(SENTINEL, 'Number of replicas of a monitored master (INFO sentinel masterN).', 'INFO sentinel'),
  sentinel_master_sentinels:                   gauge(SENTINEL, 'Number of Sentinels monitoring a master (INFO sentinel masterN).', 'INFO sentinel'),
  sentinel_master_ckquorum_status:             gauge(['master_name', 'message'], 'Whether the Sentinels of a master can reach quorum and authorise a failover (1) or not (0, with the reason in message).', 'SENTINEL CKQUORUM'),
  sentinel_master_setting_ckquorum:            gauge(SENTINEL, 'Quorum configured for a master.', 'SENTINEL MASTERS quorum'),
  sentinel_master_setting_failover_timeout:    gauge(SENTINEL, 'Failover timeout configured for a master, in milliseconds.', 'SENTINEL MASTERS failover-timeout'),
  sentinel_master_setting_parallel_syncs:      gauge(SENTINEL, 'Replicas reconfigured at once after a failover of a master.', 'SENTINEL MASTERS parallel-syncs'),
  sentinel_master_setting_down_after_milliseconds: gauge(SENTINEL, 'Milliseconds without a reply before a master is considered down.', 'SENTINEL MASTERS down-after-milliseconds'),
  sentinel_master_config_epoch:                gauge(SENTINEL, 'Configuration epoch of a master.', 'SENTINEL MASTERS config-epoch'),
  sentinel_master_last_ok_ping_reply_seconds:  gauge(SENTINEL, 'Seconds since a master last answered a PING correctly (SENTINEL MASTERS last-ok-ping-reply, converted from milliseconds).', 'SENTINEL MASTERS last-ok-ping-reply'),
  sentinel_master_ok_sentinels:                gauge(SENTINEL, 'Number of Sentinels of a master that are not down, this one included.', 'SENTINEL SENTINELS'),
  sentinel_master_ok_slaves:                   gauge(SENTINEL, 'Number of replicas of a master that are not down.', 'SENTINEL SLAVES'),
  sentinel_peer_info:                          gauge(['master_name', 'master_address', 'name', 'ip', 'port', 'runid', 'flags'], 'Another Sentinel of a master; always 1 (REDIS_EXPORTER_INCL_SENTINEL_PEER_INFO).', 'SENTINEL SENTINELS'),
  module_info:                                 gauge(['name', 'ver', 'api', 'filters', 'usedby', 'using'], 'A loaded module; always 1 (INFO MODULES module lines).', 'INFO MODULES'),
  search_index_num_docs:                        gauge(['index_name'], 'Number of documents in the index.', 'FT.INFO num_docs'),
  search_index_max_doc_id:                      gauge(['index_name'], 'Highest document ID of the index.', 'FT.INFO max_doc_id'),
  search_index_num_terms:                       gauge(['index_name'], 'Number of distinct terms in the index.', 'FT.INFO num_terms'),
  search_index_num_records:                     gauge(['index_name'], 'Number of records in the index.', 'FT.INFO num_records'),
  search_index_inverted_size_bytes:             gauge(['index_name'], 'Memory of the inverted index, in bytes (from MB).', 'FT.INFO inverted_sz_mb'),
  search_index_total_inverted_index_blocks:     gauge(['index_name'], 'Number of blocks of the inverted index.', 'FT.INFO total_inverted_index_blocks'),
  search_index_vector_index_size_bytes:         gauge(['index_name'], 'Memory of the vector index, in bytes (from MB).', 'FT.INFO vector_index_sz_mb'),
  search_index_offset_vectors_size_bytes:       gauge(['index_name'], 'Memory of the offset vectors, in bytes (from MB).', 'FT.INFO offset_vectors_sz_mb'),
  search_index_doc_table_size_bytes:            gauge(['index_name'], 'Memory of the document table, in bytes (from MB).', 'FT.INFO doc_table_size_mb'),
  search_index_sortable_values_size_bytes:      gauge(['index_name'], 'Memory of the sortable values, in bytes (from MB).', 'FT.INFO sortable_values_size_mb'),
  search_index_key_table_size_bytes:            gauge(['index_name'], 'Memory of the key table, in bytes (from MB).', 'FT.INFO key_table_size_mb'),
  search_index_tag_overhead_size_bytes:         gauge(['index_name'], 'Memory overhead of tag fields, in bytes (from MB).', 'FT.INFO tag_overhead_sz_mb'),
  search_index_text_overhead_size_bytes:        gauge(['index_name'], 'Memory overhead of text fields, in bytes (from MB).', 'FT.INFO text_overhead_sz_mb'),
  search_index_total_index_memory_size_bytes:   gauge(['index_name'], 'Total memory of the index, in bytes (from MB).', 'FT.INFO total_index_memory_sz_mb'),
  search_index_geoshapes_size_bytes:            gauge(['index_name'], 'Memory of the geoshape fields, in bytes (from MB).', 'FT.INFO geoshapes_sz_mb'),
  search_index_avg_per_doc_records:             gauge(['index_name'], 'Average number of records per document.', 'FT.INFO records_per_doc_avg'),
  search_index_avg_per_record_bytes:            gauge(['index_name'], 'Average size of a record, in bytes.', 'FT.INFO bytes_per_record_avg'),
  search_index_avg_per_term_offsets:            gauge(['index_name'], 'Average number of offsets per term.', 'FT.INFO offsets_per_term_avg'),
  search_index_avg_per_record_offset_bits:      gauge(['index_name'], 'Average number of offset bits per record.', 'FT.INFO offset_bits_per_record_avg'),
  search_index_indexing:                        gauge(['index_name'], 'Whether the index is being built, 1 or 0.', 'FT.INFO indexing'),
  search_index_percent_indexed:                 gauge(['index_name'], 'Fraction of the documents indexed, 0 to 1.', 'FT.INFO percent_indexed'),
  search_index_hash_indexing_failures:          gauge(['index_name'], 'Number of documents that failed to be indexed.', 'FT.INFO hash_indexing_failures'),
  search_index_number_of_uses_total:            counter(['index_name'], 'Number of times the index was used.', 'FT.INFO number_of_uses'),
  search_index_cleaning:                        gauge(['index_name'], 'Whether the index is being cleaned, 1 or 0.', 'FT.INFO cleaning'),

  // CONFIG GET (§1.6): present only when CONFIG answers.
  config_maxmemory:                                   gauge([], 'Configured memory limit, in bytes (CONFIG GET maxmemory).', 'CONFIG GET maxmemory'),
  config_maxclients:                                  gauge([], 'Configured maximum number of client connections (CONFIG GET maxclients).', 'CONFIG GET maxclients'),
  config_io_threads:                                  gauge([], 'Configured number of I/O threads (CONFIG GET io-threads).', 'CONFIG GET io-threads'),
  config_repl_backlog_size:                           gauge([], 'Configured size of the replication backlog, in bytes (CONFIG GET repl-backlog-size).', 'CONFIG GET repl-backlog-size'),
  config_client_output_buffer_limit_bytes:            gauge(['class', 'limit'], 'Client output buffer hard and soft limits per client class, in bytes (CONFIG GET client-output-buffer-limit).', 'CONFIG GET client-output-buffer-limit'),
  config_client_output_buffer_limit_overcome_seconds: gauge(['class', 'limit'], 'Seconds a client may stay above its soft output buffer limit before it is disconnected, per client class (CONFIG GET client-output-buffer-limit).', 'CONFIG GET client-output-buffer-limit'),
})
