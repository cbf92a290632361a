import type { BundleSize } from './bundles'
import type { FanoutResult } from './fanout'
import type { GzipResult } from './gzip'
import type { LambdaColdStart } from './lambda'
import type { MemoryResult } from './memory'
import type { RatioSet, WireSummary } from './summarize'

/** One performance target (issues 6 and 14) and how the run measured against it. */
export interface TargetCheck {
  readonly id: string
  readonly description: string
  /** The target, e.g. `>= 5x`, `<= 80 MB`. */
  readonly target: string
  /** The measured figure in `unit`; null when it could not be measured in this run. */
  readonly measured: number | null
  readonly unit: string
  /** true met, false missed, null not measured. */
  readonly met: boolean | null
  /** 'met', or what is missing (e.g. `needs 5x, measured 0.8x: 6.3x short`). */
  readonly gap: string
}

export const FLAT_GROWTH_PCT = 10
const MB = 1024 * 1024

const fmt = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')

/** One bound check: `>=` (`atLeast`) or `<=` (`atMost`) with the gap stated when missed. */
function bound(
  kind: 'min' | 'max',
  id: string,
  description: string,
  value: number | undefined,
  limit: number,
  unit: string
): TargetCheck {
  const target = `${kind === 'min' ? '>=' : '<='} ${limit}${unit === 'x' ? 'x' : ` ${unit}`}`
  if (value === undefined || !Number.isFinite(value)) {
    return { id, description, target, measured: null, unit, met: null, gap: 'not measured' }
  }
  const met = kind === 'min' ? value >= limit : value <= limit
  const miss = kind === 'min' ? `${fmt(limit / value, 1)}x short` : `${fmt(value / limit, 1)}x over`
  return {
    id,
    description,
    target,
    measured: value,
    unit,
    met,
    gap: met ? 'met' : `needs ${limit}${unit}, measured ${fmt(value)}${unit}: ${miss}`,
  }
}

const atLeast = (...a: [string, string, number | undefined, number, string]) => bound('min', ...a)
const atMost = (...a: [string, string, number | undefined, number, string]) => bound('max', ...a)

function exactly(id: string, description: string, value: number | undefined, want: number) {
  const target = `= ${want}`
  if (value === undefined || !Number.isFinite(value)) {
    return { id, description, target, measured: null, unit: '', met: null, gap: 'not measured' }
  }
  const met = Math.abs(value - want) < 1e-9
  return {
    id,
    description,
    target,
    measured: value,
    unit: '',
    met,
    gap: met ? 'met' : `measured ${fmt(value, 3)}`,
  }
}

export function checkTargets(input: {
  ratios: Readonly<Record<string, RatioSet>>
  wire?: WireSummary
  warmNewConnections?: number
  memory?: MemoryResult
  bundles: readonly BundleSize[]
  lambda?: LambdaColdStart
  fanout?: FanoutResult
  gzip?: GzipResult
}): TargetCheck[] {
  const { ratios } = input
  const cpuRatio = ratios['c1']?.cpuMsPerScrape
  const g = input.gzip
  // Both with gzip on (what Prometheus sends; redis_exporter negotiates gzip as promhttp does),
  // measured in the same gzip rounds.
  const gzipRatio = g?.cpuRatio?.gzip
  const checks: TargetCheck[] = [
    atMost(
      'cpu_c1',
      'exporter CPU per warm scrape at concurrency 1, ours/theirs',
      cpuRatio,
      0.25,
      'x'
    ),
    atMost(
      'cpu_c1_gzip',
      'exporter CPU per warm scrape with gzip, ours/theirs',
      gzipRatio,
      0.35,
      'x'
    ),
    atLeast(
      'throughput_c1',
      'throughput at concurrency 1, ours/theirs',
      ratios['c1']?.scrapesPerSecond,
      3,
      'x'
    ),
    atLeast(
      'throughput_c16',
      'throughput at concurrency 16, ours/theirs',
      ratios['c16']?.scrapesPerSecond,
      5,
      'x'
    ),
    atMost(
      'p50_latency',
      'p50 scrape latency at concurrency 1, ours/theirs',
      ratios['c1']?.p50Ms,
      0.4,
      'x'
    ),
    atMost(
      'redis_usec',
      'Redis usec per scrape (commandstats), ours/theirs',
      ratios['c1']?.redisUsecPerScrape,
      0.5,
      'x'
    ),
    exactly(
      'round_trips',
      'round trips per warm scrape (counting proxy)',
      input.wire?.roundTripsPerScrape,
      1
    ),
    exactly(
      'new_connections',
      'new connections per warm scrape (proxy and total_connections_received)',
      input.wire === undefined && input.warmNewConnections === undefined
        ? undefined
        : Math.max(input.wire?.newConnectionsPerScrape ?? 0, input.warmNewConnections ?? 0),
      0
    ),
  ]
  const mem = input.memory
  const first = mem?.checkpoints[0]
  const last = mem?.checkpoints[mem.checkpoints.length - 1]
  checks.push(
    atMost(
      'node_rss',
      `Node server RSS after ${last?.scrapes ?? 10_000} scrapes (median around it)`,
      mem ? mem.rssLastBytes / MB : undefined,
      80,
      'MB'
    ),
    atMost(
      'node_rss_flat',
      `RSS growth from ${first?.scrapes ?? 1_000} to ${last?.scrapes ?? 10_000} scrapes`,
      mem ? ((mem.rssLastBytes - mem.rssFirstBytes) / mem.rssFirstBytes) * 100 : undefined,
      FLAT_GROWTH_PCT,
      '%'
    )
  )
  const lambdaBundle = input.bundles.find((b) => b.name === 'lambda-scrape')
  const lambdaSize = atMost(
    'lambda_bundle',
    'Lambda scrape bundle, minified, loaded at start (1 KB = 1000 bytes)',
    lambdaBundle?.bytes !== undefined ? lambdaBundle.bytes / 1000 : undefined,
    200,
    'KB'
  )
  checks.push(
    lambdaBundle?.present ? lambdaSize : { ...lambdaSize, gap: 'not built yet' },
    input.lambda?.present
      ? atMost(
          'lambda_cold',
          'Lambda scrape: import + first invocation against a local Redis',
          input.lambda.error ? undefined : input.lambda.totalMs,
          150,
          'ms'
        )
      : {
          id: 'lambda_cold',
          description: 'Lambda scrape: import + first invocation against a local Redis',
          target: '<= 150 ms',
          measured: null,
          unit: 'ms',
          met: null,
          gap: 'not built yet',
        },
    fanoutCheck(input.fanout)
  )
  return checks
}

function fanoutCheck(fanout: FanoutResult | undefined): TargetCheck {
  const check = atMost(
    'fanout',
    `push over ${fanout?.targets ?? 300} targets vs the slowest target alone (cold)`,
    fanout?.cold.ratio,
    2,
    'x'
  )
  if (!fanout) return check
  const down = Math.max(fanout.targets - fanout.cold.up, fanout.targets - fanout.warm.up)
  if (down === 0) return check
  return { ...check, met: false, gap: `${down} of ${fanout.targets} targets down; ${check.gap}` }
}
