/**
 * The key phase of a scrape, after INFO: SCAN walks (within the budget, resumed across scrapes),
 * then key and stream lookups and scripts in two pipelined round trips. Never throws: what failed
 * or did not fit is left out, and the self-metrics say so.
 */
import { parseKeyspace } from '../parse/keyspace'
import type { RedisTransport } from '../transport/transport'
import type { InfoRecord } from '../types'
import { KeyBudget } from './budget'
import type { ClusterLink } from './cluster-route'
import { clusterRoute } from './cluster-route'
import type { KeyChecks } from './key-checks'
import { rankGroups } from './key-groups'
import type { KeyReport, WalkProgress } from './key-report'
import type { KeyState } from './key-state'
import type { KeySpec } from './key-spec'
import { isGlob } from './key-spec'
import type { LookupResult } from './lookups'
import { lookUp } from './lookups'
import type { Walk } from './scan-walks'
import { advanceWalks, plannedWalks } from './scan-walks'
import type { KeyContext } from './wire'
import { isBlocked } from './wire'

export interface KeyPhaseInput {
  readonly transport: RedisTransport
  readonly signal: AbortSignal
  readonly now: () => number
  readonly checks: KeyChecks
  readonly state: KeyState
  /** The target's `/db`: the database the connection is on. */
  readonly connectionDb: number
  /** How long a refused command is left out, ms. */
  readonly blockedForMs: number
  readonly info: InfoRecord
  /** REDIS_EXPORTER_IS_CLUSTER: how to reach the other masters. */
  readonly cluster?: ClusterLink
}

const NO_LOOKUPS: LookupResult = { keys: [], streams: [], scripts: [] }

export async function collectKeys(input: KeyPhaseInput): Promise<KeyReport> {
  const { checks, info } = input
  const ctx: KeyContext = {
    transport: input.transport,
    signal: input.signal,
    budget: new KeyBudget(checks.budgetCommands, checks.budgetMs, input.now),
    state: input.state,
    connectionDb: input.connectionDb,
    now: input.now,
    blockedForMs: input.blockedForMs,
    roundTrips: 0,
    errors: new Map(),
  }
  const keyChecks = !(checks.skipOnMaster && info['role'] === 'master')
  const dbKeys = new Map(parseKeyspace(info).map((d) => [d.db, d.keys]))
  const walks = plannedWalks(ctx, checks, { keyChecks, dbsWithKeys: [...dbKeys.keys()] })
  let groupsMs = 0
  let found: LookupResult = NO_LOOKUPS
  try {
    if (input.cluster && checks.cluster) ctx.route = await clusterRoute(ctx, input.cluster)
    groupsMs = await walk(ctx, checks, walks, keyChecks)
    if (!ctx.signal.aborted) {
      found = await lookUp(ctx, checks, {
        keys: keyChecks
          ? [...singles(checks.checkKeys, checks.checkSingleKeys), ...walked(walks, 'check_keys')]
          : [],
        streams: keyChecks
          ? [
              ...singles(checks.checkStreams, checks.checkSingleStreams),
              ...walked(walks, 'check_streams'),
            ]
          : [],
        scripts: checks.scripts.length > 0,
      })
    }
  } catch {
    ctx.budget.cut() // the scrape deadline or the connection ended the key phase: keep what was found
  }
  return {
    ...found,
    keys: dedupe(found.keys),
    counts: walks
      .filter((w) => w.check === 'count_keys' && w.pass.last)
      .map((w) => ({ db: w.db, pattern: w.pattern, count: w.pass.last!.count })),
    ...(checks.keyGroups.length > 0 ? { groups: groupSamples(walks, checks) } : {}),
    groupsDurationMs: groupsMs,
    commands: ctx.budget.spent,
    roundTrips: ctx.roundTrips,
    budgetExhausted: ctx.budget.exhausted,
    walks: walks.map((w) => progress(w, checks.batchSize, dbKeys.get(w.db) ?? 0)),
    available: availability(ctx, checks, keyChecks),
    ...(ctx.errors.has('CLUSTER') ? { clusterError: ctx.errors.get('CLUSTER')! } : {}),
  }
}

/** Runs the walks in what the lookups leave of the budget (half of it when walks find keys to look up). */
async function walk(
  ctx: KeyContext,
  checks: KeyChecks,
  walks: readonly Walk[],
  keyChecks: boolean
): Promise<number> {
  if (walks.length === 0) return 0
  const single = keyChecks ? checks.checkSingleKeys.length + checks.checkKeys.length : 0
  const streams = keyChecks ? checks.checkSingleStreams.length + checks.checkStreams.length : 0
  let limit = ctx.budget.remaining - (5 * single + 4 * streams + checks.scripts.length + 2)
  if (walks.some((w) => w.check === 'check_keys' || w.check === 'check_streams')) {
    limit = Math.floor(limit / 2)
  }
  if (limit <= 0) {
    ctx.budget.cut()
    return 0
  }
  return advanceWalks(ctx, walks, checks, limit)
}

/** The items looked up directly: single ones, and the non-glob items of the pattern setting. */
function singles(patterns: readonly KeySpec[], single: readonly KeySpec[]): KeySpec[] {
  return [...single, ...patterns.filter((s) => !isGlob(s.key))]
}

/** Keys a walk found: its last complete walk's, and the current walk's so far. */
function walked(walks: readonly Walk[], check: Walk['check']): KeySpec[] {
  const out: KeySpec[] = []
  for (const w of walks) {
    if (w.check !== check) continue
    const keys = new Set([...(w.pass.last?.keys ?? []), ...w.pass.found])
    for (const key of keys) out.push({ db: w.db, key })
  }
  return out
}

function dedupe<T extends { db: number; key: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>()
  return items.filter((k) => {
    const id = `${k.db}\n${k.key}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}

function groupSamples(walks: readonly Walk[], checks: KeyChecks): NonNullable<KeyReport['groups']> {
  return walks
    .filter((w) => w.check === 'key_groups' && w.pass.last)
    .map((w) => ({ db: w.db, ...rankGroups(w.pass.last!.groups, checks.maxDistinctKeyGroups) }))
}

/** A walk over several masters (REDIS_EXPORTER_IS_CLUSTER) counts each as holding `keys` keys. */
function progress(w: Walk, batch: number, keys: number): WalkProgress {
  const pattern = w.check === 'key_groups' ? '' : w.pattern
  const shards = w.pass.ring === '' ? 1 : w.pass.ring.split(',').length
  const ratio = keys > 0 ? Math.min(1, (w.pass.calls * batch) / (keys * shards)) : 0
  return { check: w.check, db: w.db, pattern, completed: w.pass.completed, progress: ratio }
}

function availability(
  ctx: KeyContext,
  checks: KeyChecks,
  keyChecks: boolean
): Map<string, boolean> {
  const out = new Map<string, boolean>()
  const ok = (...names: string[]): boolean => !names.some((n) => isBlocked(ctx, n))
  if (keyChecks && checks.checkKeys.length + checks.checkSingleKeys.length > 0) {
    const globs = checks.checkKeys.some((s) => isGlob(s.key))
    out.set('check_keys', ok('TYPE', ...(globs ? ['SCAN'] : [])))
    out.set('key_memory_usage', ok('MEMORY'))
  }
  if (keyChecks && checks.countKeys.length > 0) out.set('count_keys', ok('SCAN'))
  if (keyChecks && checks.checkStreams.length + checks.checkSingleStreams.length > 0) {
    out.set('check_streams', ok('XINFO'))
  }
  if (checks.keyGroups.length > 0) out.set('key_groups', ok('EVAL'))
  if (checks.scripts.length > 0) out.set('scripts', ok(checks.scriptReadOnly ? 'EVAL_RO' : 'EVAL'))
  return out
}
