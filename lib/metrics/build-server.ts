import { parseValue } from '../parse/number'
import { parseConnectedSlaves, parseMasterLinks } from '../parse/replication'
import type { InfoRecord } from '../types'
import type { FamilySet } from './family-set'
import { helpFor } from './help'

const INSTANCE_INFO_LABELS = [
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
const VALKEY_LABELS = ['valkey_version', 'valkey_release_stage'] as const

/** Rule-based server and replication families: start time, hz, instance/slave info, links, replicas. */
export function addServerFamilies(set: FamilySet, info: InfoRecord, nowSeconds: number): void {
  const uptime = parseValue(info['uptime_in_seconds'] ?? '')
  if (uptime !== undefined) {
    set.add(
      'start_time_seconds',
      'gauge',
      helpFor('start_time_seconds'),
      Math.floor(nowSeconds) - uptime
    )
  }
  for (const name of ['hz', 'configured_hz'] as const) {
    const value = parseValue(info[name] ?? '')
    if (value !== undefined) set.add(name, 'gauge', helpFor(name), value)
  }

  if (info['redis_version'] !== undefined || info['role'] !== undefined) {
    const labels: Record<string, string> = {}
    for (const key of INSTANCE_INFO_LABELS) labels[key] = info[key] ?? ''
    for (const key of VALKEY_LABELS) if (info[key] !== undefined) labels[key] = info[key]
    set.add('instance_info', 'gauge', helpFor('instance_info'), 1, labels)
  }

  if (info['role'] === 'slave') {
    set.add('slave_info', 'gauge', helpFor('slave_info'), 1, {
      master_host: info['master_host'] ?? '',
      master_port: info['master_port'] ?? '',
      read_only: info['slave_read_only'] ?? '',
    })
  }
  for (const link of parseMasterLinks(info)) {
    const labels = { master_host: link.host, master_port: link.port }
    set.add('master_link_up', 'gauge', helpFor('master_link_up'), link.linkUp ? 1 : 0, labels)
    if (link.lastIoSecondsAgo !== undefined) {
      const name = 'master_last_io_seconds_ago'
      set.add(name, 'gauge', helpFor(name), link.lastIoSecondsAgo, labels)
    }
    if (link.syncInProgress !== undefined) {
      const name = 'master_sync_in_progress'
      set.add(name, 'gauge', helpFor(name), link.syncInProgress, labels)
    }
    if (link.slaveReplOffset !== undefined) {
      const name = 'slave_repl_offset'
      set.add(name, 'gauge', helpFor(name), link.slaveReplOffset, labels)
    }
  }
  for (const slave of parseConnectedSlaves(info)) {
    const labels = { slave_ip: slave.ip, slave_port: slave.port, slave_state: slave.state }
    const offset = 'connected_slave_offset_bytes'
    set.add(offset, 'gauge', helpFor(offset), slave.offset, labels)
    if (slave.lag !== undefined) {
      const lag = 'connected_slave_lag_seconds'
      set.add(lag, 'gauge', helpFor(lag), slave.lag, labels)
    }
  }
}
