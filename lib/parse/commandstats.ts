import type { InfoRecord } from '../types'
import type { KvSpanVisitor } from './kv-list'
import { BoundedMap } from '../primitives/bounded-map'
import { detached } from '../primitives/detached'
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

/** A commandstats line read before: its text, and what it gave. */
interface ReadLine {
  readonly value: string
  readonly cmd: string
  readonly calls: number
  readonly usec: number
  readonly rejected: number | undefined
  readonly failed: number | undefined
}

/**
 * The last line read per field (`cmdstat_get`), shared by the targets of the process and bounded:
 * between two scrapes most commands of a server are not called, so their lines come back
 * unchanged and are not read again (the reading was ~4% of a scrape's CPU; bench/NOTES.md,
 * "Issue 14: instructions per scrape"). An unchanged text gives the same numbers: nothing else
 * goes into them.
 */
const LAST_READ = new BoundedMap<string, ReadLine>(4096)

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
    const last = LAST_READ.get(field)
    if (last !== undefined && last.value === value) {
      visit(last.cmd, last.calls, last.usec, last.rejected, last.failed)
      continue
    }
    at.fill(-1)
    eachKvSpan(value, onItem)
    const calls = read(value, 0)
    const usec = read(value, 1)
    if (calls === undefined || usec === undefined) continue
    const cmd = field.slice(PREFIX.length)
    const rejected = read(value, 2)
    const failed = read(value, 3)
    // A copy: the value is cut from the reply, which the map would keep alive (detached.ts).
    LAST_READ.set(field, { value: detached(value), cmd, calls, usec, rejected, failed })
    visit(cmd, calls, usec, rejected, failed)
  }
}
