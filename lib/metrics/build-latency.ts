import type { CommandHistogram } from '../parse/latency-histogram'
import { parseLatencyHistogram } from '../parse/latency-histogram'
import { eachQuantile, latencystatsCommand, latencystatsFields } from '../parse/latencystats'
import { BoundedMap } from '../primitives/bounded-map'
import { detached } from '../primitives/detached'
import type { InfoRecord, Reply } from '../types'
import { FAMILIES } from './catalog/families'
import type { Chunk } from './chunk'
import { chunkSamples } from './chunk'
import type { FamilySet } from './family-set'

/** A command of commandstats: its label object (shared by all its samples), µs and calls. */
export type CommandTotals = Map<
  string,
  { readonly labels: { readonly cmd: string }; readonly usec: number; readonly calls: number }
>

/*
 * The latency statistics change only when a target asks for them again
 * (REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL, latency-cache.ts); in between, every scrape would
 * render the same quantile and bucket lines. They are rendered once and replayed (chunk.ts): the
 * quantiles of a command by the latencystats text they came from, the buckets of a command by the
 * LATENCY HISTOGRAM reply they came from. `_sum` and `_count` come from commandstats and are
 * written every scrape. The pages are the same byte for byte (test/lib/metrics/build-latency.test.ts).
 */

/**
 * A command's latencystats value when last seen, and its quantile lines once the same value came
 * twice: lines are recorded only when a replay is likely (recording costs ~10% of the lines'
 * writing; a value seen once, as on every scrape 30 s or more apart, is never recorded).
 */
interface QuantileLines {
  readonly value: string
  readonly chunk?: Chunk
}
/**
 * By command, shared by the targets of the process (a command whose text differs from one target
 * to the next is rendered afresh); bounded (a server has a few hundred commands at most).
 */
const QUANTILE_LINES = new BoundedMap<string, QuantileLines>(4096)

/**
 * The parsed LATENCY HISTOGRAM reply, how many pages it was written to, and each command's bucket
 * lines, recorded by its second page (a reply written once, as on every scrape 30 s or more
 * apart, is never recorded), while the reply lives.
 */
interface HistogramLines {
  readonly parsed: readonly CommandHistogram[]
  readonly buckets: (Chunk | undefined)[]
  pages: number
}
const HISTOGRAM_LINES = new WeakMap<object, HistogramLines>()

/** INFO latencystats as the summary `latency_percentiles_usec{cmd}`, for commands in commandstats. */
export function addLatencyPercentiles(
  set: FamilySet,
  info: InfoRecord,
  commands: CommandTotals
): void {
  const summary = FAMILIES.latency_percentiles_usec
  for (const [field, value] of latencystatsFields(info)) {
    const cmd = latencystatsCommand(field)
    const c = commands.get(cmd)
    if (!c) continue
    const cached = QUANTILE_LINES.get(cmd)
    const again = cached?.value === value
    const replayable = again ? cached.chunk : undefined
    let found = false
    if (replayable && set.replay(replayable)) found = chunkSamples(replayable) > 0
    else {
      // A copy of the value cut from the reply, which the map (and the chunk's quantile labels,
      // cut from the value) would keep alive (detached.ts).
      const own = detached(value)
      const write = () => {
        found = eachQuantile(own, (q, n) => set.quantile(summary, q, n, c.labels))
      }
      if (!again) {
        write()
        QUANTILE_LINES.set(cmd, { value: own })
      } else {
        const chunk = set.record(summary, write)
        if (chunk) QUANTILE_LINES.set(cmd, { value: own, chunk })
      }
    }
    if (!found) continue
    set.sum(summary, c.usec, c.labels)
    set.count(summary, c.calls, c.labels)
  }
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
  const usecWithSubcommands = subcommandSums(usecByCmd)
  const lines = histogramLines(reply.value)
  lines.pages += 1
  lines.parsed.forEach((h, i) => {
    const labels = { cmd: h.cmd }
    const write = () => {
      for (const b of h.buckets) set.bucket(histogram, String(b.le), b.count, labels)
      set.bucket(histogram, '+Inf', h.calls, labels)
    }
    const cached = lines.buckets[i]
    if (!cached || !set.replay(cached)) {
      if (lines.pages > 1) lines.buckets[i] = set.record(histogram, write)
      else write()
    }
    set.sum(histogram, usecWithSubcommands.get(h.cmd) ?? 0, labels)
    set.count(histogram, h.calls, labels)
  })
}

/** The reply parsed, with the bucket lines rendered so far: kept as long as the reply is. */
function histogramLines(value: unknown): HistogramLines {
  const kept = typeof value === 'object' && value !== null
  const found = kept ? HISTOGRAM_LINES.get(value) : undefined
  if (found) return found
  const lines: HistogramLines = { parsed: parseLatencyHistogram(value), buckets: [], pages: 0 }
  if (kept) HISTOGRAM_LINES.set(value, lines)
  return lines
}

/** µs of each command plus its subcommands (`config` = config + config|get + ...), in one pass. */
function subcommandSums(usecByCmd: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>()
  for (const [cmd, v] of usecByCmd) {
    out.set(cmd, (out.get(cmd) ?? 0) + v)
    const bar = cmd.indexOf('|')
    if (bar > 0) {
      const parent = cmd.slice(0, bar)
      out.set(parent, (out.get(parent) ?? 0) + v)
    }
  }
  return out
}
