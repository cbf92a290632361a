import type { InfoRecord } from '../types'
import type { KvSpanVisitor } from './kv-list'
import { eachKvSpan, keyIs } from './kv-list'
import { parseFiniteIn } from './number'
import { prefixedFields } from './reply'

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

/** The keys read from a commandstats line, in the visitor's order. */
const KEYS = ['calls', 'usec', 'rejected_calls', 'failed_calls']

/** The entries `parseCommandstats` gives, to `visit` in the same order, without objects. */
export function eachCommandStat(info: InfoRecord, visit: CommandStatVisitor): void {
  // Where each key's value is in the line being read ([from, to] per key; -1: absent). The last
  // of each key wins, as in a parsed k=v list.
  const at = new Int32Array(KEYS.length * 2)
  const onItem: KvSpanVisitor = (text, keyFrom, keyTo, valueFrom, valueTo) => {
    for (let k = 0; k < KEYS.length; k++) {
      if (!keyIs(text, keyFrom, keyTo, KEYS[k]!)) continue
      at[2 * k] = valueFrom
      at[2 * k + 1] = valueTo
      return
    }
  }
  const read = (value: string, k: number) =>
    at[2 * k]! < 0 ? undefined : parseFiniteIn(value, at[2 * k]!, at[2 * k + 1]!)
  for (const [field, value] of prefixedFields(info, PREFIX)) {
    at.fill(-1)
    eachKvSpan(value, onItem)
    const calls = read(value, 0)
    const usec = read(value, 1)
    if (calls === undefined || usec === undefined) continue
    visit(field.slice(PREFIX.length), calls, usec, read(value, 2), read(value, 3))
  }
}
