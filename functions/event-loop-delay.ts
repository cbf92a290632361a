// The Node server's nodejs_eventloop_lag_* metrics: prom-client's names, help texts and meanings,
// measured by a timer of our own. prom-client reads them from perf_hooks' HDR histogram, whose
// `mean` and `stddev` walk every bucket of a histogram sized for int64 nanoseconds: ~0.3 ms of CPU
// per render, about half of what the process metrics cost warm (bench/NOTES.md). Here the running
// count, mean, variance, min and max are kept as each sample lands; the percentiles come from the
// latest SAMPLES_KEPT samples, sorted at collect time (at most a few dozen at the default interval).
import { Gauge } from 'prom-client'
import type { Registry } from 'prom-client'

/** Samples kept for the percentiles between two collects: 41 s of them at the 10 ms minimum. */
export const SAMPLES_KEPT = 4096
/** What prom-client reports for min before any sample: HDR's int64 maximum, in seconds. */
const EMPTY_MIN = Number(2n ** 63n - 1n) / 1e9

export type DelayStats = {
  min: number
  max: number
  mean: number
  stddev: number
  p50: number
  p90: number
  p99: number
}

/** Interval samples (seconds) since the last reset: Welford's running moments and a ring of the latest. */
export class DelaySummary {
  readonly #ring = new Float64Array(SAMPLES_KEPT)
  #count = 0
  #mean = 0
  #m2 = 0
  #min = Infinity
  #max = 0

  record(seconds: number): void {
    this.#ring[this.#count % SAMPLES_KEPT] = seconds
    this.#count += 1
    const delta = seconds - this.#mean
    this.#mean += delta / this.#count
    this.#m2 += delta * (seconds - this.#mean)
    if (seconds < this.#min) this.#min = seconds
    if (seconds > this.#max) this.#max = seconds
  }

  /** The stats as perf_hooks' histogram gives them: population stddev, HDR's percentile rank. */
  read(): DelayStats {
    const n = this.#count
    if (n === 0) return { min: EMPTY_MIN, max: 0, mean: NaN, stddev: NaN, p50: 0, p90: 0, p99: 0 }
    const sorted = this.#ring.slice(0, Math.min(n, SAMPLES_KEPT)).sort()
    const at = (p: number) => sorted[Math.max(1, Math.round((p / 100) * sorted.length)) - 1] ?? 0
    const stddev = Math.sqrt(this.#m2 / n)
    return {
      min: this.#min,
      max: this.#max,
      mean: this.#mean,
      stddev,
      p50: at(50),
      p90: at(90),
      p99: at(99),
    }
  }

  reset(): void {
    this.#count = 0
    this.#mean = 0
    this.#m2 = 0
    this.#min = Infinity
    this.#max = 0
  }
}

/** The eight gauges in prom-client's order; the first one's collect sets them all and resets. */
export function eventLoopDelayMetrics(registry: Registry, resolutionMs: number): void {
  const summary = new DelaySummary()
  let last = performance.now()
  setInterval(() => {
    const now = performance.now()
    summary.record((now - last) / 1000)
    last = now
  }, resolutionMs).unref()
  const gauge = (name: string, help: string, collect?: () => void) =>
    new Gauge({ name: `nodejs_eventloop_lag_${name}`, help, registers: [registry], collect })
  const lag = gauge('seconds', 'Lag of event loop in seconds.', () => {
    // As prom-client: the time to the next turn of the loop, reported by the next collect.
    const start = performance.now()
    setImmediate(() => lag.set((performance.now() - start) / 1000))
    const stats = summary.read()
    summary.reset()
    for (const [key, g] of stat) g.set(stats[key])
  })
  const stat: [keyof DelayStats, Gauge][] = [
    ['min', gauge('min_seconds', 'The minimum recorded event loop delay.')],
    ['max', gauge('max_seconds', 'The maximum recorded event loop delay.')],
    ['mean', gauge('mean_seconds', 'The mean of the recorded event loop delays.')],
    [
      'stddev',
      gauge('stddev_seconds', 'The standard deviation of the recorded event loop delays.'),
    ],
    ['p50', gauge('p50_seconds', 'The 50th percentile of the recorded event loop delays.')],
    ['p90', gauge('p90_seconds', 'The 90th percentile of the recorded event loop delays.')],
    ['p99', gauge('p99_seconds', 'The 99th percentile of the recorded event loop delays.')],
  ]
}
