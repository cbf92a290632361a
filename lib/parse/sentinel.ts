import { MAX_SENTINEL_MASTERS, MAX_SENTINEL_PEERS } from '../bounds'
import type { InfoRecord } from '../types'
import { parseNumber } from './number'
import { asArray, asString, pairRecord, prefixedFields } from './reply'

/** One `masterN:name=…,status=…,address=…,slaves=…,sentinels=…` line of INFO sentinel. */
export interface SentinelInfoMaster {
  readonly name: string
  readonly status: string
  readonly address: string
  readonly slaves: number
  readonly sentinels: number
}

const MASTER_FIELD = /^master\d+$/

/**
 * The masters INFO sentinel lists, in INFO order (at most MAX_SENTINEL_MASTERS). A line whose
 * `slaves` or `sentinels` is not a number is skipped, as redis_exporter does. Never throws.
 */
export function parseSentinelInfoMasters(info: InfoRecord): SentinelInfoMaster[] {
  const out: SentinelInfoMaster[] = []
  for (const [field, value] of prefixedFields(info, 'master')) {
    if (out.length >= MAX_SENTINEL_MASTERS) break
    if (!MASTER_FIELD.test(field)) continue
    const kv: Record<string, string> = Object.create(null)
    for (const part of value.split(',')) {
      const bits = part.split('=')
      if (bits.length === 2) kv[bits[0]!] = bits[1]!
    }
    const slaves = parseNumber(kv['slaves'])
    const sentinels = parseNumber(kv['sentinels'])
    if (slaves === undefined || sentinels === undefined) continue
    const { name = '', status = '', address = '' } = kv
    out.push({ name, status, address, slaves, sentinels })
  }
  return out
}

/** A map-like reply entry (RESP2 flat array, RESP3 map) as text fields; non-text pairs skipped. */
function textFields(entry: unknown): Record<string, string> {
  return pairRecord(entry, asString)
}

/** The entries of `SENTINEL SENTINELS <m>` or `SENTINEL SLAVES <m>` (at most `max`). Never throws. */
export function parseSentinelEntries(
  reply: unknown,
  max: number = MAX_SENTINEL_PEERS
): Record<string, string>[] {
  return (asArray(reply) ?? []).slice(0, max).map(textFields)
}

/** One master of `SENTINEL MASTERS`: its name, `ip:port` and every field as text. */
export interface SentinelMaster {
  readonly name: string
  readonly address: string
  readonly fields: Readonly<Record<string, string>>
}

/**
 * `SENTINEL MASTERS`: the masters that have a name, an ip and a port (others are skipped, as
 * redis_exporter does), at most MAX_SENTINEL_MASTERS, in reply order. Never throws.
 */
export function parseSentinelMasters(reply: unknown): SentinelMaster[] {
  const out: SentinelMaster[] = []
  for (const fields of parseSentinelEntries(reply, MAX_SENTINEL_MASTERS)) {
    const { name, ip, port } = fields
    if (name === undefined || ip === undefined || port === undefined) continue
    out.push({ name, address: `${ip}:${port}`, fields })
  }
  return out
}

/** Whether a Sentinel's or replica's `flags` mark it down (`s_down` or `o_down`). */
export function isDown(flags: string): boolean {
  return flags.includes('s_down') || flags.includes('o_down')
}
