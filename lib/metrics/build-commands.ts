import { parseCommandstats } from '../parse/commandstats'
import { parseErrorstats } from '../parse/errorstats'
import { parseLatencyHistogram } from '../parse/latency-histogram'
import { parseLatencyLatest } from '../parse/latency-latest'
import { parseLatencystats } from '../parse/latencystats'
import { parseSlowlogGet, parseSlowlogLen } from '../parse/slowlog'
import type { InfoRecord, Reply } from '../types'
import type { FamilySet } from './family-set'
import { helpFor } from './help'

/** Per-command counters, errorstats and the latencystats summary, all from INFO. */
export function addCommandFamilies(set: FamilySet, info: InfoRecord): Map<string, number> {
  const usecByCmd = new Map<string, number>()
  const callsByCmd = new Map<string, number>()
  for (const s of parseCommandstats(info)) {
    const labels = { cmd: s.cmd }
    usecByCmd.set(s.cmd, s.usec)
    callsByCmd.set(s.cmd, s.calls)
    set.add('commands_total', 'counter', helpFor('commands_total'), s.calls, labels)
    const dur = 'commands_duration_seconds_total'
    set.add(dur, 'counter', helpFor(dur), s.usec / 1e6, labels)
    if (s.rejectedCalls !== undefined) {
      const name = 'commands_rejected_calls_total'
      set.add(name, 'counter', helpFor(name), s.rejectedCalls, labels)
    }
    if (s.failedCalls !== undefined) {
      const name = 'commands_failed_calls_total'
      set.add(name, 'counter', helpFor(name), s.failedCalls, labels)
    }
  }
  for (const e of parseErrorstats(info)) {
    set.add('errors_total', 'counter', helpFor('errors_total'), e.count, { err: e.err })
  }
  const summary = 'latency_percentiles_usec'
  for (const l of parseLatencystats(info)) {
    const usec = usecByCmd.get(l.cmd)
    const calls = callsByCmd.get(l.cmd)
    if (usec === undefined || calls === undefined) continue
    for (const q of l.quantiles) {
      set.add(summary, 'summary', helpFor(summary), q.value, { cmd: l.cmd, quantile: q.quantile })
    }
    set.add(summary, 'summary', helpFor(summary), usec, { cmd: l.cmd }, '_sum')
    set.add(summary, 'summary', helpFor(summary), calls, { cmd: l.cmd }, '_count')
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
  const name = 'commands_latencies_usec'
  const help = helpFor(name)
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
    for (const b of h.buckets) {
      set.add(name, 'histogram', help, b.count, { cmd: h.cmd, le: String(b.le) }, '_bucket')
    }
    set.add(name, 'histogram', help, h.calls, { cmd: h.cmd, le: '+Inf' }, '_bucket')
    const usec = usecWithSubcommands.get(h.cmd) ?? 0
    set.add(name, 'histogram', help, usec, { cmd: h.cmd }, '_sum')
    set.add(name, 'histogram', help, h.calls, { cmd: h.cmd }, '_count')
  }
}

/** `LATENCY LATEST` spikes: time of the last spike and its duration, per event. */
export function addLatencyLatest(set: FamilySet, reply: Reply | undefined): void {
  if (!reply?.ok) return
  for (const e of parseLatencyLatest(reply.value)) {
    const labels = { event_name: e.event }
    set.add('latency_spike_last', 'gauge', helpFor('latency_spike_last'), e.timestamp, labels)
    const dur = 'latency_spike_duration_seconds'
    set.add(dur, 'gauge', helpFor(dur), e.latestSeconds, labels)
  }
}

/** `SLOWLOG LEN` and `SLOWLOG GET 1`: length, last id and last duration (0 when empty). */
export function addSlowlog(set: FamilySet, len: Reply | undefined, last: Reply | undefined): void {
  if (len?.ok) {
    const n = parseSlowlogLen(len.value)
    if (n !== undefined) set.add('slowlog_length', 'gauge', helpFor('slowlog_length'), n)
  }
  if (last?.ok) {
    const entry = parseSlowlogGet(last.value)
    if (entry) {
      set.add('slowlog_last_id', 'gauge', helpFor('slowlog_last_id'), entry.lastId)
      const dur = 'last_slow_execution_duration_seconds'
      set.add(dur, 'gauge', helpFor(dur), entry.lastDurationSeconds)
    }
  }
}
