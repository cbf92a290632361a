/**
 * The SCAN walks of check-keys, check-streams, count-keys and key groups. Each walk keeps its
 * cursor across scrapes (KeyState.passes); every round trip advances every unfinished walk by one
 * SCAN (or one key-group script call), until each has finished one walk in this scrape, or the
 * budget runs out. A walk finishes at most once per scrape.
 */
import { asArray, asString } from '../parse/reply'
import type { Reply } from '../types'
import type { KeyChecks } from './key-checks'
import { KEY_GROUPS_SCRIPT, addBatch, parseGroupBatch } from './key-groups'
import type { WalkProgress } from './key-report'
import type { ScanPass } from './key-state'
import { MAX_FOUND_KEYS, finishWalk, newScanPass, restartWalk } from './key-state'
import { isGlob } from './key-spec'
import type { Job, KeyContext } from './wire'
import { fitting, isBlocked, roundTrip } from './wire'

export interface Walk {
  readonly check: WalkProgress['check']
  readonly db: number
  /** The glob (or, for key groups, the Lua patterns joined by newlines). */
  readonly pattern: string
  readonly pass: ScanPass
}

/** The walks the settings ask for; key groups walk every database INFO lists with keys. */
export function plannedWalks(
  ctx: KeyContext,
  checks: KeyChecks,
  opts: { readonly keyChecks: boolean; readonly dbsWithKeys: readonly number[] }
): Walk[] {
  const specs: [Walk['check'], number, string][] = []
  if (opts.keyChecks) {
    for (const s of checks.checkKeys) if (isGlob(s.key)) specs.push(['check_keys', s.db, s.key])
    for (const s of checks.checkStreams) {
      if (isGlob(s.key)) specs.push(['check_streams', s.db, s.key])
    }
    for (const s of checks.countKeys) specs.push(['count_keys', s.db, s.key])
  }
  if (checks.keyGroups.length > 0) {
    const patterns = checks.keyGroups.join('\n')
    for (const db of opts.dbsWithKeys) specs.push(['key_groups', db, patterns])
  }
  return specs.map(([check, db, pattern]) => {
    const id = `${check}\n${db}\n${pattern}\n${checks.batchSize}`
    let pass = ctx.state.passes.get(id)
    if (!pass) {
      pass = newScanPass()
      ctx.state.passes.set(id, pass)
    }
    return { check, db, pattern, pass }
  })
}

/** The command a walk needs; key groups run the script (EVAL), the others SCAN. */
function walkCommand(walk: Walk, checks: KeyChecks): Job['command'] {
  const { cursor } = walk.pass
  const count = String(checks.batchSize)
  if (walk.check === 'key_groups') {
    return ['EVAL', KEY_GROUPS_SCRIPT, '0', cursor, count, ...checks.keyGroups]
  }
  return ['SCAN', cursor, 'MATCH', walk.pattern, 'COUNT', count]
}

/**
 * Advances the walks, one round trip per step, within `limit` commands of the budget. Returns
 * the key-group round-trip time of this scrape, ms.
 */
export async function advanceWalks(
  ctx: KeyContext,
  walks: readonly Walk[],
  checks: KeyChecks,
  limit: number
): Promise<number> {
  // By database (the connection's first): one SELECT there and back per database and round trip.
  const rank = (w: Walk): number => (w.db === ctx.connectionDb ? -1 : w.db)
  let active = walks
    .filter((w) => !isBlocked(ctx, w.check === 'key_groups' ? 'EVAL' : 'SCAN'))
    .map((w, i) => ({ w, i }))
    .sort((a, b) => rank(a.w) - rank(b.w) || a.i - b.i)
    .map(({ w }) => w)
  let groupsMs = 0
  const startSpent = ctx.budget.spent
  while (active.length > 0 && !ctx.signal.aborted && !ctx.budget.timeUp()) {
    const room = limit - (ctx.budget.spent - startSpent)
    const finished = new Set<Walk>()
    const units = active.map((w) => {
      const masters = onMasters(ctx, w)
      const node = masters[w.pass.shard]
      const onReply = (r: Reply): void => {
        if (!step(w, r, Math.max(1, masters.length))) finished.add(w)
      }
      return [{ db: w.db, command: walkCommand(w, checks), onReply, ...(node ? { node } : {}) }]
    })
    const jobs = fitting(units, room, ctx.connectionDb)
    if (jobs.length === 0 || !(await timed(ctx, jobs, (ms) => (groupsMs += ms)))) {
      ctx.budget.cut()
      break
    }
    active = active.filter((w) => !finished.has(w))
  }
  return groupsMs
}

async function timed(
  ctx: KeyContext,
  jobs: Job[],
  addGroupsMs: (ms: number) => void
): Promise<boolean> {
  const t0 = ctx.now()
  const sent = await roundTrip(ctx, jobs)
  if (jobs.some((j) => j.command[0] === 'EVAL')) addGroupsMs(ctx.now() - t0)
  return sent
}

/**
 * On a cluster (REDIS_EXPORTER_IS_CLUSTER), the masters a SCAN walk visits one after the other;
 * a walk begun on other masters starts over. Key groups stay on the scraped node, as upstream.
 */
function onMasters(ctx: KeyContext, walk: Walk): readonly string[] {
  const masters = walk.check === 'key_groups' ? [] : (ctx.route?.masters ?? [])
  const ring = masters.join(',')
  if (walk.pass.ring !== ring) {
    restartWalk(walk.pass)
    walk.pass.ring = ring
  }
  return masters
}

/**
 * Applies one reply to its walk; false when the walk is done for this scrape (finished or failed).
 * A walk over `shards` masters finishes when the last one's cursor comes back to 0.
 */
function step(walk: Walk, reply: Reply, shards: number): boolean {
  if (!reply.ok) return false
  const pass = walk.pass
  let next: string | undefined
  if (walk.check === 'key_groups') {
    const batch = parseGroupBatch(reply.value)
    if (!batch) return false
    addBatch(pass.groups, batch)
    next = batch.cursor
  } else {
    const items = asArray(reply.value)
    next = asString(items?.[0])
    const keys = asArray(items?.[1]) ?? []
    pass.count += keys.length
    for (const k of keys) {
      const key = asString(k)
      if (key !== undefined && pass.found.size < MAX_FOUND_KEYS) pass.found.add(key)
    }
  }
  if (next === undefined || !/^\d{1,20}$/.test(next)) return false
  pass.calls += 1
  pass.cursor = next
  if (next !== '0') return true
  if (pass.shard + 1 < shards) {
    pass.shard += 1
    return true
  }
  finishWalk(pass)
  return false
}
