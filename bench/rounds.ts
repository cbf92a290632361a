import type { Exporter, ExporterKind } from './exporters'
import type { LoadResult, LoadSamples } from './load'
import { loadSamples, summarizeLoad } from './load'
import { sampleProc } from './proc-stats'
import type { RedisDelta, RedisProbe } from './redis-stats'
import { addDeltas } from './redis-stats'
import { sumOf } from './stats'

/** Redis-side cost of one scrape (averaged over a run). */
export interface RedisPerScrape {
  readonly commands: number
  readonly usec: number
  readonly newConnections: number
  /** Bytes Redis received / sent (`total_net_input_bytes` / `total_net_output_bytes`). */
  readonly bytesIn: number
  readonly bytesOut: number
  /** Calls per scrape, per command (`info`, `config|get`, …). */
  readonly byCommand: Readonly<Record<string, number>>
  /** usec per scrape, per command. */
  readonly usecByCommand: Readonly<Record<string, number>>
}

export interface RunRecord {
  readonly round: number
  readonly concurrency: number
  readonly exporter: ExporterKind
  readonly load: LoadResult
  readonly cpuMsPerScrape: number
  readonly rssBytes: number
  readonly peakRssBytes: number
  readonly redis: RedisPerScrape
}

const WARMUP_SECONDS = 0.5

/** One exporter's share of a round: its load, its /proc CPU and memory, Redis's counters. */
interface Slice {
  readonly load: LoadSamples
  readonly cpuMs: number
  readonly rssBytes: number
  readonly peakRssBytes: number
  readonly redis: RedisDelta
}

/** Loads one exporter for `seconds`, with its /proc CPU and Redis's counters around the load. */
async function measureSlice(
  exporter: Exporter,
  probe: RedisProbe,
  opts: { concurrency: number; seconds: number }
): Promise<Slice> {
  const p0 = sampleProc(exporter.proc.pid)
  const r0 = await probe.read()
  const load = await loadSamples(exporter.metricsUrl, opts)
  const r1 = await probe.read()
  const p1 = sampleProc(exporter.proc.pid)
  return {
    load,
    cpuMs: p1.cpuMs - p0.cpuMs,
    rssBytes: p1.rssBytes,
    peakRssBytes: p1.hwmBytes,
    redis: probe.delta(r0, r1),
  }
}

/** One exporter's slices of a round as its record: everything added, then per scrape. */
function record(
  exporter: Exporter,
  round: number,
  concurrency: number,
  slices: readonly Slice[]
): RunRecord {
  const load = summarizeLoad(
    concurrency,
    slices.map((s) => s.load)
  )
  const d = addDeltas(slices.map((s) => s.redis))
  const last = slices[slices.length - 1]!
  // Failed requests may still have reached Redis; spread the cost over every request sent.
  const n = Math.max(1, load.scrapes + load.errors)
  const perScrape = (r: Readonly<Record<string, number>>) =>
    Object.fromEntries(Object.entries(r).map(([cmd, v]) => [cmd, v / n]))
  return {
    round,
    concurrency,
    exporter: exporter.kind,
    load,
    cpuMsPerScrape: sumOf(slices, (s) => s.cpuMs) / n,
    rssBytes: last.rssBytes,
    peakRssBytes: Math.max(...slices.map((s) => s.peakRssBytes)),
    redis: {
      commands: d.calls / n,
      usec: d.usec / n,
      newConnections: d.connections / n,
      bytesIn: d.netInputBytes / n,
      bytesOut: d.netOutputBytes / n,
      byCommand: perScrape(d.byCommand),
      usecByCommand: perScrape(d.usecByCommand),
    },
  }
}

/**
 * One round at one concurrency: each exporter warmed up, then loaded for `seconds` in `slices`
 * turns of `seconds / slices` (A B, then B A, …), so that the host's speed, which drifts from one
 * 8 s round to the next on a shared machine, weighs on every exporter alike.
 */
export async function measureRound(
  exporters: readonly Exporter[],
  probe: RedisProbe,
  opts: { round: number; concurrency: number; seconds: number; slices: number }
): Promise<RunRecord[]> {
  const { concurrency } = opts
  for (const e of exporters) {
    await loadSamples(e.metricsUrl, { concurrency, seconds: WARMUP_SECONDS })
  }
  const slices = exporters.map((): Slice[] => [])
  const seconds = opts.seconds / opts.slices
  for (let i = 0; i < opts.slices; i++) {
    const order = exporters.map((_, k) => (i % 2 === 0 ? k : exporters.length - 1 - k))
    for (const k of order) {
      slices[k]!.push(await measureSlice(exporters[k]!, probe, { concurrency, seconds }))
    }
  }
  return exporters.map((e, k) => record(e, opts.round, concurrency, slices[k]!))
}

/**
 * The throughput phase: a warm-up, then in every round, for every concurrency, the exporters in
 * alternating slices (measureRound), so drift of a shared machine hits them alike.
 */
export async function runRounds(
  exporters: readonly Exporter[],
  probe: RedisProbe,
  opts: {
    rounds: number
    seconds: number
    slices: number
    /** Scrapes each exporter answers at each concurrency before the first round. */
    warmupScrapes: number
    concurrencies: readonly number[]
    log: (line: string) => void
  }
): Promise<RunRecord[]> {
  // V8 optimizes a scrape's code over its first thousand or so scrapes; Go's is compiled ahead:
  // without this the first round measures our JIT's warm-up (2.3–2.4 against 1.2–1.4 ms).
  for (const concurrency of opts.concurrencies) {
    for (const e of exporters) {
      await loadSamples(e.metricsUrl, { concurrency, maxScrapes: opts.warmupScrapes })
    }
  }
  const records: RunRecord[] = []
  for (let round = 1; round <= opts.rounds; round++) {
    for (const concurrency of opts.concurrencies) {
      const { seconds, slices } = opts
      for (const r of await measureRound(exporters, probe, {
        round,
        concurrency,
        seconds,
        slices,
      })) {
        records.push(r)
        opts.log(
          `round ${round} c=${concurrency} ${r.exporter.padEnd(14)} ${r.load.scrapesPerSecond.toFixed(1).padStart(8)} scrapes/s  p50 ${r.load.p50Ms.toFixed(2)} ms  p99 ${r.load.p99Ms.toFixed(2)} ms  cpu ${r.cpuMsPerScrape.toFixed(2)} ms/scrape  redis ${r.redis.usec.toFixed(0)} usec/scrape${r.load.errors ? `  errors ${r.load.errors}` : ''}`
        )
      }
    }
  }
  return records
}
