import { parseCommandstats } from '../parse/commandstats'
import { parseErrorstats } from '../parse/errorstats'
import { parseLatencyHistogram } from '../parse/latency-histogram'
import { parseLatencyLatest } from '../parse/latency-latest'
import { parseLatencystats } from '../parse/latencystats'
import { parseSlowlogGet, parseSlowlogLen } from '../parse/slowlog'
import type { InfoRecord, Reply } from '../types'
import { FAMILIES } from './catalog/families'
import type { FamilySet } from './family-set'

/** Per-command counters, errorstats and the latencystats summary, all from INFO. */
export function addCommandFamilies(set: FamilySet, info: InfoRecord): Map<string, number> {
  const usecByCmd = new Map<string, number>()
  const callsByCmd = new Map<string, number>()
  for (const s of parseCommandstats(info)) {
    const labels = { cmd: s.cmd }
    usecByCmd.set(s.cmd, s.usec)
    callsByCmd.set(s.cmd, s.calls)
    set.sample(FAMILIES.commands_total, s.calls, labels)
    set.sample(FAMILIES.commands_duration_seconds_total, s.usec / 1e6, labels)
    if (s.rejectedCalls !== undefined) {
      set.sample(FAMILIES.commands_rejected_calls_total, s.rejectedCalls, labels)
    }
    if (s.failedCalls !== undefined) {
      set.sample(FAMILIES.commands_failed_calls_total, s.failedCalls, labels)
    }
  }
  for (const e of parseErrorstats(info)) {
    set.sample(FAMILIES.errors_total, e.count, { err: e.err })
  }
  const summary = FAMILIES.latency_percentiles_usec
  for (const l of parseLatencystats(info)) {
    const usec = usecByCmd.get(l.cmd)
    const calls = callsByCmd.get(l.cmd)
    if (usec === undefined || calls === undefined) continue
    const labels = { cmd: l.cmd }
    for (const q of l.quantiles) set.quantile(summary, q.quantile, q.value, labels)
    set.sum(summary, usec, labels)
    set.count(summary, calls, labels)
  }
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
