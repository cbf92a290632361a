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
/** Per search index (FT.INFO); `_sz_mb` / `_size_mb` fields are converted to bytes. */
const INDEX = ['index_name'] as const
/** A search_index_* gauge of one FT.INFO field (the builder reads the field from the source). */
const ft = (field: string, help: string) => gauge(INDEX, help, `FT.INFO ${field}`)
/** A per-client gauge of one CLIENT LIST field (the builder reads the field from the source). */
const client = (field: string, help: string) => gauge(CLIENT, help, `CLIENT LIST ${field}`)
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

  // Key, stream, key-group and script checks (§1.7): only when their settings are set.
  key_size:                                gauge(['db', 'key'], 'The length or size of "key" (STRLEN, or PFCOUNT for a HyperLogLog; LLEN, SCARD, ZCARD, HLEN, XLEN by type).', 'TYPE, then the size command of the type'),
  key_value:                               gauge(['db', 'key'], 'The value of "key", for string keys whose value is a number.', 'GET'),
  key_value_as_string:                     gauge(['db', 'key', 'val'], 'The value of "key" as a string (in val), for string keys whose value is not a number; always 1.', 'GET'),
  key_memory_usage_bytes:                  gauge(['db', 'key'], 'Memory used by "key" and its value, in bytes (MEMORY USAGE).', 'MEMORY USAGE'),
  keys_count:                              gauge(['db', 'key'], 'Count of keys matching the pattern in key, from the last complete SCAN walk.', 'SCAN MATCH'),
  stream_length:                           gauge(['db', 'stream'], 'The number of elements of the stream.', 'XINFO STREAM'),
  stream_radix_tree_keys:                  gauge(['db', 'stream'], 'Radix tree keys count.', 'XINFO STREAM'),
  stream_radix_tree_nodes:                 gauge(['db', 'stream'], 'Radix tree nodes count.', 'XINFO STREAM'),
  stream_groups:                           gauge(['db', 'stream'], 'Groups count of stream.', 'XINFO STREAM'),
  stream_last_generated_id:                gauge(['db', 'stream'], 'The epoch timestamp (ms) of the latest message on the stream.', 'XINFO STREAM'),
  stream_first_entry_id:                   gauge(['db', 'stream'], 'The epoch timestamp (ms) of the first message in the stream.', 'XINFO STREAM'),
  stream_last_entry_id:                    gauge(['db', 'stream'], 'The epoch timestamp (ms) of the last message in the stream.', 'XINFO STREAM'),
  stream_max_deleted_entry_id:             gauge(['db', 'stream'], 'The epoch timestamp (ms) of the latest message deleted from the stream (Redis 7+).', 'XINFO STREAM'),
  stream_entries_added_total:              counter(['db', 'stream'], 'Total number of entries added to the stream over its lifetime (Redis 7+).', 'XINFO STREAM'),
  stream_group_consumers:                  gauge(['db', 'stream', 'group'], 'Consumers count of stream group.', 'XINFO GROUPS'),
  stream_group_messages_pending:           gauge(['db', 'stream', 'group'], 'Pending number of messages in that stream group.', 'XINFO GROUPS'),
  stream_group_last_delivered_id:          gauge(['db', 'stream', 'group'], 'The epoch timestamp (ms) of the last delivered message.', 'XINFO GROUPS'),
  stream_group_entries_read:               gauge(['db', 'stream', 'group'], 'Logical read counter of the group (Redis 7+).', 'XINFO GROUPS'),
  stream_group_lag:                        gauge(['db', 'stream', 'group'], 'Number of entries in the stream still waiting to be delivered to the group (Redis 7+).', 'XINFO GROUPS'),
  stream_group_consumer_messages_pending:  gauge(['db', 'stream', 'group', 'consumer'], 'Pending number of messages for this specific consumer.', 'XINFO CONSUMERS'),
  stream_group_consumer_idle_seconds:      gauge(['db', 'stream', 'group', 'consumer'], 'Consumer idle time in seconds (XINFO CONSUMERS idle, converted from milliseconds).', 'XINFO CONSUMERS'),
  key_group_count:                         gauge(['db', 'key_group'], 'Count of keys in key group, from the last complete SCAN walk.', 'EVAL (SCAN, MEMORY USAGE)'),
  key_group_memory_usage_bytes:            gauge(['db', 'key_group'], 'Total memory usage of key group in bytes, from the last complete SCAN walk.', 'EVAL (SCAN, MEMORY USAGE)'),
  number_of_distinct_key_groups:           gauge(['db'], 'Number of distinct key groups; 0 for databases without keys.', 'EVAL (SCAN, MEMORY USAGE)'),
  script_values:                           gauge(['key', 'filename'], 'Values returned by the collect script.', 'EVAL'),
  script_result:                           gauge(['filename'], 'Result of the collect script: 1 ok, 2 empty result, 0 error.', 'EVAL'),
  exporter_key_checks_commands:            gauge([], 'Commands the key, stream, key-group and script checks sent in the last scrape (SELECTs included; each billed on Upstash); at most REDIS_EXPORTER_KEY_CHECK_BUDGET.', 'exporter'),
  exporter_key_checks_round_trips:         gauge([], 'Round trips the key, stream, key-group and script checks took in the last scrape.', 'exporter'),
  exporter_key_checks_budget_exhausted:    gauge([], 'Whether the last scrape left key-check work for later because REDIS_EXPORTER_KEY_CHECK_BUDGET or _BUDGET_TIME ran out (1) or not (0).', 'exporter'),
  exporter_key_scan_progress_ratio:        gauge(['check', 'db', 'pattern'], 'Estimated fraction of the current SCAN walk done (SCAN calls times the batch size, over the keys in the database); the walk resumes at the next scrape.', 'exporter'),
  exporter_key_scan_walks_completed_total: counter(['check', 'db', 'pattern'], 'SCAN walks of a check (check_keys, check_streams, count_keys, key_groups) completed since the exporter started; their results are exported until the next one completes.', 'exporter'),
  // Opt-in collectors (§1.2, 1.6, 1.8): only when their setting asks for them.
  exporter_last_scrape_ping_time_seconds:       gauge([], 'PING round trip, in seconds.', 'PING'),
  connected_clients_details:                    gauge(['cmd', 'created_at', 'db', 'flags', 'host', 'idle_since', 'name', 'omem'], 'A client (1.45 shape); always 1.', 'CLIENT LIST', { optional: ['port'] }),
  connected_client_info:                        gauge(['db', 'flags', 'host', 'id', 'name'], 'A client; always 1.', 'CLIENT LIST', { optional: ['port', 'resp', 'user'] }),
  connected_client_output_buffer_memory_usage_bytes:  client('omem', 'Output buffer memory, in bytes.'),
  connected_client_total_memory_consumed_bytes:  client('tot-mem', 'Total memory, in bytes.'),
  connected_client_created_at_timestamp:        client('age', 'Connection time, Unix seconds.'),
  connected_client_idle_since_timestamp:        client('idle', 'Last command time, Unix seconds.'),
  connected_client_channel_subscriptions_count:  client('sub', 'Channel subscriptions.'),
  connected_client_pattern_matching_subscriptions_count:  client('psub', 'Pattern subscriptions.'),
  connected_client_query_buffer_length_bytes:   client('qbuf', 'Query buffer length, in bytes.'),
  connected_client_query_buffer_free_space_bytes:  client('qbuf-free', 'Query buffer free, in bytes.'),
  connected_client_output_buffer_length_bytes:  client('obl', 'Output buffer length, in bytes.'),
  connected_client_output_list_length:          client('oll', 'Output list length.'),
  connected_client_shard_channel_subscriptions_count:  client('ssub', 'Shard channel subscriptions.'),
  connected_client_shard_channel_watched_keys:  client('watch', 'Keys watched.'),
  config_key_value:                             gauge(['key', 'value'], 'Config key and value; always 1.', 'CONFIG GET *'),
  config_value:                                 gauge(['key'], 'Config key and value as metric.', 'CONFIG GET *'),
  sentinel_config_key_value:                    gauge(['key', 'value'], 'Sentinel config; always 1.', 'SENTINEL CONFIG GET *'),
  sentinel_config_value:                        gauge(['key'], 'Sentinel config value.', 'SENTINEL CONFIG GET *'),
  sentinel_masters:                             gauge([], 'Masters monitored.', 'INFO sentinel_masters'),
  sentinel_tilt:                                gauge([], 'TILT mode, 1 or 0.', 'INFO sentinel_tilt'),
  sentinel_running_scripts:                     gauge([], 'Scripts running.', 'INFO sentinel_running_scripts'),
  sentinel_scripts_queue_length:                gauge([], 'Scripts queued.', 'INFO sentinel_scripts_queue_length'),
  sentinel_simulate_failure_flags:              gauge([], 'Failure flags.', 'INFO sentinel_simulate_failure_flags'),
  sentinel_master_status:                       gauge(['master_name', 'master_address', 'master_status'], 'Master ok (1) or not (0).', 'INFO sentinel masterN'),
  sentinel_master_slaves:                       gauge(SENTINEL, 'Replicas of a master.', 'INFO sentinel masterN'),
  sentinel_master_sentinels:                    gauge(SENTINEL, 'Sentinels of a master.', 'INFO sentinel masterN'),
  sentinel_master_ckquorum_status:              gauge(['master_name', 'message'], 'Quorum reachable (1) or not (0).', 'SENTINEL CKQUORUM'),
  sentinel_master_setting_ckquorum:             gauge(SENTINEL, 'Quorum of a master.', 'SENTINEL MASTERS quorum'),
  sentinel_master_setting_failover_timeout:     gauge(SENTINEL, 'Failover timeout, in ms.', 'SENTINEL MASTERS failover-timeout'),
  sentinel_master_setting_parallel_syncs:       gauge(SENTINEL, 'Replicas reconfigured at once.', 'SENTINEL MASTERS parallel-syncs'),
  sentinel_master_setting_down_after_milliseconds:  gauge(SENTINEL, 'Down after, in milliseconds.', 'SENTINEL MASTERS down-after-milliseconds'),
  sentinel_master_config_epoch:                 gauge(SENTINEL, 'Configuration epoch.', 'SENTINEL MASTERS config-epoch'),
  sentinel_master_last_ok_ping_reply_seconds:   gauge(SENTINEL, 'Seconds since the last PING reply.', 'SENTINEL MASTERS last-ok-ping-reply'),
  sentinel_master_ok_sentinels:                 gauge(SENTINEL, 'Sentinels up, this one included.', 'SENTINEL SENTINELS'),
  sentinel_master_ok_slaves:                    gauge(SENTINEL, 'Replicas not down.', 'SENTINEL SLAVES'),
  sentinel_peer_info:                           gauge([...SENTINEL, 'name', 'ip', 'port', 'runid', 'flags'], 'A peer Sentinel; always 1.', 'SENTINEL SENTINELS'),
  module_info:                                  gauge(['name', 'ver', 'api', 'filters', 'usedby', 'using'], 'A loaded module; always 1.', 'INFO MODULES'),
  search_index_num_docs:                        ft('num_docs', 'Documents.'),
  search_index_max_doc_id:                      ft('max_doc_id', 'Highest document ID.'),
  search_index_num_terms:                       ft('num_terms', 'Distinct terms.'),
  search_index_num_records:                     ft('num_records', 'Records.'),
  search_index_inverted_size_bytes:             ft('inverted_sz_mb', 'Inverted index, in bytes.'),
  search_index_total_inverted_index_blocks:     ft('total_inverted_index_blocks', 'Inverted index blocks.'),
  search_index_vector_index_size_bytes:         ft('vector_index_sz_mb', 'Vector index, in bytes.'),
  search_index_offset_vectors_size_bytes:       ft('offset_vectors_sz_mb', 'Offset vectors, in bytes.'),
  search_index_doc_table_size_bytes:            ft('doc_table_size_mb', 'Document table, in bytes.'),
  search_index_sortable_values_size_bytes:      ft('sortable_values_size_mb', 'Sortable values, in bytes.'),
  search_index_key_table_size_bytes:            ft('key_table_size_mb', 'Key table, in bytes.'),
  search_index_tag_overhead_size_bytes:         ft('tag_overhead_sz_mb', 'Tag overhead, in bytes.'),
  search_index_text_overhead_size_bytes:        ft('text_overhead_sz_mb', 'Text overhead, in bytes.'),
  search_index_total_index_memory_size_bytes:   ft('total_index_memory_sz_mb', 'Index memory, in bytes.'),
  search_index_geoshapes_size_bytes:            ft('geoshapes_sz_mb', 'Geoshapes, in bytes.'),
  search_index_avg_per_doc_records:             ft('records_per_doc_avg', 'Records per document.'),
  search_index_avg_per_record_bytes:            ft('bytes_per_record_avg', 'Bytes per record.'),
  search_index_avg_per_term_offsets:            ft('offsets_per_term_avg', 'Offsets per term.'),
  search_index_avg_per_record_offset_bits:      ft('offset_bits_per_record_avg', 'Offset bits per record.'),
  search_index_indexing:                        ft('indexing', 'Whether indexing, 1 or 0.'),
  search_index_percent_indexed:                 ft('percent_indexed', 'Fraction indexed.'),
  search_index_hash_indexing_failures:          ft('hash_indexing_failures', 'Indexing failures.'),
  search_index_number_of_uses_total:            counter(INDEX, 'Uses of the index.', 'FT.INFO number_of_uses'),
  search_index_cleaning:                        ft('cleaning', 'Whether cleaning, 1 or 0.'),

  // CONFIG GET (§1.6): present only when CONFIG answers.
  config_maxmemory:                                   gauge([], 'Configured memory limit, in bytes (CONFIG GET maxmemory).', 'CONFIG GET maxmemory'),
  config_maxclients:                                  gauge([], 'Configured maximum number of client connections (CONFIG GET maxclients).', 'CONFIG GET maxclients'),
  config_io_threads:                                  gauge([], 'Configured number of I/O threads (CONFIG GET io-threads).', 'CONFIG GET io-threads'),
  config_repl_backlog_size:                           gauge([], 'Configured size of the replication backlog, in bytes (CONFIG GET repl-backlog-size).', 'CONFIG GET repl-backlog-size'),
  config_client_output_buffer_limit_bytes:            gauge(['class', 'limit'], 'Client output buffer hard and soft limits per client class, in bytes (CONFIG GET client-output-buffer-limit).', 'CONFIG GET client-output-buffer-limit'),
  config_client_output_buffer_limit_overcome_seconds: gauge(['class', 'limit'], 'Seconds a client may stay above its soft output buffer limit before it is disconnected, per client class (CONFIG GET client-output-buffer-limit).', 'CONFIG GET client-output-buffer-limit'),
})
