import { createHistogram } from 'node:perf_hooks'
import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { DelaySummary, SAMPLES_KEPT, eventLoopDelayMetrics } from '../../functions/event-loop-delay'

const summaryOf = (samples: number[]) => {
  const s = new DelaySummary()
  for (const v of samples) s.record(v)
  return s.read()
}

/** A seeded stream of interval-like samples (nanoseconds, as perf_hooks records them). */
function samples(seed: number, n: number, spread: number): number[] {
  let x = seed
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31
    out.push(10_000_000 + Math.floor((x / 2 ** 31) ** 3 * spread))
  }
  return out
}

describe('DelaySummary', () => {
  it.each([
    {
      samples: [1, 2, 3, 4],
      want: { min: 1, max: 4, mean: 2.5, stddev: Math.sqrt(1.25), p50: 2, p90: 4, p99: 4 },
    },
    {
      samples: [0.5],
      want: { min: 0.5, max: 0.5, mean: 0.5, stddev: 0, p50: 0.5, p90: 0.5, p99: 0.5 },
    },
    {
      samples: [3, 1, 2],
      want: { min: 1, max: 3, mean: 2, stddev: Math.sqrt(2 / 3), p50: 2, p90: 3, p99: 3 },
    },
    // Before any sample, the values prom-client reports from an empty HDR histogram.
    {
      samples: [],
      want: { min: 9223372036.854776, max: 0, mean: NaN, stddev: NaN, p50: 0, p90: 0, p99: 0 },
    },
  ])('$samples', ({ samples, want }) => {
    const got = summaryOf(samples)
    for (const [key, value] of Object.entries(want)) {
      const actual = got[key as keyof typeof got]
      if (Number.isNaN(value)) expect(actual, key).toBeNaN()
      else expect(actual, key).toBeCloseTo(value, 12)
    }
  })

  it.each([
    [1, 50, 1e6],
    [2, 1000, 5e7],
    [3, 3000, 2e9],
  ])('agrees with perf_hooks’ histogram (seed %i, %i samples, spread %d ns)', (seed, n, spread) => {
    const stream = samples(seed, n, spread)
    const hdr = createHistogram()
    for (const v of stream) hdr.record(v)
    const got = summaryOf(stream.map((v) => v / 1e9))
    const want = {
      min: hdr.min,
      max: hdr.max,
      mean: hdr.mean,
      stddev: hdr.stddev,
      p50: hdr.percentile(50),
      p90: hdr.percentile(90),
      p99: hdr.percentile(99),
    }
    // HDR keeps three significant digits: its values sit within 0.1% of the exact ones.
    for (const [key, value] of Object.entries(want)) {
      const exact = got[key as keyof typeof got] * 1e9
      expect(Math.abs(exact - value), key).toBeLessThanOrEqual(Math.max(value * 2e-3, 1))
    }
  })

  it('keeps the running moments of every sample and the percentiles of the latest SAMPLES_KEPT', () => {
    const n = SAMPLES_KEPT + 904
    const got = summaryOf(Array.from({ length: n }, (_, i) => i + 1))
    expect(got).toMatchObject({ min: 1, max: n, mean: (n + 1) / 2 })
    expect(got.stddev).toBeCloseTo(Math.sqrt((n * n - 1) / 12), 6)
    // The ring holds 905..5000: its median is its 2048th value.
    expect(got.p50).toBe(905 + 2047)
    expect(got.p99).toBe(905 + Math.round(0.99 * SAMPLES_KEPT) - 1)
  })

  it('starts over after reset', () => {
    const s = new DelaySummary()
    for (const v of [5, 6, 7]) s.record(v)
    s.reset()
    s.record(2)
    expect(s.read()).toEqual({ min: 2, max: 2, mean: 2, stddev: 0, p50: 2, p90: 2, p99: 2 })
    s.reset()
    expect(s.read().mean).toBeNaN()
  })
})

describe('eventLoopDelayMetrics', () => {
  const value = (page: string, name: string) =>
    Number(new RegExp(`\\n${name} (\\S+)\\n`).exec(page)?.[1] ?? 'missing')

  it('reports the intervals sampled since the last collect, then starts over', async () => {
    const registry = new Registry()
    const started = performance.now()
    eventLoopDelayMetrics(registry, 10)
    await new Promise((r) => setTimeout(r, 300))
    const first = await registry.metrics()
    const elapsed = (performance.now() - started) / 1000
    // Every sample is one interval of the timer: about its 10 ms or more (a delay alone would be
    // near 0), and none longer than the whole wait.
    expect(value(first, 'nodejs_eventloop_lag_min_seconds')).toBeGreaterThan(0.005)
    expect(value(first, 'nodejs_eventloop_lag_max_seconds')).toBeLessThanOrEqual(elapsed)
    const mean = value(first, 'nodejs_eventloop_lag_mean_seconds')
    expect(mean).toBeGreaterThanOrEqual(value(first, 'nodejs_eventloop_lag_min_seconds'))
    expect(value(first, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(
      value(first, 'nodejs_eventloop_lag_p50_seconds')
    )
    // The loop's lag is measured at a collect and reported by the next, as prom-client does.
    expect(value(first, 'nodejs_eventloop_lag_seconds')).toBe(0)
    await new Promise((r) => setImmediate(r))
    const second = await registry.metrics()
    expect(value(second, 'nodejs_eventloop_lag_seconds')).toBeGreaterThan(0)
    expect(value(second, 'nodejs_eventloop_lag_mean_seconds')).toBeNaN()
  })
})
