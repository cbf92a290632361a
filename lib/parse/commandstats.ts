import type { InfoRecord } from '../types'
import { parseKvList } from './kv-list'
import { parseFinite } from './number'
import { stringEntries } from './reply'

export interface CommandStat {
  /** As Redis prints it: lower case, `|` for subcommands (`config|get`). */
  cmd: string
  calls: number
  /** Total time in µs (not converted; the metric builder divides by 1e6). */
  usec: number
  /** Redis >= 6.2. */
  rejectedCalls?: number
  /** Redis >= 6.2. */
  failedCalls?: number
}

const PREFIX = 'cmdstat_'

/**
 * `# Commandstats` lines `cmdstat_<cmd>:calls=..,usec=..,usec_per_call=..[,rejected_calls=..,failed_calls=..]`
 * in INFO order. Entries without a cmd or without parseable calls and usec are skipped. Never throws.
 */
export function parseCommandstats(info: InfoRecord): CommandStat[] {
  const out: CommandStat[] = []
  for (const [field, value] of stringEntries(info)) {
    if (!field.startsWith(PREFIX) || field.length === PREFIX.length) continue
    const kv = parseKvList(value)
    const calls = parseFinite(kv['calls'])
    const usec = parseFinite(kv['usec'])
    if (calls === undefined || usec === undefined) continue
    const stat: CommandStat = { cmd: field.slice(PREFIX.length), calls, usec }
    const rejected = parseFinite(kv['rejected_calls'])
    if (rejected !== undefined) stat.rejectedCalls = rejected
    const failed = parseFinite(kv['failed_calls'])
    if (failed !== undefined) stat.failedCalls = failed
    out.push(stat)
  }
  return out
}
