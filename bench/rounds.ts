import type { Exporter, ExporterKind } from './exporters'
import type { LoadResult } from './load'
import { runLoad } from './load'
import { sampleProc } from './proc-stats'
import type { RedisProbe } from './redis-stats'

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

/** Measures one exporter for one run: load, its /proc CPU and memory, and Redis's counters. */
export async function measureRun(
  exporter: Exporter,
  probe: RedisProbe,
  opts: { round: number; concurrency: number; seconds?: number; maxScrapes?: number }
): Promise<RunRecord> {
  await runLoad(exporter.metricsUrl, { concurrency: opts.concurrency, seconds: WARMUP_SECONDS })
  const p0 = sampleProc(exporter.proc.pid)
  const r0 = await probe.read()
  const load = await runLoad(exporter.metricsUrl, {
    concurrency: opts.concurrency,
    ...(opts.seconds !== undefined ? { seconds: opts.seconds } : {}),
    ...(opts.maxScrapes !== undefined ? { maxScrapes: opts.maxScrapes } : {}),
  })
  const r1 = await probe.read()
  const p1 = sampleProc(exporter.proc.pid)
  const d = probe.delta(r0, r1)
  // Failed requests may still have reached Redis; spread the cost over every request sent.
  const n = Math.max(1, load.scrapes + load.errors)
  const byCommand: Record<string, number> = {}
  for (const [cmd, calls] of Object.entries(d.byCommand)) byCommand[cmd] = calls / n
  const usecByCommand: Record<string, number> = {}
  for (const [cmd, usec] of Object.entries(d.usecByCommand)) usecByCommand[cmd] = usec / n
  return {
    round: opts.round,
    concurrency: opts.concurrency,
    exporter: exporter.kind,
    load,
    cpuMsPerScrape: (p1.cpuMs - p0.cpuMs) / n,
    rssBytes: p1.rssBytes,
    peakRssBytes: p1.hwmBytes,
    redis: {
      commands: d.calls / n,
      usec: d.usec / n,
      newConnections: d.connections / n,
      bytesIn: d.netInputBytes / n,
      bytesOut: d.netOutputBytes / n,
      byCommand,
      usecByCommand,
    },
  }
}

/**
 * The throughput phase: in every round, for every concurrency, each exporter in turn (A B A B …),
 * so slow drift of a shared machine hits both alike.
 */
export async function runRounds(
  exporters: readonly Exporter[],
  probe: RedisProbe,
  opts: {
    rounds: number
    seconds: number
    concurrencies: readonly number[]
    log: (line: string) => void
  }
): Promise<RunRecord[]> {
  const records: RunRecord[] = []
  for (let round = 1; round <= opts.rounds; round++) {
    for (const concurrency of opts.concurrencies) {
      for (const exporter of exporters) {
        const r = await measureRun(exporter, probe, { round, concurrency, seconds: opts.seconds })
        records.push(r)
        opts.log(
          `round ${round} c=${concurrency} ${exporter.kind.padEnd(14)} ${r.load.scrapesPerSecond.toFixed(1).padStart(8)} scrapes/s  p50 ${r.load.p50Ms.toFixed(2)} ms  p99 ${r.load.p99Ms.toFixed(2)} ms  cpu ${r.cpuMsPerScrape.toFixed(2)} ms/scrape  redis ${r.redis.usec.toFixed(0)} usec/scrape${r.load.errors ? `  errors ${r.load.errors}` : ''}`
        )
      }
    }
  }
  return records
}
