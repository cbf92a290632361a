import { clip } from '../bounds'
import { parseNumber } from '../parse/number'
import { asString } from '../parse/reply'
import type { SentinelMaster } from '../parse/sentinel'
import {
  isDown,
  parseSentinelEntries,
  parseSentinelInfoMasters,
  parseSentinelMasters,
} from '../parse/sentinel'
import type { InfoRecord, Reply } from '../types'
import { FAMILIES } from './catalog/families'
import type { Descriptor } from './descriptor'
import type { FamilySet } from './family-set'

/** The replies of a Sentinel scrape's steps (plan: sentinel_masters, _ckquorum, _peers). */
export interface SentinelReplies {
  readonly masters?: Reply | undefined
  readonly ckquorum?: readonly Reply[] | undefined
  /** `SENTINEL SENTINELS m`, `SENTINEL SLAVES m` per master, in master order. */
  readonly peers?: readonly Reply[] | undefined
}

type Plain = Descriptor<'gauge', never, never>

/** The counters of INFO's `# Sentinel` section, by the field their catalog row names as source. */
const INFO_COUNTERS = Object.values(FAMILIES).filter((d) =>
  d.source.startsWith('INFO sentinel_')
) as readonly Descriptor[] as readonly Plain[]

/** INFO `# Sentinel`: the counters and one status, replica and Sentinel count per master. */
export function addSentinelInfo(set: FamilySet, info: InfoRecord): void {
  for (const desc of INFO_COUNTERS) {
    const raw = info[desc.name]
    if (raw === undefined) continue
    // redis_exporter reads these with Atoi: anything else is 0.
    const n = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw.trim()) : 0
    set.sample(desc, n)
  }
  for (const m of parseSentinelInfoMasters(info)) {
    const labels = { master_name: m.name, master_address: m.address }
    set.sample(FAMILIES.sentinel_master_status, m.status === 'ok' ? 1 : 0, {
      ...labels,
      master_status: m.status,
    })
    set.sample(FAMILIES.sentinel_master_slaves, m.slaves, labels)
    set.sample(FAMILIES.sentinel_master_sentinels, m.sentinels, labels)
  }
}

/** SENTINEL MASTERS settings, CKQUORUM, and the healthy Sentinels and replicas of each master. */
export function addSentinelMasters(
  set: FamilySet,
  replies: SentinelReplies,
  includePeerInfo: boolean
): void {
  if (!replies.masters?.ok) return
  const masters = parseSentinelMasters(replies.masters.value)
  masters.forEach((m, i) => {
    const quorum = replies.ckquorum?.[i]
    if (quorum) {
      const message = quorum.ok ? clip(asString(quorum.value) ?? '') : clip(quorum.error)
      set.sample(FAMILIES.sentinel_master_ckquorum_status, quorum.ok ? 1 : 0, {
        master_name: m.name,
        message,
      })
    }
    addMasterSettings(set, m)
    addPeers(set, m, replies.peers?.[2 * i], replies.peers?.[2 * i + 1], includePeerInfo)
  })
}

type MasterFamily = Descriptor<'gauge', 'master_name' | 'master_address', never>

/** The SENTINEL MASTERS settings by the field their catalog row names as source. */
const SETTINGS: readonly (readonly [string, MasterFamily])[] = Object.values(FAMILIES)
  .filter((d) => d.source.startsWith('SENTINEL MASTERS '))
  .map((d) => [d.source.slice('SENTINEL MASTERS '.length), d as MasterFamily] as const)

function addMasterSettings(set: FamilySet, m: SentinelMaster): void {
  const labels = { master_name: m.name, master_address: m.address }
  for (const [field, desc] of SETTINGS) {
    // As redis_exporter: a missing or unparsable value is 0; the ping age is in milliseconds.
    const value = parseNumber(m.fields[field]) ?? 0
    set.sample(desc, field === 'last-ok-ping-reply' ? value / 1000 : value, labels)
  }
}

function addPeers(
  set: FamilySet,
  m: SentinelMaster,
  sentinels: Reply | undefined,
  slaves: Reply | undefined,
  includePeerInfo: boolean
): void {
  const labels = { master_name: m.name, master_address: m.address }
  // As redis_exporter: a failed reply counts as an empty list.
  if (sentinels) {
    // This Sentinel is not in its own SENTINELS list: it counts itself.
    let ok = 1
    for (const peer of parseSentinelEntries(sentinels.ok ? sentinels.value : undefined)) {
      if (includePeerInfo) {
        const { name = '', ip = '', port = '', runid = '', flags = '' } = peer
        set.sample(FAMILIES.sentinel_peer_info, 1, { ...labels, name, ip, port, runid, flags })
      }
      if (peer['flags'] !== undefined && !isDown(peer['flags'])) ok += 1
    }
    set.sample(FAMILIES.sentinel_master_ok_sentinels, ok, labels)
  }
  if (slaves) {
    const entries = parseSentinelEntries(slaves.ok ? slaves.value : undefined)
    const ok = entries.filter((s) => s['flags'] !== undefined && !isDown(s['flags'])).length
    set.sample(FAMILIES.sentinel_master_ok_slaves, ok, labels)
  }
}
