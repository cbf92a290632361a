import { eachCommandStat } from '../parse/commandstats'
import { parseErrorstats } from '../parse/errorstats'
import { parseLatencyLatest } from '../parse/latency-latest'
import { parseSlowlogGet, parseSlowlogLen } from '../parse/slowlog'
import type { InfoRecord, Reply } from '../types'
import { FAMILIES } from './catalog/families'
import type { FamilySet } from './family-set'
import type { CommandTotals } from './build-latency'
import { addLatencyPercentiles } from './build-latency'

/**
 * Per-command counters, errorstats and the latencystats summary, all from INFO, read without
 * intermediate records (one label object per command). Returns the µs per command.
 */
export function addCommandFamilies(set: FamilySet, info: InfoRecord): Map<string, number> {
  const usecByCmd = new Map<string, number>()
  const commands: CommandTotals = new Map()
  eachCommandStat(info, (cmd, calls, usec, rejected, failed) => {
    const labels = { cmd }
    usecByCmd.set(cmd, usec)
    commands.set(cmd, { labels, usec, calls })
    set.sample(FAMILIES.commands_total, calls, labels)
    set.sample(FAMILIES.commands_duration_seconds_total, usec / 1e6, labels)
    if (rejected !== undefined) set.sample(FAMILIES.commands_rejected_calls_total, rejected, labels)
    if (failed !== undefined) set.sample(FAMILIES.commands_failed_calls_total, failed, labels)
  })
  for (const e of parseErrorstats(info)) {
    set.sample(FAMILIES.errors_total, e.count, { err: e.err })
  }
  addLatencyPercentiles(set, info, commands)
  return usecByCmd
}

/** `LATENCY LATEST` spikes: time of the last spike and its duration, per event. */
export function addLatencyLatest(set: FamilySet, reply: Reply | undefined): void {
  if (!reply?.ok) return
  for (const e of parseLatencyLatest(reply.value)) {
    const labels = { event_name: e.event }
    set.sample(FAMILIES.latency_spike_last, e.timestamp, labels)
    set.sample(FAMILIES.latency_spike_duration_seconds, e.latestSeconds, labels)
  }
}

/** `SLOWLOG LEN` and `SLOWLOG GET 1`: length, last id and last duration (0 when empty). */
export function addSlowlog(set: FamilySet, len: Reply | undefined, last: Reply | undefined): void {
  if (len?.ok) {
    const n = parseSlowlogLen(len.value)
    if (n !== undefined) set.sample(FAMILIES.slowlog_length, n)
  }
  if (last?.ok) {
    const entry = parseSlowlogGet(last.value)
    if (entry) {
      set.sample(FAMILIES.slowlog_last_id, entry.lastId)
      set.sample(FAMILIES.last_slow_execution_duration_seconds, entry.lastDurationSeconds)
    }
  }
}
