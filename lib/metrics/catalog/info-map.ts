import type { Descriptor } from '../descriptor'
import { NO_LABEL_NAMES } from '../descriptor'

/**
 * The one-to-one INFO field maps of oliver006/redis_exporter (HEAD, v1.88+: `metricMapGauges` and
 * `metricMapCounters`), one row per INFO field, grouped by INFO section in the reference's order
 * (redis_exporter.md §1.3). Keyed by field, so a field repeated in a section does not compile.
 *
 * The map decides the type, not the name: some gauges end in `_total` (`rdb_saves_total`,
 * `cluster_messages_sent_total`, `tile38_*_total`...) and some counters do not
 * (`total_error_replies`, `search_*_count`...). Keep those quirks: they make the drop-in.
 *
 * A row is `field: [type, name, help, options?]`: the exported name without namespace, '' when it
 * is the field's own; upstream's HELP is the placeholder `<name> metric`, ours is the row's text
 * with its source appended at load, e.g. `Seconds since the Redis server started (INFO
 * uptime_in_seconds).` (SECTION_SOURCES). The rows are kept short: they ship in every bundle.
 */

/** Exported only when its opt-in is on. */
export type OptIn = 'system' | 'tile38' | 'modules'

export interface InfoRowOptions {
  /** Multiply the raw value by this (only `latest_fork_usec`: µs -> s). */
  readonly scale?: number
  readonly optIn?: OptIn
}

export type InfoRow = readonly [
  type: 'gauge' | 'counter',
  /** '' when it is the field's name. */
  name: string,
  help: string,
  opts?: InfoRowOptions,
]

/** Where each section's fields come from, as named at the end of their HELP text. */
export const SECTION_SOURCES = {
  server: 'INFO',
  clients: 'INFO',
  memory: 'INFO',
  persistence: 'INFO',
  stats: 'INFO',
  replication: 'INFO',
  cpu: 'INFO',
  cluster: 'CLUSTER INFO',
  keydb: 'INFO',
  tile38: 'Tile38 SERVER EXT',
  modules: 'INFO MODULES',
} as const

export type Section = keyof typeof SECTION_SOURCES

/** `--include-system-metrics` (REDIS_EXPORTER_INCL_SYSTEM_METRICS). */
const SYSTEM = { optIn: 'system' } as const
/** `--is-tile38` (SERVER EXT) and `--include-modules-metrics` (INFO MODULES): read from their own replies. */
const TILE38 = { optIn: 'tile38' } as const
const MODULES = { optIn: 'modules' } as const

/** Opt-ins with no setting: none left (REDIS_EXPORTER_IS_TILE38 and _INCL_MODULES_METRICS exist). */
export const OPT_INS_WITHOUT_SETTING: readonly OptIn[] = []

const GAUGE = 'gauge'
const COUNTER = 'counter'

/**
 * 258 rows: upstream's static maps hold 180 gauges and 77 counters, and `total_system_memory`
 * (a gauge) joins the gauge map at start-up only with `--include-system-metrics`.
 */
// prettier-ignore
export const INFO_MAP = {
  server: {
    uptime_in_seconds: [GAUGE,   '', 'Seconds since the Redis server started.'],
    process_id:        [GAUGE,   '', 'Process ID of the Redis server.'],
    io_threads_active: [GAUGE,   '', 'Whether I/O threads are active, 1 or 0.'],
  },
  clients: {
    connected_clients:               [GAUGE,   '',                                      'Number of client connections, excluding connections from replicas.'],
    blocked_clients:                 [GAUGE,   '',                                      'Number of clients pending on a blocking call (BLPOP, BRPOP, BLMOVE, XREAD, WAIT, ...).'],
    maxclients:                      [GAUGE,   'max_clients',                           'Maximum number of client connections the server accepts (the maxclients setting).'],
    tracking_clients:                [GAUGE,   '',                                      'Number of clients being tracked for client-side caching (CLIENT TRACKING).'],
    clients_in_timeout_table:        [GAUGE,   '',                                      'Number of blocked clients waiting in the clients timeout table.'],
    pubsub_clients:                  [GAUGE,   '',                                      'Number of clients in Pub/Sub mode.'],
    watching_clients:                [GAUGE,   '',                                      'Number of clients in WATCH mode.'],
    total_watched_keys:              [GAUGE,   '',                                      'Number of keys watched with WATCH.'],
    total_blocking_keys:             [GAUGE,   '',                                      'Number of keys that blocked clients are waiting on.'],
    total_blocking_keys_on_nokey:    [GAUGE,   '',                                      'Number of blocking keys whose blocked clients are also unblocked when the key is deleted.'],
    client_longest_output_list:      [GAUGE,   '',                                      'Longest output list among current client connections, in reply list entries.'],
    client_biggest_input_buf:        [GAUGE,   '',                                      'Biggest input buffer among current client connections, in bytes.'],
    client_recent_max_output_buffer: [GAUGE,   'client_recent_max_output_buffer_bytes', 'Biggest output buffer among recent client connections, in bytes.'],
    client_recent_max_input_buffer:  [GAUGE,   'client_recent_max_input_buffer_bytes',  'Biggest input buffer among recent client connections, in bytes.'],
  },
  memory: {
    allocator_active:                           [GAUGE,   'allocator_active_bytes',                             'Bytes in the allocator active pages, including external fragmentation.'],
    allocator_allocated:                        [GAUGE,   'allocator_allocated_bytes',                          'Bytes allocated by the allocator, including internal fragmentation.'],
    allocator_resident:                         [GAUGE,   'allocator_resident_bytes',                           'Bytes resident in the allocator, including pages that can be released to the OS.'],
    allocator_frag_ratio:                       [GAUGE,   '',                                                   'Allocator external fragmentation, the ratio of allocator_active to allocator_allocated.'],
    allocator_frag_bytes:                       [GAUGE,   '',                                                   'Allocator external fragmentation in bytes, allocator_active minus allocator_allocated.'],
    allocator_muzzy:                            [GAUGE,   'allocator_muzzy_bytes',                              'Bytes in muzzy (lazily purged) allocator pages.'],
    allocator_rss_ratio:                        [GAUGE,   '',                                                   'Ratio of allocator_resident to allocator_active.'],
    allocator_rss_bytes:                        [GAUGE,   '',                                                   'Bytes resident but not active in the allocator, allocator_resident minus allocator_active.'],
    used_memory:                                [GAUGE,   'memory_used_bytes',                                  'Total bytes allocated by Redis using its allocator.'],
    used_memory_rss:                            [GAUGE,   'memory_used_rss_bytes',                              'Bytes allocated by Redis as seen by the operating system (resident set size).'],
    used_memory_peak:                           [GAUGE,   'memory_used_peak_bytes',                             'Peak memory allocated by Redis, in bytes.'],
    used_memory_lua:                            [GAUGE,   'memory_used_lua_bytes',                              'Bytes used by the Lua engine for EVAL scripts.'],
    used_memory_vm_eval:                        [GAUGE,   'memory_used_vm_eval_bytes',                          'Bytes used by the script VM engines for EVAL scripts, not part of used_memory.'],
    used_memory_scripts_eval:                   [GAUGE,   'memory_used_scripts_eval_bytes',                     'Bytes of overhead for EVAL scripts, part of used_memory.'],
    used_memory_overhead:                       [GAUGE,   'memory_used_overhead_bytes',                         'Bytes allocated for managing internal data structures (buffers, dictionaries, backlog).'],
    used_memory_startup:                        [GAUGE,   'memory_used_startup_bytes',                          'Bytes allocated by Redis at startup.'],
    used_memory_dataset:                        [GAUGE,   'memory_used_dataset_bytes',                          'Size of the dataset in bytes, used_memory minus used_memory_overhead.'],
    total_system_memory:                        [GAUGE,   'total_system_memory_bytes',                          'Total memory of the host running the Redis server, in bytes.', SYSTEM],
    number_of_cached_scripts:                   [GAUGE,   '',                                                   'Number of EVAL scripts cached by the server.'],
    number_of_functions:                        [GAUGE,   '',                                                   'Number of functions loaded.'],
    number_of_libraries:                        [GAUGE,   '',                                                   'Number of function libraries loaded.'],
    used_memory_vm_functions:                   [GAUGE,   'memory_used_vm_functions_bytes',                     'Bytes used by the script VM engines for Functions, not part of used_memory.'],
    used_memory_scripts:                        [GAUGE,   'memory_used_scripts_bytes',                          'Bytes of overhead for EVAL scripts and Functions together, part of used_memory.'],
    used_memory_functions:                      [GAUGE,   'memory_used_functions_bytes',                        'Bytes of overhead for Functions, part of used_memory.'],
    used_memory_vm_total:                       [GAUGE,   'memory_used_vm_total',                               'Bytes used by all script VM engines (EVAL and Functions); a gauge despite the _total suffix.'],
    maxmemory:                                  [GAUGE,   'memory_max_bytes',                                   'Configured memory limit (maxmemory) in bytes, 0 when unlimited.'],
    maxmemory_reservation:                      [GAUGE,   'memory_max_reservation_bytes',                       'Memory reserved outside maxmemory, in bytes, as reported by some managed Redis services.'],
    maxmemory_desired_reservation:              [GAUGE,   'memory_max_reservation_desired_bytes',               'Desired memory reservation outside maxmemory, in bytes, as reported by some managed Redis services.'],
    maxfragmentationmemory_reservation:         [GAUGE,   'memory_max_fragmentation_reservation_bytes',         'Memory reserved for fragmentation, in bytes, as reported by some managed Redis services.'],
    maxfragmentationmemory_desired_reservation: [GAUGE,   'memory_max_fragmentation_reservation_desired_bytes', 'Desired memory reservation for fragmentation, in bytes, as reported by some managed Redis services.'],
    mem_fragmentation_ratio:                    [GAUGE,   '',                                                   'Memory fragmentation, the ratio of used_memory_rss to used_memory.'],
    mem_fragmentation_bytes:                    [GAUGE,   '',                                                   'Memory fragmentation in bytes, used_memory_rss minus used_memory.'],
    mem_clients_slaves:                         [GAUGE,   '',                                                   'Bytes used by replica client buffers.'],
    mem_clients_normal:                         [GAUGE,   '',                                                   'Bytes used by normal client buffers.'],
    mem_cluster_links:                          [GAUGE,   'mem_cluster_links_bytes',                            'Bytes used by cluster bus links.'],
    mem_aof_buffer:                             [GAUGE,   'mem_aof_buffer_bytes',                               'Bytes used by the AOF buffer and the AOF rewrite buffer.'],
    mem_replication_backlog:                    [GAUGE,   'mem_replication_backlog_bytes',                      'Bytes used by the replication backlog.'],
    expired_stale_perc:                         [GAUGE,   'expired_stale_percentage',                           'Estimated percentage of keys that have expired but are not yet reclaimed.'],
    mem_not_counted_for_evict:                  [GAUGE,   'mem_not_counted_for_eviction_bytes',                 'Bytes not counted towards maxmemory for eviction (replica and AOF buffers).'],
    mem_total_replication_buffers:              [GAUGE,   'mem_total_replication_buffers_bytes',                'Total bytes used by replication buffers.'],
    mem_overhead_db_hashtable_rehashing:        [GAUGE,   'mem_overhead_db_hashtable_rehashing_bytes',          'Temporary bytes used by database hash tables that are being rehashed.'],
    lazyfree_pending_objects:                   [GAUGE,   '',                                                   'Number of objects waiting to be freed in the background (UNLINK, FLUSHDB ASYNC, ...).'],
    lazyfreed_objects:                          [GAUGE,   '',                                                   'Number of objects freed in the background since startup.'],
    active_defrag_running:                      [GAUGE,   '',                                                   'Whether active defragmentation is running; when it is, the CPU percentage it aims to use.'],
    migrate_cached_sockets:                     [GAUGE,   'migrate_cached_sockets_total',                       'Number of sockets cached for MIGRATE; a gauge despite the _total suffix.'],
    active_defrag_hits:                         [GAUGE,   'defrag_hits',                                        'Number of value reallocations performed by active defragmentation.'],
    active_defrag_misses:                       [GAUGE,   'defrag_misses',                                      'Number of value reallocations started and aborted by active defragmentation.'],
    active_defrag_key_hits:                     [GAUGE,   'defrag_key_hits',                                    'Number of keys defragmented by active defragmentation.'],
    active_defrag_key_misses:                   [GAUGE,   'defrag_key_misses',                                  'Number of keys skipped by active defragmentation.'],
  },
  persistence: {
    loading:                      [GAUGE,   'loading_dump_file',                'Whether a dump file is being loaded, 1 or 0.'],
    async_loading:                [GAUGE,   '',                                 'Whether replication data is being loaded asynchronously while old data is served, 1 or 0.'],
    rdb_changes_since_last_save:  [GAUGE,   '',                                 'Number of changes to the dataset since the last RDB save.'],
    rdb_bgsave_in_progress:       [GAUGE,   '',                                 'Whether an RDB background save is in progress, 1 or 0.'],
    rdb_last_save_time:           [GAUGE,   'rdb_last_save_timestamp_seconds',  'Unix timestamp of the last successful RDB save, in seconds.'],
    rdb_last_bgsave_status:       [GAUGE,   '',                                 'Status of the last RDB background save, 1 for ok and 0 for err.'],
    rdb_last_bgsave_time_sec:     [GAUGE,   'rdb_last_bgsave_duration_sec',     'Duration of the last RDB background save, in seconds.'],
    rdb_current_bgsave_time_sec:  [GAUGE,   'rdb_current_bgsave_duration_sec',  'Duration of the ongoing RDB background save in seconds, -1 when none is running.'],
    rdb_saves:                    [GAUGE,   'rdb_saves_total',                  'Number of RDB snapshots taken since startup; a gauge despite the _total suffix.'],
    rdb_last_cow_size:            [GAUGE,   'rdb_last_cow_size_bytes',          'Copy-on-write memory used by the last RDB save, in bytes.'],
    rdb_last_load_keys_expired:   [GAUGE,   'rdb_last_load_expired_keys',       'Number of volatile keys deleted while loading the last RDB file.'],
    rdb_last_load_keys_loaded:    [GAUGE,   'rdb_last_load_loaded_keys',        'Number of keys loaded from the last RDB file.'],
    aof_enabled:                  [GAUGE,   '',                                 'Whether AOF persistence is enabled, 1 or 0.'],
    aof_rewrite_in_progress:      [GAUGE,   '',                                 'Whether an AOF rewrite is in progress, 1 or 0.'],
    aof_rewrite_scheduled:        [GAUGE,   '',                                 'Whether an AOF rewrite is scheduled to start after the ongoing RDB save, 1 or 0.'],
    aof_last_rewrite_time_sec:    [GAUGE,   'aof_last_rewrite_duration_sec',    'Duration of the last AOF rewrite, in seconds.'],
    aof_current_rewrite_time_sec: [GAUGE,   'aof_current_rewrite_duration_sec', 'Duration of the ongoing AOF rewrite in seconds, -1 when none is running.'],
    aof_last_cow_size:            [GAUGE,   'aof_last_cow_size_bytes',          'Copy-on-write memory used by the last AOF rewrite, in bytes.'],
    aof_current_size:             [GAUGE,   'aof_current_size_bytes',           'Current size of the AOF, in bytes.'],
    aof_base_size:                [GAUGE,   'aof_base_size_bytes',              'Size of the AOF at the last startup or rewrite, in bytes.'],
    aof_pending_rewrite:          [GAUGE,   '',                                 'Whether an AOF rewrite is waiting for the ongoing RDB save to finish, 1 or 0.'],
    aof_buffer_length:            [GAUGE,   '',                                 'Size of the AOF buffer, in bytes.'],
    aof_rewrite_buffer_length:    [GAUGE,   '',                                 'Size of the AOF rewrite buffer, in bytes.'],
    aof_pending_bio_fsync:        [GAUGE,   '',                                 'Number of fsync jobs waiting in the background I/O queue.'],
    aof_delayed_fsync:            [GAUGE,   '',                                 'Number of delayed AOF fsync calls.'],
    aof_last_bgrewrite_status:    [GAUGE,   '',                                 'Status of the last AOF rewrite, 1 for ok and 0 for err.'],
    aof_last_write_status:        [GAUGE,   '',                                 'Status of the last write to the AOF, 1 for ok and 0 for err.'],
    module_fork_in_progress:      [GAUGE,   '',                                 'Whether a module fork is in progress, 1 or 0.'],
    module_fork_last_cow_size:    [GAUGE,   '',                                 'Copy-on-write memory used by the last module fork, in bytes.'],
  },
  stats: {
    current_eviction_exceeded_time:            [GAUGE,   'current_eviction_exceeded_time_ms',               'Milliseconds since used_memory last went above maxmemory, 0 when below.'],
    pubsub_channels:                           [GAUGE,   '',                                                'Number of Pub/Sub channels with client subscriptions.'],
    pubsub_patterns:                           [GAUGE,   '',                                                'Number of Pub/Sub patterns with client subscriptions.'],
    pubsubshard_channels:                      [GAUGE,   '',                                                'Number of Pub/Sub shard channels with client subscriptions.'],
    latest_fork_usec:                          [GAUGE,   'latest_fork_seconds',                             'Duration of the latest fork operation in seconds, converted from microseconds.', { scale: 1e-6 }],
    tracking_total_keys:                       [GAUGE,   '',                                                'Number of keys tracked by the server for client-side caching.'],
    tracking_total_items:                      [GAUGE,   '',                                                'Number of items tracked for client-side caching (the sum of clients per key).'],
    tracking_total_prefixes:                   [GAUGE,   '',                                                'Number of prefixes tracked for broadcast-mode client-side caching.'],
    instantaneous_eventloop_cycles_per_sec:    [GAUGE,   '',                                                'Number of event loop cycles per second.'],
    instantaneous_eventloop_duration_usec:     [GAUGE,   '',                                                'Average duration of one event loop cycle, in microseconds.'],
    total_connections_received:                [COUNTER, 'connections_received_total',                      'Total number of connections accepted by the server.'],
    total_commands_processed:                  [COUNTER, 'commands_processed_total',                        'Total number of commands processed by the server.'],
    rejected_connections:                      [COUNTER, 'rejected_connections_total',                      'Total number of connections rejected because of the maxclients limit.'],
    total_net_input_bytes:                     [COUNTER, 'net_input_bytes_total',                           'Total bytes read from the network.'],
    total_net_output_bytes:                    [COUNTER, 'net_output_bytes_total',                          'Total bytes written to the network.'],
    total_net_repl_input_bytes:                [COUNTER, 'net_repl_input_bytes_total',                      'Total bytes read from the network for replication.'],
    total_net_repl_output_bytes:               [COUNTER, 'net_repl_output_bytes_total',                     'Total bytes written to the network for replication.'],
    expired_subkeys:                           [COUNTER, 'expired_subkeys_total',                           'Total number of hash fields deleted by hash-field expiry.'],
    expired_keys:                              [COUNTER, 'expired_keys_total',                              'Total number of key expiration events.'],
    expired_time_cap_reached_count:            [COUNTER, 'expired_time_cap_reached_total',                  'Total number of active expiry cycles stopped early by their time limit.'],
    expire_cycle_cpu_milliseconds:             [COUNTER, 'expire_cycle_cpu_time_ms_total',                  'Total time spent in active expiry cycles, in milliseconds.'],
    evicted_keys:                              [COUNTER, 'evicted_keys_total',                              'Total number of keys evicted because of the maxmemory limit.'],
    evicted_clients:                           [COUNTER, 'evicted_clients_total',                           'Total number of clients evicted because of the maxmemory-clients limit.'],
    evicted_scripts:                           [COUNTER, 'evicted_scripts_total',                           'Total number of EVAL scripts evicted from the script cache.'],
    total_eviction_exceeded_time:              [COUNTER, 'eviction_exceeded_time_ms_total',                 'Total time used_memory spent above maxmemory since startup, in milliseconds.'],
    keyspace_hits:                             [COUNTER, 'keyspace_hits_total',                             'Total number of successful key lookups.'],
    keyspace_misses:                           [COUNTER, 'keyspace_misses_total',                           'Total number of failed key lookups.'],
    eventloop_cycles:                          [COUNTER, 'eventloop_cycles_total',                          'Total number of event loop cycles.'],
    eventloop_duration_sum:                    [COUNTER, 'eventloop_duration_sum_usec_total',               'Total time spent in the event loop, including I/O and command processing, in microseconds.'],
    eventloop_duration_cmd_sum:                [COUNTER, 'eventloop_duration_cmd_sum_usec_total',           'Total time spent executing commands in the event loop, in microseconds.'],
    unexpected_error_replies:                  [COUNTER, '',                                                'Total number of unexpected error replies (errors from AOF loading or replication).'],
    total_error_replies:                       [COUNTER, '',                                                'Total number of error replies, rejected plus failed commands.'],
    dump_payload_sanitizations:                [COUNTER, '',                                                'Total number of deep integrity validations of RESTORE payloads.'],
    total_reads_processed:                     [COUNTER, '',                                                'Total number of read events processed.'],
    total_writes_processed:                    [COUNTER, '',                                                'Total number of write events processed.'],
    io_threaded_reads_processed:               [COUNTER, '',                                                'Total number of read events processed by I/O threads.'],
    io_threaded_writes_processed:              [COUNTER, '',                                                'Total number of write events processed by I/O threads.'],
    client_query_buffer_limit_disconnections:  [COUNTER, 'client_query_buffer_limit_disconnections_total',  'Total number of clients disconnected for exceeding the query buffer limit.'],
    client_output_buffer_limit_disconnections: [COUNTER, 'client_output_buffer_limit_disconnections_total', 'Total number of clients disconnected for exceeding the output buffer limit.'],
    reply_buffer_shrinks:                      [COUNTER, 'reply_buffer_shrinks_total',                      'Total number of times a client reply buffer was shrunk.'],
    reply_buffer_expands:                      [COUNTER, 'reply_buffer_expands_total',                      'Total number of times a client reply buffer was expanded.'],
    acl_access_denied_auth:                    [COUNTER, 'acl_access_denied_auth_total',                    'Total number of authentication failures.'],
    acl_access_denied_cmd:                     [COUNTER, 'acl_access_denied_cmd_total',                     'Total number of commands rejected by ACL command permissions.'],
    acl_access_denied_key:                     [COUNTER, 'acl_access_denied_key_total',                     'Total number of commands rejected by ACL key permissions.'],
    acl_access_denied_channel:                 [COUNTER, 'acl_access_denied_channel_total',                 'Total number of commands rejected by ACL channel permissions.'],
  },
  replication: {
    connected_slaves:               [GAUGE,   '',                                'Number of connected replicas.'],
    repl_backlog_size:              [GAUGE,   'replication_backlog_bytes',       'Configured size of the replication backlog buffer, in bytes.'],
    repl_backlog_active:            [GAUGE,   'repl_backlog_is_active',          'Whether the replication backlog is active, 1 or 0.'],
    repl_backlog_first_byte_offset: [GAUGE,   '',                                'Master replication offset of the first byte in the replication backlog.'],
    repl_backlog_histlen:           [GAUGE,   'repl_backlog_history_bytes',      'Amount of data in the replication backlog buffer, in bytes.'],
    master_repl_offset:             [GAUGE,   '',                                'Current replication offset of the server, in bytes.'],
    second_repl_offset:             [GAUGE,   '',                                'Offset up to which the previous replication ID is still accepted, in bytes.'],
    slave_expires_tracked_keys:     [GAUGE,   '',                                'Number of keys with an expiry tracked on a writable replica.'],
    slave_priority:                 [GAUGE,   '',                                'Priority of this instance as a failover candidate.'],
    sync_full:                      [GAUGE,   'replica_resyncs_full',            'Number of full resynchronisations with replicas since startup.'],
    sync_partial_ok:                [GAUGE,   'replica_partial_resync_accepted', 'Number of partial resynchronisation requests accepted since startup.'],
    sync_partial_err:               [GAUGE,   'replica_partial_resync_denied',   'Number of partial resynchronisation requests denied since startup.'],
  },
  cpu: {
    used_cpu_sys:                 [COUNTER, 'cpu_sys_seconds_total',                 'System CPU time consumed by the Redis server (all threads), in seconds.'],
    used_cpu_user:                [COUNTER, 'cpu_user_seconds_total',                'User CPU time consumed by the Redis server (all threads), in seconds.'],
    used_cpu_sys_children:        [COUNTER, 'cpu_sys_children_seconds_total',        'System CPU time consumed by background child processes, in seconds.'],
    used_cpu_user_children:       [COUNTER, 'cpu_user_children_seconds_total',       'User CPU time consumed by background child processes, in seconds.'],
    used_cpu_sys_main_thread:     [COUNTER, 'cpu_sys_main_thread_seconds_total',     'System CPU time consumed by the Redis main thread, in seconds.'],
    used_cpu_user_main_thread:    [COUNTER, 'cpu_user_main_thread_seconds_total',    'User CPU time consumed by the Redis main thread, in seconds.'],
    used_active_time_main_thread: [COUNTER, 'active_time_main_thread_seconds_total', 'Time the main thread spent active, as reported by Valkey 9.1+ (no unit conversion).'],
  },
  cluster: {
    cluster_stats_messages_sent:     [GAUGE,   'cluster_messages_sent_total',     'Number of messages sent over the cluster bus; a gauge despite the _total suffix.'],
    cluster_stats_messages_received: [GAUGE,   'cluster_messages_received_total', 'Number of messages received over the cluster bus; a gauge despite the _total suffix.'],
  },
  keydb: {
    server_threads:               [GAUGE,   'server_threads_total',  'Number of KeyDB server threads; a gauge despite the _total suffix.'],
    long_lock_waits:              [GAUGE,   'long_lock_waits_total', 'Number of long lock waits in KeyDB; a gauge despite the _total suffix.'],
    current_client_thread:        [GAUGE,   '',                      'Index of the KeyDB thread that served this INFO call.'],
    cached_keys:                  [COUNTER, 'cached_keys_total',     'Number of keys cached in memory by a KeyDB storage provider.'],
    storage_provider_read_hits:   [COUNTER, '',                      'Number of reads served by the KeyDB storage provider.'],
    storage_provider_read_misses: [COUNTER, '',                      'Number of reads the KeyDB storage provider could not serve.'],
  },
  tile38: {
    tile38_aof_size:             [GAUGE,   'tile38_aof_size_bytes',        'Size of the Tile38 append-only file, in bytes.', TILE38],
    tile38_avg_point_size:       [GAUGE,   'tile38_avg_item_size_bytes',   'Average size of a Tile38 item, in bytes.', TILE38],
    tile38_sys_cpus:             [GAUGE,   'tile38_cpus_total',            'Number of CPUs available to Tile38; a gauge despite the _total suffix.', TILE38],
    tile38_heap_released_bytes:  [GAUGE,   '',                             'Heap bytes released to the OS by the Tile38 Go runtime.', TILE38],
    tile38_heap_alloc_bytes:     [GAUGE,   'tile38_heap_size_bytes',       'Heap bytes allocated by the Tile38 Go runtime.', TILE38],
    tile38_http_transport:       [GAUGE,   '',                             'Whether the Tile38 HTTP transport is enabled, 1 or 0.', TILE38],
    tile38_in_memory_size:       [GAUGE,   'tile38_in_memory_size_bytes',  'Estimated in-memory size of the Tile38 data, in bytes.', TILE38],
    tile38_max_heap_size:        [GAUGE,   'tile38_max_heap_size_bytes',   'Maximum heap size configured for Tile38, in bytes.', TILE38],
    tile38_alloc_bytes:          [GAUGE,   'tile38_mem_alloc_bytes',       'Bytes allocated and in use by the Tile38 Go runtime.', TILE38],
    tile38_num_collections:      [GAUGE,   'tile38_num_collections_total', 'Number of Tile38 collections; a gauge despite the _total suffix.', TILE38],
    tile38_num_hooks:            [GAUGE,   'tile38_num_hooks_total',       'Number of Tile38 hooks; a gauge despite the _total suffix.', TILE38],
    tile38_num_objects:          [GAUGE,   'tile38_num_objects_total',     'Number of Tile38 objects; a gauge despite the _total suffix.', TILE38],
    tile38_num_points:           [GAUGE,   'tile38_num_points_total',      'Number of Tile38 geographic points; a gauge despite the _total suffix.', TILE38],
    tile38_pointer_size:         [GAUGE,   'tile38_pointer_size_bytes',    'Size of a pointer on the Tile38 host, in bytes.', TILE38],
    tile38_read_only:            [GAUGE,   '',                             'Whether Tile38 is in read-only mode, 1 or 0.', TILE38],
    tile38_go_threads:           [GAUGE,   'tile38_threads_total',         'Number of OS threads used by the Tile38 Go runtime; a gauge despite the _total suffix.', TILE38],
    tile38_go_goroutines:        [GAUGE,   'tile38_go_goroutines_total',   'Number of goroutines in Tile38; a gauge despite the _total suffix.', TILE38],
    tile38_last_gc_time_seconds: [GAUGE,   '',                             'Time of the last Tile38 garbage collection, in seconds.', TILE38],
    tile38_next_gc_bytes:        [GAUGE,   '',                             'Heap size at which Tile38 runs its next garbage collection, in bytes.', TILE38],
  },
  modules: {
    search_number_of_indexes:                        [GAUGE,   '',                                              'Number of search indexes.', MODULES],
    search_used_memory_indexes:                      [GAUGE,   'search_used_memory_indexes_bytes',              'Memory used by all search indexes, in bytes.', MODULES],
    search_dialect_1:                                [GAUGE,   '',                                              'Whether query dialect 1 has been used, 1 or 0.', MODULES],
    search_dialect_2:                                [GAUGE,   '',                                              'Whether query dialect 2 has been used, 1 or 0.', MODULES],
    search_dialect_3:                                [GAUGE,   '',                                              'Whether query dialect 3 has been used, 1 or 0.', MODULES],
    search_dialect_4:                                [GAUGE,   '',                                              'Whether query dialect 4 has been used, 1 or 0.', MODULES],
    search_global_idle:                              [GAUGE,   '',                                              'Number of idle search cursors.', MODULES],
    search_global_total:                             [GAUGE,   '',                                              'Number of search cursors, idle and active; a gauge despite the _total suffix.', MODULES],
    search_bytes_collected:                          [GAUGE,   'search_collected_bytes',                        'Memory freed by the search garbage collector, in bytes.', MODULES],
    search_number_of_active_indexes:                 [GAUGE,   '',                                              'Number of search indexes running background indexing or background queries.', MODULES],
    search_number_of_active_indexes_running_queries: [GAUGE,   '',                                              'Number of search indexes running background queries.', MODULES],
    search_number_of_active_indexes_indexing:        [GAUGE,   '',                                              'Number of search indexes running background indexing.', MODULES],
    search_total_active_write_threads:               [GAUGE,   '',                                              'Number of search background write threads currently active.', MODULES],
    search_total_num_docs_in_indexes:                [GAUGE,   '',                                              'Number of documents across all search indexes.', MODULES],
    search_smallest_memory_index:                    [GAUGE,   'search_smallest_memory_index_bytes',            'Memory used by the smallest search index, in bytes.', MODULES],
    search_largest_memory_index:                     [GAUGE,   'search_largest_memory_index_bytes',             'Memory used by the largest search index, in bytes.', MODULES],
    search_used_memory_vector_index:                 [GAUGE,   'search_used_memory_vector_index_bytes',         'Memory used by vector indexes, in bytes.', MODULES],
    search_global_idle_user:                         [GAUGE,   '',                                              'Number of idle user search cursors.', MODULES],
    search_global_idle_internal:                     [GAUGE,   '',                                              'Number of idle internal (coordinator) search cursors.', MODULES],
    search_global_total_user:                        [GAUGE,   '',                                              'Number of user search cursors, idle and active.', MODULES],
    search_global_total_internal:                    [GAUGE,   '',                                              'Number of internal (coordinator) search cursors, idle and active.', MODULES],
    search_gc_bytes_collected:                       [GAUGE,   'search_gc_collected_bytes',                     'Memory freed by the search garbage collector, in bytes.', MODULES],
    search_gc_total_docs_not_collected:              [GAUGE,   '',                                              'Number of deleted documents not yet reclaimed by the search garbage collector.', MODULES],
    search_gc_marked_deleted_vectors:                [GAUGE,   '',                                              'Number of vectors marked as deleted but not yet reclaimed.', MODULES],
    search_errors_indexing_failures:                 [GAUGE,   '',                                              'Number of search indexing failures.', MODULES],
    bf_bloom_total_memory_bytes:                     [GAUGE,   '',                                              'Memory used by all bloom filter objects, in bytes.', MODULES],
    bf_bloom_num_objects:                            [GAUGE,   '',                                              'Number of bloom filter objects.', MODULES],
    bf_bloom_num_filters_across_objects:             [GAUGE,   '',                                              'Number of filters across all bloom filter objects.', MODULES],
    bf_bloom_num_items_across_objects:               [GAUGE,   '',                                              'Number of items across all bloom filter objects.', MODULES],
    bf_bloom_capacity_across_objects:                [GAUGE,   '',                                              'Total capacity across all bloom filter objects, in items.', MODULES],
    json_total_memory_bytes:                         [GAUGE,   '',                                              'Memory used by JSON documents, in bytes.', MODULES],
    json_num_documents:                              [GAUGE,   '',                                              'Number of JSON documents.', MODULES],
    search_used_memory_bytes:                        [GAUGE,   '',                                              'Memory used by the search module, in bytes.', MODULES],
    search_number_of_attributes:                     [GAUGE,   '',                                              'Number of indexed attributes across all search indexes.', MODULES],
    search_total_indexed_documents:                  [GAUGE,   '',                                              'Number of indexed documents across all search indexes.', MODULES],
    search_query_queue_size:                         [GAUGE,   '',                                              'Number of search queries waiting in the query queue.', MODULES],
    search_writer_queue_size:                        [GAUGE,   '',                                              'Number of mutations waiting in the search writer queue.', MODULES],
    search_string_interning_store_size:              [GAUGE,   '',                                              'Number of strings in the search string interning store.', MODULES],
    search_vector_externing_hash_extern_errors:      [GAUGE,   '',                                              'Number of errors while externing vectors stored in hashes.', MODULES],
    search_vector_externing_num_lru_entries:         [GAUGE,   '',                                              'Number of entries in the vector externing LRU cache.', MODULES],
    search_total_indexing_time:                      [COUNTER, 'search_indexing_time_ms_total',                 'Total time spent indexing, in milliseconds.', MODULES],
    search_total_cycles:                             [COUNTER, 'search_cycles_total',                           'Total number of search garbage collection cycles.', MODULES],
    search_total_ms_run:                             [COUNTER, 'search_run_ms_total',                           'Total time spent in search garbage collection cycles, in milliseconds.', MODULES],
    search_gc_total_cycles:                          [COUNTER, 'search_gc_cycles_total',                        'Total number of search garbage collection cycles.', MODULES],
    search_gc_total_ms_run:                          [COUNTER, 'search_gc_run_ms_total',                        'Total time spent in search garbage collection cycles, in milliseconds.', MODULES],
    search_total_queries_processed:                  [COUNTER, 'search_queries_processed_total',                'Total number of search queries processed.', MODULES],
    search_total_query_commands:                     [COUNTER, 'search_query_commands_total',                   'Total number of search query commands executed (FT.SEARCH, FT.AGGREGATE, ...).', MODULES],
    search_total_query_execution_time_ms:            [COUNTER, 'search_query_execution_time_ms_total',          'Total search query execution time, in milliseconds.', MODULES],
    search_total_active_queries:                     [COUNTER, 'search_active_queries_total',                   'Number of search queries being executed in the background.', MODULES],
    bf_bloom_defrag_hits:                            [COUNTER, 'bf_bloom_defrag_hits_total',                    'Total number of successful bloom filter defragmentation operations.', MODULES],
    bf_bloom_defrag_misses:                          [COUNTER, 'bf_bloom_defrag_misses_total',                  'Total number of unsuccessful bloom filter defragmentation operations.', MODULES],
    search_worker_pool_suspend_cnt:                  [COUNTER, 'search_worker_pool_suspend_count',              'Total number of times the search worker pool was suspended.', MODULES],
    search_writer_resumed_cnt:                       [COUNTER, 'search_writer_resumed_count',                   'Total number of times the search writer resumed.', MODULES],
    search_reader_resumed_cnt:                       [COUNTER, 'search_reader_resumed_count',                   'Total number of times the search reader resumed.', MODULES],
    search_writer_suspension_expired_cnt:            [COUNTER, 'search_writer_suspension_expired_count',        'Total number of search writer suspensions that expired.', MODULES],
    search_rdb_load_success_cnt:                     [COUNTER, 'search_rdb_load_success_count',                 'Total number of successful search index loads from RDB.', MODULES],
    search_rdb_load_failure_cnt:                     [COUNTER, 'search_rdb_load_failure_count',                 'Total number of failed search index loads from RDB.', MODULES],
    search_rdb_save_success_cnt:                     [COUNTER, 'search_rdb_save_success_count',                 'Total number of successful search index saves to RDB.', MODULES],
    search_rdb_save_failure_cnt:                     [COUNTER, 'search_rdb_save_failure_count',                 'Total number of failed search index saves to RDB.', MODULES],
    search_successful_requests_count:                [COUNTER, '',                                              'Total number of successful search requests.', MODULES],
    search_failure_requests_count:                   [COUNTER, '',                                              'Total number of failed search requests.', MODULES],
    search_hybrid_requests_count:                    [COUNTER, '',                                              'Total number of hybrid (vector plus filter) search requests.', MODULES],
    search_inline_filtering_requests_count:          [COUNTER, '',                                              'Total number of search requests that used inline filtering.', MODULES],
    search_hnsw_add_exceptions_count:                [COUNTER, '',                                              'Total number of errors adding vectors to HNSW indexes.', MODULES],
    search_hnsw_remove_exceptions_count:             [COUNTER, '',                                              'Total number of errors removing vectors from HNSW indexes.', MODULES],
    search_hnsw_modify_exceptions_count:             [COUNTER, '',                                              'Total number of errors modifying vectors in HNSW indexes.', MODULES],
    search_hnsw_search_exceptions_count:             [COUNTER, '',                                              'Total number of errors searching HNSW indexes.', MODULES],
    search_hnsw_create_exceptions_count:             [COUNTER, '',                                              'Total number of errors creating HNSW indexes.', MODULES],
    search_vector_externing_entry_count:             [COUNTER, '',                                              'Total number of vector externing entries.', MODULES],
    search_vector_externing_generated_value_cnt:     [COUNTER, 'search_vector_externing_generated_value_count', 'Total number of values generated by vector externing.', MODULES],
    search_vector_externing_lru_promote_cnt:         [COUNTER, 'search_vector_externing_lru_promote_count',     'Total number of vector externing LRU cache promotions.', MODULES],
    search_vector_externing_deferred_entry_cnt:      [COUNTER, 'search_vector_externing_deferred_entry_count',  'Total number of deferred vector externing entries.', MODULES],
  },
} as const satisfies Record<Section, Record<string, InfoRow>>

/** One INFO map row as a descriptor: no labels, the HELP with its source appended. */
export interface InfoDescriptor extends Descriptor<'gauge' | 'counter', never, never> {
  readonly field: string
  readonly section: Section
  readonly scale?: number
  readonly optIn?: OptIn
}

/** Every INFO map row by field, flattened once at load. */
export const INFO_FIELDS: ReadonlyMap<string, InfoDescriptor> = flatten(INFO_MAP)

function flatten(map: Readonly<Record<Section, Readonly<Record<string, InfoRow>>>>) {
  const out = new Map<string, InfoDescriptor>()
  for (const section of Object.keys(map) as Section[]) {
    for (const [field, [type, name, help, opts]] of Object.entries(map[section])) {
      const source = `${SECTION_SOURCES[section]} ${field}`
      // Every row has every property, in one order: one object shape for the builders to read.
      const d: InfoDescriptor = {
        name: name || field,
        type,
        labels: NO_LABEL_NAMES,
        optional: NO_LABEL_NAMES,
        // 'Bytes allocated by Redis.' -> 'Bytes allocated by Redis (INFO used_memory).'
        help: `${help.slice(0, -1)} (${source}).`,
        source,
        field,
        section,
        scale: opts?.scale,
        optIn: opts?.optIn,
      }
      out.set(field, Object.freeze(d))
    }
  }
  return out
}
