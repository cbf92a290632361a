import { clip } from '../bounds'
import { classifyError, isEmptyReply } from '../capabilities/classify'
import type { Reply } from '../types'
import type { PlanOptions, ServerFacts, StepKey } from './plan'
import { PLAN, sentName } from './plan'
import type { TargetState } from './target-state'

export type LogFn = (entry: Readonly<Record<string, unknown>>) => void

/** INFO sections whose presence is reported as `info_<section>` availability. */
export const INFO_SECTIONS = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'commandstats',
  'errorstats',
  'latencystats',
  'cluster',
  'keyspace',
] as const

const MAX_LOGGED = 200
const MAX_RUN_IDS = 16

/** Writes `entry` once per target and `key`; later calls with the same key are dropped. */
export function logOnce(
  state: TargetState,
  log: LogFn | undefined,
  key: string,
  entry: Record<string, unknown>
): void {
  if (!log || state.logged.has(key) || state.logged.size >= MAX_LOGGED) return
  state.logged.add(key)
  log(entry)
}

/**
 * Takes in the facts of this scrape's INFO. A server not seen recently (new run_id, restart, other
 * version) is learned again from scratch: refused commands are probed again. An endpoint that
 * flips between servers it has shown before is a load-balanced one; that is logged once.
 */
export function learnServer(
  state: TargetState,
  facts: ServerFacts,
  nowMs: number,
  ttlMs: number,
  log: LogFn | undefined
): void {
  const prev = state.facts
  for (const [runId, at] of state.seenRunIds) {
    if (nowMs - at > ttlMs) state.seenRunIds.delete(runId)
  }
  const seen = state.seenRunIds.has(facts.runId)
  if (prev && prev.runId !== facts.runId && seen) {
    logOnce(state, log, 'balanced', {
      level: 'warn',
      msg: 'the target answers as different Redis servers in turn (run_id changes back and forth): it is a load-balanced endpoint, so its series mix nodes; scrape each node instead (see /discover-cluster-nodes)',
    })
  }
  if (!prev || prev.version !== facts.version || (prev.runId !== facts.runId && !seen)) {
    state.config = undefined
    state.unavailable.clear()
    state.reasons.clear()
    state.answered.clear()
    state.infoAllRefusedUntil = undefined
  }
  state.seenRunIds.delete(facts.runId)
  state.seenRunIds.set(facts.runId, nowMs)
  while (state.seenRunIds.size > MAX_RUN_IDS) {
    const oldest = state.seenRunIds.keys().next().value
    if (oldest === undefined) break
    state.seenRunIds.delete(oldest)
  }
  state.facts = facts
}

export interface OutcomeContext {
  readonly nowMs: number
  readonly ttlMs: number
  readonly connectionId: number | undefined
  readonly log: LogFn | undefined
  /** The commands each step sent, as text (`LATENCY LATEST`), for logs. */
  readonly sentText: ReadonlyMap<StepKey, string>
}

/**
 * Classifies the replies of the optional steps sent in this scrape: a step refused as unknown or
 * not permitted, or answered empty where data was expected, is left out until the TTL passes and
 * logged once per target; any other failure is logged once per distinct error and tried again.
 */
export function recordOutcomes(
  state: TargetState,
  replies: ReadonlyMap<StepKey, readonly Reply[]>,
  ctx: OutcomeContext
): void {
  for (const [key, rs] of replies) {
    const step = PLAN.find((s) => s.key === key)
    if (!step?.collector) continue
    const failed = rs.find((r): r is Extract<Reply, { ok: false }> => !r.ok)
    let reason: string | undefined
    // Clipped: the text is kept per target (reasons, the once-only log keys) and logged.
    const error = failed ? clip(failed.error) : ''
    if (failed && classifyError(error) === 'unavailable') reason = error
    else if (!failed && step.expectsData && rs.every((r) => r.ok && isEmptyReply(r.value))) {
      reason = 'empty reply where data was expected (not offered by this server)'
    }
    if (key === 'client_setname' && (!failed || reason)) state.namedConnectionId = ctx.connectionId
    if (reason) {
      state.unavailable.set(key, ctx.nowMs + ctx.ttlMs)
      state.reasons.set(key, reason)
      state.answered.delete(key)
      logOnce(state, ctx.log, `unavailable:${step.collector}`, {
        level: 'warn',
        msg: `optional command unavailable on this target; its metrics are left out and it is tried again after ${Math.round(ctx.ttlMs / 1000)}s (redis_exporter_collector_available{collector="${step.collector}"} 0)`,
        collector: step.collector,
        command: ctx.sentText.get(key) ?? step.command,
        error: reason,
      })
    } else if (failed) {
      logOnce(state, ctx.log, `failed:${step.collector}:${error}`, {
        level: 'warn',
        msg: 'optional command failed; tried again next scrape',
        collector: step.collector,
        command: ctx.sentText.get(key) ?? step.command,
        error,
      })
    } else {
      state.answered.add(key)
    }
  }
}

/** The optional steps left out now: found unavailable, and not yet due to be probed again. */
export function unavailableSteps(state: TargetState, nowMs: number): StepKey[] {
  const out: StepKey[] = []
  for (const [key, until] of state.unavailable) if (until > nowMs) out.push(key)
  return out
}

/**
 * Availability per collector (`config`, `slowlog`...) and per INFO section (`info_commandstats`),
 * from what the target has shown: collectors never probed (turned off, not applicable to this
 * server) have no entry.
 */
export function availability(
  state: TargetState,
  opts: PlanOptions,
  nowMs: number,
  sections: readonly string[]
): Map<string, boolean> {
  const out = new Map<string, boolean>()
  for (const step of PLAN) {
    if (!step.collector || (step.enabled && !step.enabled(opts))) continue
    if (sentName(step, opts) === undefined) continue
    const until = state.unavailable.get(step.key)
    let value: boolean | undefined
    if (until !== undefined && until > nowMs) value = false
    else if (state.answered.has(step.key)) value = true
    if (value === undefined) continue
    out.set(step.collector, (out.get(step.collector) ?? true) && value)
  }
  for (const section of INFO_SECTIONS) out.set(`info_${section}`, sections.includes(section))
  return out
}
