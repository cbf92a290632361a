import type { Snapshot } from './collect/collect'
import { collect } from './collect/collect'
import { collectOptionsFor } from './collect/options'
import type { TargetState } from './collect/target-state'
import type { Config } from './config'
import type { CpuLane } from './cpu-lane'
import { nextTurn } from './cpu-lane'
import { TimeoutError } from './errors'
import type { BuildOptions, SelfMetrics } from './metrics/build'
import { buildFamilies, buildPage } from './metrics/build'
import { withDeadline } from './primitives/deadline'
import type { Target } from './target'
import type { RedisTransport } from './transport/transport'
import type { MetricFamily } from './types'

/** The exporter's own version and build, for `redis_exporter_build_info`. */
export type BuildInfo = NonNullable<SelfMetrics['buildInfo']>

export interface ScrapeOptions {
  readonly config: Config
  /** Deadline for this scrape, seconds. */
  readonly timeoutSeconds: number
  /** Milliseconds clock. */
  readonly now: () => number
  readonly buildInfo?: SelfMetrics['buildInfo']
  readonly targetScrapeRequestErrors?: number
  /** Main page only: discovered nodes left out since start (Topology.counts). */
  readonly discovery?: SelfMetrics['discovery']
  /** The target: its own settings (renamed commands) apply, and log entries name it. */
  readonly target?: Target
  /** Receives what the collector finds (a command the target blocks), once per target. */
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void
  /** Where the building of a huge page waits its turn (the app's lane); else it just yields. */
  readonly lane?: CpuLane
  /** The runtime's transport per target: REDIS_EXPORTER_IS_CLUSTER key checks reach other masters. */
  readonly getTransport?: (target: Target) => RedisTransport
  /** A push's plan (lib/push/push-plan.ts): plain INFO, and only the families it reads built. */
  readonly plan?: { readonly infoDefault: boolean; readonly select: BuildOptions['select'] }
}

export interface ScrapeResult {
  readonly families: MetricFamily[]
  readonly snapshot: Snapshot
  readonly durationSeconds: number
}

/** What `scrapePage` gives: the page as text instead of the families. */
export type PageResult = Omit<ScrapeResult, 'families'> & { readonly page: string }

/** buildFamilies or buildPage. */
type Builder<T> = (snapshot: Snapshot, self: SelfMetrics, opts: BuildOptions) => T

/**
 * One complete scrape of one target under one deadline: collect, update the target's
 * self-metrics, build the families. Never throws; a dead Redis gives `redis_up 0`.
 */
export async function scrapeTarget(
  transport: RedisTransport,
  state: TargetState,
  opts: ScrapeOptions
): Promise<ScrapeResult> {
  const { built, snapshot, durationSeconds } = await scrape(transport, state, opts, buildFamilies)
  return { families: built, snapshot, durationSeconds }
}

/**
 * `scrapeTarget` with the page written as text in one pass (buildPage), without the family and
 * sample objects: what /metrics and /scrape answer.
 */
export async function scrapePage(
  transport: RedisTransport,
  state: TargetState,
  opts: ScrapeOptions
): Promise<PageResult> {
  const { built, snapshot, durationSeconds } = await scrape(transport, state, opts, buildPage)
  return { page: built, snapshot, durationSeconds }
}

async function scrape<T>(
  transport: RedisTransport,
  state: TargetState,
  opts: ScrapeOptions,
  builder: Builder<T>
): Promise<{ built: T; snapshot: Snapshot; durationSeconds: number }> {
  const { config } = opts
  const started = opts.now()
  const { target, log } = opts
  const snapshot = await withDeadline(
    opts.timeoutSeconds * 1000,
    () =>
      new TimeoutError(
        `scrape deadline of ${opts.timeoutSeconds}s exceeded before Redis answered (raise REDIS_EXPORTER_SCRAPE_TIMEOUT, the Prometheus scrape_timeout, or the function timeout on Lambda)`
      ),
    (signal) =>
      collect(transport, state, {
        signal,
        now: opts.now,
        ...collectOptionsFor(config, target, opts.getTransport),
        ...(opts.plan?.infoDefault ? { infoDefault: true } : {}),
        ...(log ? { log: target ? (entry) => log({ target: target.uri, ...entry }) : log } : {}),
      })
  )
  const durationSeconds = (opts.now() - started) / 1000
  state.scrapes += 1
  state.scrapeDurationSum += durationSeconds
  state.lastUsedMs = opts.now()
  const build = (): T => buildWith(builder, snapshot, state, opts, durationSeconds)
  if (!isLarge(snapshot)) return { built: build(), snapshot, durationSeconds }
  // A huge reply takes long to build and render, on the thread that also answers /health and
  // every other scrape: each phase gets its own turn (its own place in the app's lane).
  const turn = opts.lane ?? ((work) => nextTurn().then(work))
  const built = await turn(build)
  // The caller renders (or sends) right after this resolves: in a turn of its own too.
  await turn(() => undefined)
  return { built, snapshot, durationSeconds }
}

function buildWith<T>(
  builder: Builder<T>,
  snapshot: Snapshot,
  state: TargetState,
  opts: ScrapeOptions,
  durationSeconds: number
): T {
  const { config } = opts
  return builder(
    snapshot,
    {
      durationSeconds,
      scrapesTotal: state.scrapes,
      scrapeDurationSum: state.scrapeDurationSum,
      ...(opts.targetScrapeRequestErrors !== undefined
        ? { targetScrapeRequestErrors: opts.targetScrapeRequestErrors }
        : {}),
      ...(opts.buildInfo ? { buildInfo: opts.buildInfo } : {}),
      ...(opts.discovery ? { discovery: opts.discovery } : {}),
    },
    {
      namespace: config.namespace,
      includeSystemMetrics: config.includeSystemMetrics,
      includeMetricsForEmptyDatabases: config.includeMetricsForEmptyDatabases,
      nowSeconds: opts.now() / 1000,
      optIns: config.collectors,
      ...(opts.plan?.select ? { select: opts.plan.select } : {}),
    }
  )
}

/** INFO, CLUSTER INFO or CLIENT LIST text longer than this makes a scrape take turns between its phases. */
export const LARGE_REPLY_CHARS = 1024 * 1024

function isLarge(snapshot: Snapshot): boolean {
  for (const key of ['info', 'cluster_info', 'client_list'] as const) {
    const reply = snapshot.replies.get(key)?.[0]
    if (reply?.ok && typeof reply.value === 'string' && reply.value.length > LARGE_REPLY_CHARS) {
      return true
    }
  }
  return false
}

/** The deadline for one scrape: the configured bound, lowered to fit Prometheus's own timeout. */
export function scrapeDeadline(configured: number, prometheusHeader: string | undefined): number {
  const header = Number(prometheusHeader)
  if (!prometheusHeader || !Number.isFinite(header) || header <= 0) return configured
  // Leave room to render and send the answer before Prometheus gives up.
  const budget = header > 2 ? header - 0.5 : header * 0.75
  return Math.round(Math.max(0.05, Math.min(configured, budget)) * 1000) / 1000
}
