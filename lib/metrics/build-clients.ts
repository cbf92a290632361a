import type { ClientEntry } from '../parse/client-list'
import { parseClientList } from '../parse/client-list'
import { parseNumber } from '../parse/number'
import type { Reply } from '../types'
import { FAMILIES } from './catalog/families'
import type { Descriptor } from './descriptor'
import type { FamilySet } from './family-set'

export interface ClientListOptions {
  /** REDIS_EXPORTER_EXPORT_CLIENT_PORT: add the `port` label. */
  readonly port: boolean
  /** Seconds since the epoch: `created_at` and `idle_since` are now minus age and idle. */
  readonly nowSeconds: number
}

type ClientFamily = Descriptor<'gauge', 'id' | 'name', never>

/**
 * The per-client gauges of newer redis_exporter by the CLIENT LIST field their catalog row names
 * as source (`CLIENT LIST omem`); `age` and `idle` become timestamps below instead.
 */
const GAUGES: readonly (readonly [string, ClientFamily])[] = Object.values(FAMILIES)
  .filter((d) => d.source.startsWith('CLIENT LIST ') && !/ (age|idle)$/.test(d.source))
  .map((d) => [d.source.slice('CLIENT LIST '.length), d as ClientFamily] as const)

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
    const get = (key: string): string => f[key] ?? ''
    const createdAt = now - client.age
    const idleSince = now - client.idle
    const port = opts.port ? { port: client.port } : {}
    set.sample(FAMILIES.connected_clients_details, 1, {
      cmd: get('cmd'),
      created_at: String(createdAt),
      db: get('db'),
      flags: get('flags'),
      host: client.host,
      idle_since: String(idleSince),
      name: get('name'),
      omem: get('omem'),
      ...port,
    })
    addClientInfo(set, client, port)
    const ids = { id: get('id'), name: get('name') }
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
