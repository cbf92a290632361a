import { asNumber, asPairs, asString } from './reply'

export interface HistogramBucket {
  /** Upper bound in µs. */
  le: number
  /** Calls that took at most `le` µs (cumulative). */
  count: number
}

export interface CommandHistogram {
  cmd: string
  calls: number
  /** Sorted by `le`; no `+Inf` bucket (that is `calls`). */
  buckets: HistogramBucket[]
}

/*
 * Cumulativeness, checked against redis-server 7.0.15 (test/fixtures/parse/latency-histogram-redis-7.0.json):
 * the counts Redis sends ARE cumulative. `eval` with calls=4 (one ~0 ms, two ~2 ms, one ~20 ms run)
 * came back as `[66, 1, 2113, 3, 33816, 4]`, and for all 15 commands captured the counts are
 * non-decreasing and the last one equals `calls`. That matches latency.c, which walks an HDR log
 * iterator and emits `iter.cumulative_count`, only for buckets where it grew (so empty buckets are
 * missing). Counts are therefore passed through unchanged, only sorted by `le`.
 * The bounds are 1024 * 2^k ns widened to the end of HDR's equivalent range and truncated to whole
 * µs, so they are close to but not exactly powers of two: seen 1, 2, 4, 8, 16, 33, 66, 264, 528,
 * 2113, 33816.
 */

function parseBuckets(x: unknown): HistogramBucket[] {
  const out: HistogramBucket[] = []
  for (const [k, v] of asPairs(x)) {
    const le = asNumber(k)
    const count = asNumber(v)
    if (le !== undefined && count !== undefined) out.push({ le, count })
  }
  return out.sort((a, b) => a.le - b.le)
}

/**
 * `LATENCY HISTOGRAM` (Redis >= 7.0). RESP2: a flat array
 * `[cmd, ['calls', N, 'histogram_usec', [le1, c1, le2, c2, ...]], cmd2, [...], ...]`; RESP3 maps
 * arriving as JS `Map`s or plain objects work too. Commands without a name or a parseable `calls`
 * are skipped, as are bucket pairs that do not parse. Never throws.
 */
export function parseLatencyHistogram(reply: unknown): CommandHistogram[] {
  const out: CommandHistogram[] = []
  for (const [name, details] of asPairs(reply)) {
    const cmd = asString(name)
    if (cmd === undefined || cmd === '') continue
    let calls: number | undefined
    let buckets: HistogramBucket[] = []
    for (const [k, v] of asPairs(details)) {
      const key = asString(k)
      if (key === 'calls') calls = asNumber(v)
      else if (key === 'histogram_usec') buckets = parseBuckets(v)
    }
    if (calls !== undefined) out.push({ cmd, calls, buckets })
  }
  return out
}
