/** Small statistics helpers; every function accepts an empty list and then returns NaN. */

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

/** The sum of `f` over `items` (0 for none). */
export function sumOf<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((a, item) => a + f(item), 0)
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (finite.length === 0) return Number.NaN
  const mid = finite.length >> 1
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2
}

/** Spread of a series as (max - min) / median, in percent. */
export function spreadPct(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v))
  if (finite.length < 2) return 0
  const m = median(finite)
  return m === 0 ? 0 : ((Math.max(...finite) - Math.min(...finite)) / Math.abs(m)) * 100
}

/** Rounds to `digits` significant decimals for JSON and tables. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value
  const f = 10 ** digits
  return Math.round(value * f) / f
}

export function ratio(ours: number, theirs: number): number {
  return theirs === 0 || !Number.isFinite(theirs) ? Number.NaN : ours / theirs
}
