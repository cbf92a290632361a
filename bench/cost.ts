import type { Exporter, ExporterKind, StartOptions } from './exporters'
import { startExporter } from './exporters'
import { runLoad } from './load'
import type { ProxyCounts } from './proxy'
import { diffCounts, startProxy } from './proxy'

/** Round trips and connections per scrape, seen by a counting proxy between exporter and Redis. */
export interface WireCost {
  readonly exporter: ExporterKind
  readonly round: number
  readonly scrapes: number
  readonly roundTripsPerScrape: number
  readonly newConnectionsPerScrape: number
  readonly bytesToRedisPerScrape: number
  readonly bytesFromRedisPerScrape: number
}

export interface WirePhase {
  /** The very first scrape of a freshly started exporter (connect, handshake, first plan). */
  readonly firstScrape: Partial<Record<ExporterKind, ProxyCounts>>
  readonly runs: WireCost[]
}

/**
 * Starts a second instance of each exporter that reaches Redis through its own counting proxy, then
 * alternates `rounds` runs of `scrapes` sequential scrapes (concurrency 1, so bursts never overlap).
 */
export async function measureWire(
  kinds: readonly ExporterKind[],
  opts: StartOptions & { rounds: number; scrapes: number }
): Promise<WirePhase> {
  const started: { exporter: Exporter; counts: () => ProxyCounts; close: () => Promise<void> }[] =
    []
  const firstScrape: Partial<Record<ExporterKind, ProxyCounts>> = {}
  try {
    for (const kind of kinds) {
      const proxy = await startProxy({ targetPort: opts.redisPort })
      const exporter = await startExporter(kind, { ...opts, redisPort: proxy.port })
      if (!exporter) {
        await proxy.close()
        continue
      }
      firstScrape[kind] = proxy.counts()
      started.push({ exporter, counts: proxy.counts, close: proxy.close })
    }
    const runs: WireCost[] = []
    for (let round = 1; round <= opts.rounds; round++) {
      for (const s of started) {
        const c0 = s.counts()
        const load = await runLoad(s.exporter.metricsUrl, {
          concurrency: 1,
          maxScrapes: opts.scrapes,
        })
        const d = diffCounts(c0, s.counts())
        const n = Math.max(1, load.scrapes + load.errors)
        runs.push({
          exporter: s.exporter.kind,
          round,
          scrapes: n,
          roundTripsPerScrape: d.roundTrips / n,
          newConnectionsPerScrape: d.connections / n,
          bytesToRedisPerScrape: d.bytesToServer / n,
          bytesFromRedisPerScrape: d.bytesToClient / n,
        })
      }
    }
    return { firstScrape, runs }
  } finally {
    for (const s of started) {
      await s.exporter.stop()
      await s.close()
    }
  }
}
