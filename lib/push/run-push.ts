import type { Snapshot } from '../collect/collect'
import type { TargetState } from '../collect/target-state'
import { newTargetState } from '../collect/target-state'
import type { Config } from '../config'
import { TimeoutError, redact } from '../errors'
import { FailureLog, logOutcome } from '../failure-log'
import { buildFamilies } from '../metrics/build'
import { preciseNow } from '../primitives/clock'
import { detached } from '../primitives/detached'
import { raceAbort, withDeadline } from '../primitives/deadline'
import { scrapeTarget } from '../scrape'
import type { Target } from '../target'
import type { RedisTransport } from '../transport/transport'
import type { MetricFamily } from '../types'
import type { PushPlan } from './push-plan'
import { cachedPushPlan } from './push-plan'
import type { PreviousSample, PushSink, PushTarget, SinkReport, TargetResult } from './types'
import type { WarmState } from './warm-state'
import { newWarmState } from './warm-state'

/** What a warm process remembers of one target between pushes. */
interface Remembered {
  readonly scrape: TargetState
  previous?: PreviousSample
  role?: string
  /**
   * How long the target takes, seconds: its shortest collection lately (each push's duration, at
   * most twice the last estimate, so it follows a target that became slower within a few pushes).
   * A push starts its slowest targets first.
   */
  seconds?: number
}

/**
 * What a warm process remembers per target between pushes (at most MAX_PUSH_TARGETS), and the
 * failure log that rate-limits the "target down" line of targets that keep failing.
 */
export type PushState = WarmState<Remembered, FailureLog>

/** The most targets a push remembers (discovered nodes included). */
export const MAX_PUSH_TARGETS = 10_000

export function newPushState(): PushState {
  return newWarmState(MAX_PUSH_TARGETS, new FailureLog())
}

export interface RunPushOptions<T extends PushTarget = PushTarget> {
  /** Set by runPush from the sinks (push-plan.ts). */
  readonly plan?: PushPlan
  readonly targets: readonly T[]
  /**
   * Fills in what a target needs before connecting (credentials); a promise runs under the
   * target's deadline, a target given at once (nothing to fill in) costs no deadline.
   */
  readonly prepare?: (target: T) => PushTarget | Promise<PushTarget>
  readonly getTransport: (target: Target) => RedisTransport
  /** Core configuration: namespace, plan options; REDIS_EXPORTER_SCRAPE_TIMEOUT bounds each target. */
  readonly config: Config
  readonly sinks: readonly PushSink[]
  readonly state: PushState
  /** Epoch ms by which runPush returns, sinks included. Default: 60 s from now. */
  readonly deadlineMs?: number
  /** Timestamp of the data points. Default: the collection time. */
  readonly timestampMs?: number
  readonly now?: () => number
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void
}

export interface TargetSummary {
  readonly id: string
  readonly up: boolean
  readonly error: string
  readonly durationSeconds: number
}

export interface PushResult {
  /** Every target up and every sink delivered everything. */
  readonly ok: boolean
  readonly targets: readonly TargetSummary[]
  readonly sinks: readonly SinkReport[]
  /** One line per failed target or sink, redacted. */
  readonly failures: readonly string[]
}

/**
 * One scheduled push: collects every target concurrently, each under its own deadline (the
 * scrape timeout, lowered to leave the sinks time before `deadlineMs`), then hands all results to
 * every sink concurrently. Never throws: a target that fails is still sent with `up` 0, and a sink
 * that fails is reported without stopping the others.
 */
export async function runPush<T extends PushTarget>(opts: RunPushOptions<T>): Promise<PushResult> {
  const now = opts.now ?? preciseNow
  const log = opts.log ?? (() => undefined)
  const started = now()
  const deadlineMs = opts.deadlineMs ?? started + 60_000
  const budgetMs = Math.max(0, deadlineMs - started)
  // Leave the sinks a share of the time: up to 10 s, at least 200 ms.
  const sinkReserveMs = Math.min(10_000, Math.max(200, budgetMs * 0.4))
  const collectSeconds = Math.max(
    0.05,
    Math.min(opts.config.scrapeTimeoutSeconds, (budgetMs - sinkReserveMs) / 1000)
  )

  // Only what the sinks read is collected and built (CloudWatch: plain INFO, ~20 families).
  const plan = cachedPushPlan(opts.sinks, opts.config)
  const planned = plan ? { ...opts, config: plan.config, plan } : opts
  const results = await collectAll(planned, collectSeconds, now)
  const failures: string[] = []
  for (const r of results) {
    if (!r.up) failures.push(`target ${r.id}: ${r.error}`)
    const details = { error: r.error }
    logOutcome(opts.state.history, log, TARGET_LINES, {
      key: r.id,
      ok: r.up,
      nowMs: now(),
      details,
    })
  }
  const sinks = await withDeadline(
    deadlineMs - now(),
    () => new TimeoutError(`push deadline reached before the sinks finished`),
    (signal) => Promise.all(opts.sinks.map((sink) => sendTo(sink, results, signal, now)))
  )
  for (const s of sinks) failures.push(...s.errors)

  return {
    ok: failures.length === 0,
    targets: results.map((r) => ({
      id: r.id,
      up: r.up,
      error: r.error,
      durationSeconds: r.durationSeconds,
    })),
    sinks,
    failures: failures.map((f) => redact(f)),
  }
}

/**
 * Collects every target at once, the slowest first (by what a warm process remembers; targets it
 * has not seen keep their order, after the known ones): their round trips then overlap the CPU
 * the others cost instead of starting after it. The results keep the order of `targets`.
 */
async function collectAll<T extends PushTarget>(
  opts: RunPushOptions<T>,
  timeoutSeconds: number,
  now: () => number
): Promise<TargetResult[]> {
  const { targets, state } = opts
  const order = targets.map((t, i) => ({ i, seconds: state.entries.get(t.id)?.seconds ?? 0 }))
  order.sort((a, b) => b.seconds - a.seconds)
  const out = new Array<TargetResult>(targets.length)
  await Promise.all(
    order.map(async ({ i }) => {
      out[i] = await collectOne(targets[i]!, opts, timeoutSeconds, now)
    })
  )
  return out
}

/** A target that stays down logs its first failure, then a line a minute with the count, then its recovery. */
const TARGET_LINES = { failed: 'target down', recovered: 'target recovered' }

async function sendTo(
  sink: PushSink,
  results: readonly TargetResult[],
  signal: AbortSignal,
  now: () => number
): Promise<SinkReport> {
  try {
    return await sink.send(results, { signal, now })
  } catch (err) {
    return { sink: sink.name, ok: false, sent: 0, errors: [`${sink.name}: ${String(err)}`] }
  }
}

/** What collecting one target gave: its families and snapshot (a down one when it failed early). */
interface Collected {
  readonly families: readonly MetricFamily[]
  readonly snapshot: Snapshot
  readonly durationSeconds: number
  /** Secrets the error text may hold. */
  readonly secrets: readonly (string | undefined)[]
}

async function collectOne<T extends PushTarget>(
  spec: T,
  opts: RunPushOptions<T>,
  timeoutSeconds: number,
  now: () => number
): Promise<TargetResult> {
  const entry = opts.state.entries.getOrSet(spec.id, () => ({ scrape: newTargetState() }))
  const { families, snapshot, durationSeconds, secrets } = await scrapeOne(
    spec,
    entry.scrape,
    opts,
    timeoutSeconds,
    now
  )
  const collectedAtMs = now()
  entry.seconds =
    entry.seconds === undefined ? durationSeconds : Math.min(durationSeconds, 2 * entry.seconds)
  const role = snapshot.up ? snapshot.info['role'] : undefined
  if (role) entry.role = role
  // Kept with `previous` until the next push: a copy, not a view of the whole INFO text.
  const infoRunId = snapshot.info['run_id']
  const runId = infoRunId === undefined ? undefined : detached(infoRunId)
  const previous = entry.previous
  if (snapshot.up) {
    entry.previous = { families, timestampMs: collectedAtMs, ...(runId ? { runId } : {}) }
  }
  return {
    id: spec.id,
    dimensions: spec.dimensions,
    up: snapshot.up,
    error: snapshot.up ? '' : redact(snapshot.error, secrets),
    ...(entry.role ? { role: entry.role } : {}),
    families,
    durationSeconds,
    timestampMs: opts.timestampMs ?? collectedAtMs,
    collectedAtMs,
    ...(previous && snapshot.up ? { previous } : {}),
    ...(runId ? { runId } : {}),
  }
}

/** Prepares (credentials) and scrapes one target within `timeoutSeconds` in all. */
async function scrapeOne<T extends PushTarget>(
  spec: T,
  state: TargetState,
  opts: RunPushOptions<T>,
  timeoutSeconds: number,
  now: () => number
): Promise<Collected> {
  const { config } = opts
  const started = now()
  const secrets: (string | undefined)[] = [config.password]
  try {
    const target = await prepareTarget(spec, opts.prepare, timeoutSeconds)
    secrets.push(target.target.password)
    const remaining = Math.max(0.05, timeoutSeconds - (now() - started) / 1000)
    const result = await scrapeTarget(opts.getTransport(target.target), state, {
      config,
      timeoutSeconds: remaining,
      now,
      target: target.target,
      getTransport: opts.getTransport,
      ...(opts.log ? { log: opts.log } : {}),
      ...(opts.plan ? { plan: opts.plan } : {}),
    })
    return { ...result, secrets }
  } catch (err) {
    // Credentials could not be read: report the target down with that reason.
    const durationSeconds = (now() - started) / 1000
    const snapshot = downSnapshot(`credentials: ${(err as Error).message}`)
    const families = buildFamilies(
      snapshot,
      { durationSeconds, scrapesTotal: state.scrapes, scrapeDurationSum: 0 },
      {
        namespace: config.namespace,
        includeSystemMetrics: config.includeSystemMetrics,
        includeMetricsForEmptyDatabases: config.includeMetricsForEmptyDatabases,
        nowSeconds: now() / 1000,
        optIns: config.collectors,
        ...(opts.plan ? { select: opts.plan.select } : {}),
      }
    )
    return { families, snapshot, durationSeconds, secrets }
  }
}

/**
 * The target with its credentials: a promise from `prepare` is bounded by `timeoutSeconds`; a
 * target given at once is used as it is (no timer, no signal).
 */
function prepareTarget<T extends PushTarget>(
  spec: T,
  prepare: RunPushOptions<T>['prepare'],
  timeoutSeconds: number
): PushTarget | Promise<PushTarget> {
  const prepared = prepare ? prepare(spec) : spec
  if (typeof (prepared as Partial<PromiseLike<PushTarget>>).then !== 'function') {
    return prepared as PushTarget
  }
  return withDeadline(
    timeoutSeconds * 1000,
    () => new TimeoutError(`reading the credentials of ${spec.id} took over ${timeoutSeconds}s`),
    (signal) => raceAbort(Promise.resolve(prepared), signal)
  )
}

function downSnapshot(error: string): Snapshot {
  return {
    up: false,
    error,
    info: {},
    replies: new Map(),
    unavailable: [],
    connectSeconds: 0,
    roundTrips: 0,
  }
}
