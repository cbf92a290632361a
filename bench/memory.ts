import type { StartOptions } from './exporters'
import { startExporter } from './exporters'
import { get, runLoad } from './load'
import { sampleProc } from './proc-stats'
import { median } from './stats'

export interface MemoryCheckpoint {
  readonly scrapes: number
  readonly rssBytes: number
  readonly peakRssBytes: number
  /** `nodejs_heap_size_used_bytes` from the server's own page (NaN when absent). */
  readonly heapUsedBytes: number
}

export interface MemoryResult {
  readonly concurrency: number
  readonly checkpoints: MemoryCheckpoint[]
  /** RSS read every 1% of the scrapes: [scrapes, rssBytes]. */
  readonly rssSamples: [number, number][]
  /**
   * RSS around the first checkpoint and around the last: medians of the samples within ±50% of a
   * checkpoint step, so one garbage collection more or less does not decide "flat".
   */
  readonly rssFirstBytes: number
  readonly rssLastBytes: number
  readonly errors: number
  readonly seconds: number
}

/** Sequential like one Prometheus: every request is its own collection (no coalescing). */
const CONCURRENCY = 1

function metricValue(body: string, name: string): number {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(body)
  return m ? Number(m[1]) : Number.NaN
}

/** A fresh Node server, scraped up to the last checkpoint; memory read along the way. */
export async function measureMemory(
  opts: StartOptions & { checkpoints: readonly number[]; kind?: 'ours' | 'candidate' }
): Promise<MemoryResult> {
  const exporter = await startExporter(opts.kind ?? 'ours', opts)
  if (!exporter) throw new Error('our server did not start')
  const t0 = performance.now()
  const last = opts.checkpoints[opts.checkpoints.length - 1] ?? 0
  const step = Math.max(1, Math.round(last / 100))
  const pending = [...opts.checkpoints]
  const checkpoints: MemoryCheckpoint[] = []
  const rssSamples: [number, number][] = []
  let done = 1 // the cold-start scrape
  let errors = 0
  try {
    while (pending.length > 0) {
      const next = Math.min(pending[0]!, done + step)
      if (next - 1 > done) {
        const r = await runLoad(exporter.metricsUrl, {
          concurrency: CONCURRENCY,
          maxScrapes: next - 1 - done,
        })
        done += r.scrapes + r.errors
        errors += r.errors
      }
      const page = await get(exporter.metricsUrl)
      done += 1
      const proc = sampleProc(exporter.proc.pid)
      rssSamples.push([done, proc.rssBytes])
      if (done >= pending[0]!) {
        pending.shift()
        checkpoints.push({
          scrapes: done,
          rssBytes: proc.rssBytes,
          peakRssBytes: proc.hwmBytes,
          heapUsedBytes: metricValue(page.body.toString('utf8'), 'nodejs_heap_size_used_bytes'),
        })
      }
    }
  } finally {
    await exporter.stop()
  }
  const around = (at: number) => {
    const half = (opts.checkpoints[0] ?? at) / 2
    return median(rssSamples.filter(([n]) => Math.abs(n - at) <= half).map(([, rss]) => rss))
  }
  return {
    concurrency: CONCURRENCY,
    checkpoints,
    rssSamples,
    rssFirstBytes: around(checkpoints[0]?.scrapes ?? 0),
    rssLastBytes: around(checkpoints[checkpoints.length - 1]?.scrapes ?? 0),
    errors,
    seconds: (performance.now() - t0) / 1000,
  }
}
