import { classifyError } from '../capabilities/classify'
import { clip } from '../bounds'
import type { RedisTransport } from '../transport/transport'
import type { Command, Reply } from '../types'
import type { KeyBudget } from './budget'
import type { KeyState } from './key-state'

/** One command of the key checks and what to do with its reply. */
export interface Job {
  /** The database it runs in; undefined: the connection's own (no SELECT). */
  readonly db?: number
  readonly command: Command
  readonly onReply: (reply: Reply) => void
  /** On a cluster (KeyRoute): the master to send it to, for keyless commands such as SCAN. */
  readonly node?: string
}

/** How jobs reach a cluster's nodes (REDIS_EXPORTER_IS_CLUSTER); absent: all on the scrape's connection. */
export interface KeyRoute {
  /** The masters a SCAN walk visits, in order (`host:port`). */
  readonly masters: readonly string[]
  /** Sends `jobs` (SELECTs already left to it), each to its node; false when the budget refused. */
  trip(jobs: readonly Job[]): Promise<boolean>
}

/** One pipeline as sent: its commands, and per command the job (or the SELECT) it serves. */
export interface Pipeline {
  readonly commands: Command[]
  readonly owners: (Job | { selectDb: number })[]
}

/** What the key checks share during one scrape. */
export interface KeyContext {
  readonly transport: RedisTransport
  readonly signal: AbortSignal
  readonly budget: KeyBudget
  readonly state: KeyState
  /** The database the connection is on (the target's `/db`); SELECTs return to it. */
  readonly connectionDb: number
  readonly now: () => number
  /** How long a refused command is left out, ms. */
  readonly blockedForMs: number
  /** Round trips sent so far. */
  roundTrips: number
  /** Errors seen, for the log (each command name once per scrape). */
  readonly errors: Map<string, string>
  /** REDIS_EXPORTER_IS_CLUSTER with a slot map: jobs go to the nodes owning their keys. */
  route?: KeyRoute
}

/** Whether the target refused `name` (SCAN, XINFO, EVAL…) recently. */
export function isBlocked(ctx: KeyContext, name: string): boolean {
  const until = ctx.state.blocked.get(name)
  return until !== undefined && until > ctx.now()
}

/** The commands of `jobs` as sent: per database, wrapped in SELECT db … SELECT back. */
export function wireCost(jobs: readonly Job[], connectionDb: number): number {
  let n = 0
  let db: number | undefined
  for (const job of jobs) {
    const want = job.db === undefined || job.db === connectionDb ? undefined : job.db
    if (want !== db) n += 1 // one SELECT per change of database
    db = want
    n += 1
  }
  return n + (db !== undefined ? 1 : 0)
}

/** The longest prefix of `units` (jobs that belong together) that fits in `limit` commands. */
export function fitting(units: readonly (readonly Job[])[], limit: number, db: number): Job[] {
  const out: Job[] = []
  for (const unit of units) {
    if (wireCost([...out, ...unit], db) > limit) break
    out.push(...unit)
  }
  return out
}

/**
 * Sends `jobs` in one pipelined round trip (taking their commands from the budget) and hands each
 * its reply. A failed SELECT fails every job of its database: they must not run in another one.
 * A command the target refuses is remembered as blocked. False when the budget refused the trip.
 */
export async function roundTrip(ctx: KeyContext, all: readonly Job[]): Promise<boolean> {
  const jobs = sendable(ctx, all)
  if (jobs.length === 0) return true
  if (ctx.route) return ctx.route.trip(jobs)
  const { commands, owners } = pipeline(jobs, ctx.connectionDb)
  if (!ctx.budget.take(commands.length)) return false
  ctx.roundTrips += 1
  const replies = await ctx.transport.send(commands, { signal: ctx.signal })
  deliver(ctx, owners, replies)
  return true
}

/** The commands for `jobs` on one connection: per database, wrapped in SELECT db … SELECT back. */
export function pipeline(jobs: readonly Job[], connectionDb: number): Pipeline {
  const commands: Command[] = []
  const owners: Pipeline['owners'] = []
  let db: number | undefined
  const switchTo = (want: number | undefined): void => {
    if (want === db) return
    const target = want ?? connectionDb
    commands.push(['SELECT', String(target)])
    owners.push({ selectDb: target })
    db = want
  }
  for (const job of jobs) {
    switchTo(job.db === undefined || job.db === connectionDb ? undefined : job.db)
    commands.push(job.command)
    owners.push(job)
  }
  switchTo(undefined)
  return { commands, owners }
}

/** The jobs that can run: those in another database fail at once while the target refuses SELECT. */
function sendable(ctx: KeyContext, jobs: readonly Job[]): Job[] {
  if (!isBlocked(ctx, 'SELECT')) return [...jobs]
  return jobs.filter((job) => {
    if (job.db === undefined || job.db === ctx.connectionDb) return true
    job.onReply({ ok: false, error: `SELECT ${job.db}: refused by the target` })
    return false
  })
}

/**
 * Hands each job its reply. Jobs after a failed SELECT fail too, unless the connection is known to
 * be in their database anyway (a SELECT back home failing when no SELECT away had succeeded, as on
 * a server without SELECT).
 */
export function deliver(
  ctx: KeyContext,
  owners: Pipeline['owners'],
  replies: readonly Reply[]
): void {
  let away = false
  let selectError: string | undefined
  owners.forEach((owner, i) => {
    const reply = replies[i] ?? { ok: false, error: 'no reply' }
    if ('selectDb' in owner) {
      const home = owner.selectDb === ctx.connectionDb
      const failed = reply.ok ? undefined : `SELECT ${owner.selectDb}: ${reply.error}`
      selectError = home && !away ? undefined : failed
      if (reply.ok) away = !home
      return
    }
    if (selectError !== undefined) {
      noteError(ctx, 'SELECT', selectError.replace(/^SELECT \d+: /, ''))
      owner.onReply({ ok: false, error: selectError })
      return
    }
    if (!reply.ok) noteError(ctx, owner.command[0].toUpperCase(), reply.error)
    owner.onReply(reply)
  })
}

function noteError(ctx: KeyContext, name: string, error: string): void {
  if (!ctx.errors.has(name)) ctx.errors.set(name, clip(error))
  // A Lua error ("user_script:1: …") is the script's fault, not a command the target blocks.
  if (classifyError(error) === 'unavailable' && !/script/i.test(error)) {
    ctx.state.blocked.set(name, ctx.now() + ctx.blockedForMs)
  }
}
