import type { Snapshot } from './collect/collect'
import { collect } from './collect/collect'
import { collectOptionsFor } from './collect/options'
import type { TargetState } from './collect/target-state'
import type { Config } from './config'
import { TimeoutError } from './errors'
import type { SelfMetrics } from './metrics/build'
import { buildFamilies } from './metrics/build'
import type { Target } from './target'
import type { RedisTransport } from './transport/transport'
import type { MetricFamily } from './types'

export interface ScrapeOptions {
  readonly config: Config
  /** Deadline for this scrape, seconds. */
  readonly timeoutSeconds: number
  /** Milliseconds clock. */
  readonly now: () => number
  readonly buildInfo?: SelfMetrics['buildInfo']
  readonly targetScrapeRequestErrors?: number
  /** The target: its own settings (renamed commands) apply, and log entries name it. */
  readonly target?: Target
  /** Receives what the collector finds (a command the target blocks), once per target. */
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void
}

export interface ScrapeResult {
  readonly families: MetricFamily[]
  readonly snapshot: Snapshot
  readonly durationSeconds: number
}

/**
 * One complete scrape of one target under one deadline: collect, update the target's
 * self-metrics, build the families. Never throws; a dead Redis gives `redis_up 0`.
 */
export async function scrapeTarget(
  transport: RedisTransport,
  state: TargetState,
  opts: ScrapeOptions
): Promise<ScrapeResult> {
  const { config } = opts
  const started = opts.now()
  const controller = new AbortController()
  const timer = setTimeout(() => {
    controller.abort(
      new TimeoutError(
        `scrape deadline of ${opts.timeoutSeconds}s exceeded before Redis answered (raise REDIS_EXPORTER_SCRAPE_TIMEOUT, the Prometheus scrape_timeout, or the function timeout on Lambda)`
      )
    )
  }, opts.timeoutSeconds * 1000)
  let snapshot: Snapshot
  try {
    const { target, log } = opts
    snapshot = await collect(transport, state, {
      signal: controller.signal,
      now: opts.now,
      ...collectOptionsFor(config, target),
      ...(log ? { log: target ? (entry) => log({ target: target.uri, ...entry }) : log } : {}),
    })
  } finally {
    clearTimeout(timer)
  }
  // A huge reply takes a long time to parse, build and render, all on the thread that also
  // answers /health and every other scrape: give them a turn between the phases.
  const large = isLarge(snapshot)
  if (large) await nextTurn()
  const durationSeconds = (opts.now() - started) / 1000
  state.scrapes += 1
  state.scrapeDurationSum += durationSeconds
  state.lastUsedMs = opts.now()
  const families = buildFamilies(
    snapshot,
    {
      durationSeconds,
      scrapesTotal: state.scrapes,
      scrapeDurationSum: state.scrapeDurationSum,
      ...(opts.targetScrapeRequestErrors !== undefined
        ? { targetScrapeRequestErrors: opts.targetScrapeRequestErrors }
        : {}),
      ...(opts.buildInfo ? { buildInfo: opts.buildInfo } : {}),
    },
    {
      namespace: config.namespace,
      includeSystemMetrics: config.includeSystemMetrics,
      includeMetricsForEmptyDatabases: config.includeMetricsForEmptyDatabases,
      nowSeconds: opts.now() / 1000,
    }
  )
  if (large) await nextTurn()
  return { families, snapshot, durationSeconds }
}

/** INFO (or CLUSTER INFO) text longer than this makes a scrape yield between its phases. */
export const LARGE_REPLY_CHARS = 1024 * 1024

function isLarge(snapshot: Snapshot): boolean {
  for (const key of ['info', 'cluster_info'] as const) {
    const reply = snapshot.replies.get(key)?.[0]
    if (reply?.ok && typeof reply.value === 'string' && reply.value.length > LARGE_REPLY_CHARS) {
      return true
    }
  }
  return false
}

/** Lets the event loop run what is waiting (timers, I/O) before going on. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/** The deadline for one scrape: the configured bound, lowered to fit Prometheus's own timeout. */
export function scrapeDeadline(configured: number, prometheusHeader: string | undefined): number {
  const header = Number(prometheusHeader)
  if (!prometheusHeader || !Number.isFinite(header) || header <= 0) return configured
  // Leave room to render and send the answer before Prometheus gives up.
  const budget = header > 2 ? header - 0.5 : header * 0.75
  return Math.round(Math.max(0.05, Math.min(configured, budget)) * 1000) / 1000
}
