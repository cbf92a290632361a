import type { InfoRecord, Reply } from '../types'
import type { ServerFacts, StepKey } from './plan'
import type { TargetState } from './target-state'

/**
 * The latency statistics of one target, reused for REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL:
 * INFO `latencystats` and `LATENCY HISTOGRAM` are most of what a scrape costs Redis once many
 * commands have run (their size grows with the commands seen). Within the interval a scrape sends
 * `INFO default commandstats` (everything `INFO ALL` has but latencystats) and no LATENCY
 * HISTOGRAM, and the page carries the values fetched by the last full scrape. Held in the
 * target's state (one per target, bounded like the INFO reply and the reply it came from).
 */
export interface LatencyCache {
  /** When the full scrape fetched them (ms clock). */
  readonly atMs: number
  /** The server they came from: a restarted or other server is asked afresh. */
  readonly runId: string
  /** The `latency_percentiles_usec_<cmd>` INFO fields. */
  readonly percentiles: Readonly<Record<string, string>>
  /** The LATENCY HISTOGRAM replies, when that step answered. */
  readonly histogram?: readonly Reply[]
  /** The INFO sections of the full scrape, but latencystats: what the shorter INFO must bring. */
  readonly sections: readonly string[]
  /**
   * Whether the shorter INFO brings those sections on this server: false once it did not (a
   * server whose `default` differs, or that refused it); then `INFO ALL` is sent and only the
   * LATENCY HISTOGRAM is reused.
   */
  readonly lean: boolean
}

const PERCENTILES_PREFIX = 'latency_percentiles_usec_'

/**
 * The largest LATENCY HISTOGRAM reply kept between scrapes: elements (array items, map entries)
 * and characters of its strings. Redis's own is ~20 elements per command seen (a few thousand);
 * a larger reply (a hostile server's) is not kept, and is asked every scrape as before.
 */
export const MAX_CACHED_HISTOGRAM = { elements: 65_536, chars: 262_144 } as const
const LATENCY_SECTION = 'latencystats'

/** Whether this scrape may reuse the target's latency statistics (then INFO is the shorter one). */
export function latencyIsFresh(
  state: TargetState,
  facts: ServerFacts | undefined,
  nowMs: number,
  opts: { readonly refreshSeconds: number | undefined; readonly infoAll: boolean }
): boolean {
  const cache = state.latency
  const refreshMs = (opts.refreshSeconds ?? 0) * 1000
  return (
    cache !== undefined &&
    opts.infoAll &&
    refreshMs > 0 &&
    facts !== undefined &&
    facts.major >= 7 &&
    cache.runId === facts.runId &&
    nowMs >= cache.atMs &&
    nowMs - cache.atMs < refreshMs
  )
}

/** Whether this scrape sends the shorter INFO (the cache is fresh and the server takes it). */
export function sendsLeanInfo(state: TargetState, fresh: boolean): boolean {
  return fresh && state.latency?.lean === true
}

/**
 * A fresh scrape: the cached histogram joins the replies; after the shorter INFO (`lean`), the
 * cached fields join the INFO record and latencystats the sections, so the page is the one a full
 * scrape would give with those values. When the shorter INFO lacked a section the full one had,
 * or was refused, the server does not get it again (`lean: false`).
 */
export function applyLatencyCache(
  state: TargetState,
  scrape: {
    readonly info: Record<string, string>
    readonly sections: string[]
    readonly replies: Map<StepKey, readonly Reply[]>
    /** The shorter INFO was sent; `refused`: it failed and plain INFO answered instead. */
    readonly lean: boolean
    readonly refused: boolean
  }
): void {
  const cache = state.latency
  if (!cache) return
  const { info, sections, replies } = scrape
  if (scrape.lean) {
    if (scrape.refused || cache.sections.some((s) => !sections.includes(s))) {
      state.latency = { ...cache, lean: false }
    }
    for (const k in cache.percentiles) info[k] = cache.percentiles[k]!
    sections.push(LATENCY_SECTION)
  }
  if (cache.histogram && !replies.has('latency_histogram')) {
    replies.set('latency_histogram', cache.histogram)
  }
}

/** After a full scrape of a Redis >= 7 with latencystats: what the next scrapes may reuse. */
export function rememberLatency(
  state: TargetState,
  facts: ServerFacts | undefined,
  scrape: {
    readonly info: InfoRecord
    readonly sections: readonly string[]
    readonly replies: ReadonlyMap<StepKey, readonly Reply[]>
    readonly nowMs: number
    readonly refreshSeconds: number | undefined
  }
): void {
  if (!facts || facts.major < 7 || !(scrape.refreshSeconds! > 0)) {
    state.latency = undefined
    return
  }
  if (!scrape.sections.includes(LATENCY_SECTION)) {
    state.latency = undefined
    return
  }
  const percentiles: Record<string, string> = Object.create(null)
  for (const k in scrape.info) {
    if (k.startsWith(PERCENTILES_PREFIX)) percentiles[k] = scrape.info[k]!
  }
  const histogram = scrape.replies.get('latency_histogram')
  const before = state.latency
  state.latency = {
    lean: before === undefined || before.runId !== facts.runId || before.lean,
    atMs: scrape.nowMs,
    runId: facts.runId,
    percentiles,
    ...(histogram && keepable(histogram) ? { histogram } : {}),
    sections: scrape.sections.filter((s) => s !== LATENCY_SECTION),
  }
}

/** Whether the histogram replies answered and are small enough to keep (MAX_CACHED_HISTOGRAM). */
function keepable(replies: readonly Reply[]): boolean {
  if (replies.length === 0) return false
  const budget = { ...MAX_CACHED_HISTOGRAM }
  return replies.every((r) => r.ok && fits(r.value, budget, 0))
}

/** Walks `x`, spending the budget; false once it is spent or the nesting is deeper than Redis's. */
function fits(x: unknown, budget: { elements: number; chars: number }, depth: number): boolean {
  if (typeof x === 'string' || x instanceof Uint8Array) return (budget.chars -= x.length) >= 0
  if (x === null || typeof x !== 'object') return true
  if (depth > 4) return false
  const items: Iterable<unknown> =
    x instanceof Map ? [...x].flat() : Array.isArray(x) ? x : Object.entries(x).flat()
  for (const item of items) {
    if (--budget.elements < 0 || !fits(item, budget, depth + 1)) return false
  }
  return true
}
