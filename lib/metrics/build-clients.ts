import type { ClientEntry } from '../parse/client-list'
import { parseClientList } from '../parse/client-list'
import { parseNumber } from '../parse/number'
import type { Reply } from '../types'
import { FAMILIES } from './catalog/families'
import type { FamilySet } from './family-set'

export interface ClientListOptions {
  /** REDIS_EXPORTER_EXPORT_CLIENT_PORT: add the `port` label. */
  readonly port: boolean
  /** Seconds since the epoch: `created_at` and `idle_since` are now minus age and idle. */
  readonly nowSeconds: number
}

/** The per-client gauges of newer redis_exporter, each from one CLIENT LIST field. */
const GAUGES = [
  ['omem', FAMILIES.connected_client_output_buffer_memory_usage_bytes],
  ['tot-mem', FAMILIES.connected_client_total_memory_consumed_bytes],
  ['sub', FAMILIES.connected_client_channel_subscriptions_count],
  ['psub', FAMILIES.connected_client_pattern_matching_subscriptions_count],
  ['qbuf', FAMILIES.connected_client_query_buffer_length_bytes],
  ['qbuf-free', FAMILIES.connected_client_query_buffer_free_space_bytes],
  ['obl', FAMILIES.connected_client_output_buffer_length_bytes],
  ['oll', FAMILIES.connected_client_output_list_length],
  ['ssub', FAMILIES.connected_client_shard_channel_subscriptions_count],
  ['watch', FAMILIES.connected_client_shard_channel_watched_keys],
] as const

/**
 * REDIS_EXPORTER_EXPORT_CLIENT_LIST: one `connected_clients_details` series per client, as
 * redis_exporter 1.45 exports it, plus `connected_client_info` and the per-client gauges of
 * newer versions (so dashboards of either keep working). Bounded by MAX_CLIENTS (parser) and the
 * page caps.
 */
export function addClientListFamilies(
  set: FamilySet,
  reply: Reply | undefined,
  opts: ClientListOptions
): void {
  if (!reply?.ok) return
  const now = Math.floor(opts.nowSeconds)
  for (const client of parseClientList(reply.value)) {
    const f = client.fields
    const createdAt = now - client.age
    const idleSince = now - client.idle
    const port = opts.port ? { port: client.port } : {}
    set.sample(FAMILIES.connected_clients_details, 1, {
      cmd: f['cmd'] ?? '',
      created_at: String(createdAt),
      db: f['db'] ?? '',
      flags: f['flags'] ?? '',
      host: client.host,
      idle_since: String(idleSince),
      name: f['name'] ?? '',
      omem: f['omem'] ?? '',
      ...port,
    })
    addClientInfo(set, client, port)
    const ids = { id: f['id'] ?? '', name: f['name'] ?? '' }
    set.sample(FAMILIES.connected_client_created_at_timestamp, createdAt, ids)
    set.sample(FAMILIES.connected_client_idle_since_timestamp, idleSince, ids)
    for (const [field, desc] of GAUGES) {
      const value = parseNumber(f[field])
      if (value !== undefined) set.sample(desc, value, ids)
    }
  }
}

function addClientInfo(set: FamilySet, client: ClientEntry, port: { port?: string }): void {
  const f = client.fields
  const user = f['user'] ? { user: f['user'] } : {}
  const resp = f['resp'] ? { resp: f['resp'] } : {}
  set.sample(FAMILIES.connected_client_info, 1, {
    db: f['db'] ?? '',
    flags: f['flags'] ?? '',
    host: client.host,
    id: f['id'] ?? '',
    name: f['name'] ?? '',
    ...port,
    ...resp,
    ...user,
  })
}
