import type { InfoRecord } from '../types'
import { eachKvPair } from './kv-list'
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

/** Receives one commandstats entry; the counts Redis < 6.2 lacks are undefined. */
export type CommandStatVisitor = (
  cmd: string,
  calls: number,
  usec: number,
  rejectedCalls: number | undefined,
  failedCalls: number | undefined
) => void

const PREFIX = 'cmdstat_'

/**
 * `# Commandstats` lines `cmdstat_<cmd>:calls=..,usec=..,usec_per_call=..[,rejected_calls=..,failed_calls=..]`
 * in INFO order. Entries without a cmd or without parseable calls and usec are skipped. Never throws.
 */
export function parseCommandstats(info: InfoRecord): CommandStat[] {
  const out: CommandStat[] = []
  eachCommandStat(info, (cmd, calls, usec, rejected, failed) => {
    const stat: CommandStat = { cmd, calls, usec }
    if (rejected !== undefined) stat.rejectedCalls = rejected
    if (failed !== undefined) stat.failedCalls = failed
    out.push(stat)
  })
  return out
}

/** The entries `parseCommandstats` gives, to `visit` in the same order, without objects. */
export function eachCommandStat(info: InfoRecord, visit: CommandStatVisitor): void {
  for (const [field, value] of stringEntries(info)) {
    if (!field.startsWith(PREFIX) || field.length === PREFIX.length) continue
    // The last of each key wins, as in a parsed k=v list.
    let calls: string | undefined
    let usec: string | undefined
    let rejected: string | undefined
    let failed: string | undefined
    eachKvPair(value, (k, v) => {
      if (k === 'calls') calls = v
      else if (k === 'usec') usec = v
      else if (k === 'rejected_calls') rejected = v
      else if (k === 'failed_calls') failed = v
    })
    const c = parseFinite(calls)
    const u = parseFinite(usec)
    if (c === undefined || u === undefined) continue
    visit(field.slice(PREFIX.length), c, u, parseFinite(rejected), parseFinite(failed))
  }
}
