import { parseValue } from '../parse/number'
import { parseConnectedSlaves, parseMasterLinks } from '../parse/replication'
import type { InfoRecord } from '../types'
import { FAMILIES } from './catalog/families'
import type { LabelsOf } from './descriptor'
import type { FamilySet } from './family-set'

const { instance_info: INSTANCE_INFO } = FAMILIES

/** Rule-based server and replication families: start time, hz, instance/slave info, links, replicas. */
export function addServerFamilies(set: FamilySet, info: InfoRecord, nowSeconds: number): void {
  const uptime = parseValue(info['uptime_in_seconds'] ?? '')
  if (uptime !== undefined) set.sample(FAMILIES.start_time_seconds, Math.floor(nowSeconds) - uptime)
  for (const name of ['hz', 'configured_hz'] as const) {
    const value = parseValue(info[name] ?? '')
    if (value !== undefined) set.sample(FAMILIES[name], value)
  }
  if (info['redis_version'] !== undefined || info['role'] !== undefined) {
    set.sample(INSTANCE_INFO, 1, instanceLabels(info))
  }
  if (info['role'] === 'slave') {
    set.sample(FAMILIES.slave_info, 1, {
      master_host: info['master_host'] ?? '',
      master_port: info['master_port'] ?? '',
      read_only: info['slave_read_only'] ?? '',
    })
  }
  addReplicationFamilies(set, info)
}

/** The instance_info labels: INFO's fields of the same names, the optional ones when present. */
function instanceLabels(info: InfoRecord): LabelsOf<typeof INSTANCE_INFO> {
  const labels: Record<string, string> = {}
  for (const key of INSTANCE_INFO.labels) labels[key] = info[key] ?? ''
  for (const key of INSTANCE_INFO.optional) if (info[key] !== undefined) labels[key] = info[key]
  return labels as LabelsOf<typeof INSTANCE_INFO>
}

/** The links of a replica to its masters and the replicas connected to a master. */
function addReplicationFamilies(set: FamilySet, info: InfoRecord): void {
  for (const link of parseMasterLinks(info)) {
    const labels = { master_host: link.host, master_port: link.port }
    set.sample(FAMILIES.master_link_up, link.linkUp ? 1 : 0, labels)
    if (link.lastIoSecondsAgo !== undefined) {
      set.sample(FAMILIES.master_last_io_seconds_ago, link.lastIoSecondsAgo, labels)
    }
    if (link.syncInProgress !== undefined) {
      set.sample(FAMILIES.master_sync_in_progress, link.syncInProgress, labels)
    }
    if (link.slaveReplOffset !== undefined) {
      set.sample(FAMILIES.slave_repl_offset, link.slaveReplOffset, labels)
    }
  }
  for (const slave of parseConnectedSlaves(info)) {
    const labels = { slave_ip: slave.ip, slave_port: slave.port, slave_state: slave.state }
    set.sample(FAMILIES.connected_slave_offset_bytes, slave.offset, labels)
    if (slave.lag !== undefined) set.sample(FAMILIES.connected_slave_lag_seconds, slave.lag, labels)
  }
}
