import { eachCommandStat } from '../parse/commandstats'
import { parseErrorstats } from '../parse/errorstats'
import { parseLatencyHistogram } from '../parse/latency-histogram'
import { parseLatencyLatest } from '../parse/latency-latest'
import { eachLatencyStat } from '../parse/latencystats'
import { parseSlowlogGet, parseSlowlogLen } from '../parse/slowlog'
import type { InfoRecord, Reply } from '../types'
import { FAMILIES } from './catalog/families'
import type { FamilySet } from './family-set'

/** A command of commandstats: its label object (shared by all its samples), µs and calls. */
interface Command {
  readonly labels: { readonly cmd: string }
  readonly usec: number
  readonly calls: number
}

/**
 * Per-command counters, errorstats and the latencystats summary, all from INFO, read without
 * intermediate records (one label object per command). Returns the µs per command.
 */
export function addCommandFamilies(set: FamilySet, info: InfoRecord): Map<string, number> {
  const usecByCmd = new Map<string, number>()
  const commands = new Map<string, Command>()
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
  const summary = FAMILIES.latency_percentiles_usec
  eachLatencyStat(info, {
    quantile: (cmd, quantile, value) => {
      const c = commands.get(cmd)
      if (c) set.quantile(summary, quantile, value, c.labels)
    },
    end: (cmd) => {
      const c = commands.get(cmd)
      if (!c) return
      set.sum(summary, c.usec, c.labels)
      set.count(summary, c.calls, c.labels)
    },
  })
  return usecByCmd
}

/**
 * `LATENCY HISTOGRAM` as the histogram `commands_latencies_usec{cmd,le}`: Redis's power-of-two µs
 * buckets (cumulative), `+Inf` and `_count` = calls, `_sum` = µs from commandstats for the command
 * and its subcommands.
 */
export function addLatencyHistogram(
  set: FamilySet,
  reply: Reply | undefined,
  usecByCmd: ReadonlyMap<string, number>
): void {
  if (!reply?.ok) return
  const histogram = FAMILIES.commands_latencies_usec
  // µs of each command plus its subcommands (`config` = config + config|get + ...), in one pass.
  const usecWithSubcommands = new Map<string, number>()
  for (const [cmd, v] of usecByCmd) {
    usecWithSubcommands.set(cmd, (usecWithSubcommands.get(cmd) ?? 0) + v)
    const bar = cmd.indexOf('|')
    if (bar > 0) {
      const parent = cmd.slice(0, bar)
      usecWithSubcommands.set(parent, (usecWithSubcommands.get(parent) ?? 0) + v)
    }
  }
  for (const h of parseLatencyHistogram(reply.value)) {
    const labels = { cmd: h.cmd }
    for (const b of h.buckets) set.bucket(histogram, String(b.le), b.count, labels)
    set.bucket(histogram, '+Inf', h.calls, labels)
    set.sum(histogram, usecWithSubcommands.get(h.cmd) ?? 0, labels)
    set.count(histogram, h.calls, labels)
  }
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
