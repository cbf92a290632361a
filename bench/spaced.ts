import { Agent } from 'node:http'
import { scrape } from './gzip'
import { sampleProc } from './proc-stats'
import { percentile } from './stats'

/** A running exporter to scrape: its name in the results (`ours`, `redis_exporter`…). */
export interface SpacedTarget {
  readonly name: string
  readonly pid: number
  readonly url: URL
}

/** One exporter scraped as Prometheus does it. */
export interface SpacedSide {
  readonly exporter: string
  /** CPU time of the process over the phase (/proc) divided by its scrapes, milliseconds. */
  readonly cpuMsPerScrape: number
  readonly p50Ms: number
  /** RSS at the end of the phase (V8 shrinks its heap between spaced scrapes), bytes. */
  readonly rssBytes: number
}

export interface SpacedResult {
  readonly scrapes: number
  readonly spacingMs: number
  readonly sides: readonly SpacedSide[]
  /** Ours/redis_exporter CPU per scrape, when both were measured. */
  readonly cpuRatio?: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Scrapes `spacingMs` apart, with gzip (unless `gzip: false`) as Prometheus sends them, every exporter in turn in the
 * same loop (which goes first alternates): what a scrape costs when the scrapes are not back to
 * back. Our server then renders its process metrics for each scrape (it keeps them 1 s), and the
 * CPU a process spends between scrapes (timers, GC) is counted in its scrapes. The throughput
 * rounds measure back-to-back scrapes, where that render is shared by hundreds.
 */
export async function measureSpaced(
  targets: readonly SpacedTarget[],
  opts: { scrapes: number; spacingMs: number; gzip?: boolean }
): Promise<SpacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const gzip = opts.gzip ?? true
  try {
    const ms: number[][] = targets.map(() => [])
    const before = targets.map((t) => sampleProc(t.pid).cpuMs)
    for (let i = 0; i < opts.scrapes; i++) {
      const started = performance.now()
      const order = targets.map((_, k) => k)
      if (i % 2 === 1) order.reverse()
      for (const k of order) ms[k]!.push((await scrape(targets[k]!.url, agent, gzip)).ms)
      await sleep(Math.max(0, opts.spacingMs - (performance.now() - started)))
    }
    const sides = targets.map((t, k) => {
      const after = sampleProc(t.pid)
      return {
        exporter: t.name,
        cpuMsPerScrape: (after.cpuMs - before[k]!) / opts.scrapes,
        rssBytes: after.rssBytes,
        p50Ms: percentile(
          ms[k]!.sort((a, b) => a - b),
          50
        ),
      }
    })
    const ours = sides.find((s) => s.exporter === 'ours')
    const theirs = sides.find((s) => s.exporter === 'redis_exporter')
    return {
      scrapes: opts.scrapes,
      spacingMs: opts.spacingMs,
      sides,
      ...(ours && theirs ? { cpuRatio: ours.cpuMsPerScrape / theirs.cpuMsPerScrape } : {}),
    }
  } finally {
    agent.destroy()
  }
}
