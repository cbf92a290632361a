/**
 * One step of the key checks on a cluster: the jobs split by the master owning each key's slot
 * (or the node a SCAN walk is on), one pipeline per node, all sent at once. A MOVED or ASK reply
 * marks the slot map stale and is followed once, to the node it names (ASKING first for ASK),
 * within the budget; the next scrape asks CLUSTER SLOTS again.
 */
import { clip } from '../bounds'
import type { SlotMap } from '../topology/cluster-slots'
import type { Command, Reply } from '../types'
import type { Reach } from './cluster-route'
import { keySlot } from './key-slot'
import type { Job, KeyContext } from './wire'
import { deliver, pipeline } from './wire'

export interface Routing {
  readonly map: SlotMap
  readonly reach: (id: string) => Reach
  /** The scraped node's `host:port`: keyless commands (scripts, key groups) run there. */
  readonly seedId: string
}

interface Redirect {
  readonly job: Job
  readonly to: string
  readonly ask: boolean
  readonly reply: Reply
}

/** Commands whose arguments hold no key: they run on the job's node, else on the scraped one. */
const KEYLESS = new Set(['SELECT', 'SCAN', 'EVAL', 'EVAL_RO', 'EVALSHA', 'ASKING', 'CLUSTER'])
/** Commands whose key is the third word (`MEMORY USAGE k`, `XINFO STREAM k`). */
const SUBCOMMANDS = new Set(['MEMORY', 'XINFO', 'OBJECT'])

/** The key a command of the key checks reads, if any. */
export function commandKey(command: Command): string | undefined {
  const name = command[0].toUpperCase()
  if (KEYLESS.has(name)) return undefined
  return SUBCOMMANDS.has(name) ? command[2] : command[1]
}

/** The node a job goes to: its own, the owner of its key's slot, or the scraped node. */
export function nodeOf(job: Job, routing: Routing): string {
  if (job.node !== undefined) return job.node
  const key = commandKey(job.command)
  const owner = key === undefined ? -1 : routing.map.owner[keySlot(key)]!
  return owner >= 0 ? routing.map.masters[owner]!.id : routing.seedId
}

/** Sends `jobs` to their nodes (one round trip each, in parallel); false when the budget refused. */
export async function routedTrip(
  ctx: KeyContext,
  routing: Routing,
  jobs: readonly Job[]
): Promise<boolean> {
  const redirects: Redirect[] = []
  const byNode = new Map<string, Job[]>()
  for (const job of jobs) {
    const wrapped: Job = {
      ...job,
      onReply: (reply) => {
        const redirect = redirectOf(reply)
        if (redirect) redirects.push({ job, reply, ...redirect })
        else job.onReply(reply)
      },
    }
    const id = nodeOf(job, routing)
    byNode.set(id, [...(byNode.get(id) ?? []), wrapped])
  }
  const pipes = [...byNode].map(([id, list]) => ({ id, pipe: pipeline(list, ctx.connectionDb) }))
  if (!ctx.budget.take(pipes.reduce((n, p) => n + p.pipe.commands.length, 0))) return false
  await Promise.all(
    pipes.map(async ({ id, pipe }) => {
      const replies = await sendTo(ctx, routing.reach(id), pipe.commands)
      deliver(ctx, pipe.owners, replies)
    })
  )
  if (redirects.length > 0) await follow(ctx, routing, redirects)
  return true
}

/** One round trip to a node; a node that cannot be reached answers every command with why. */
async function sendTo(ctx: KeyContext, reach: Reach, commands: Command[]): Promise<Reply[]> {
  const fail = (error: string): Reply[] => commands.map(() => ({ ok: false, error }))
  if ('refused' in reach) {
    if (!ctx.errors.has('CLUSTER')) ctx.errors.set('CLUSTER', reach.refused)
    return fail(reach.refused)
  }
  ctx.roundTrips += 1
  try {
    return await reach.send(commands, { signal: ctx.signal })
  } catch (err) {
    if (ctx.signal.aborted) throw err
    return fail(clip(err instanceof Error ? err.message : String(err)))
  }
}

/** Follows each MOVED / ASK once; what the budget cannot pay for keeps its redirect error. */
async function follow(ctx: KeyContext, routing: Routing, redirects: Redirect[]): Promise<void> {
  if (ctx.state.slots) ctx.state.slots.stale = true
  const byNode = new Map<string, Redirect[]>()
  for (const r of redirects) byNode.set(r.to, [...(byNode.get(r.to) ?? []), r])
  await Promise.all(
    [...byNode].map(async ([to, list]) => {
      const commands = list.flatMap((r): Command[] =>
        r.ask ? [['ASKING'], r.job.command] : [r.job.command]
      )
      if (!ctx.budget.take(commands.length)) {
        for (const r of list) r.job.onReply(r.reply)
        return
      }
      const replies = await sendTo(ctx, routing.reach(to), commands)
      let at = 0
      for (const r of list) {
        at += r.ask ? 1 : 0
        r.job.onReply(replies[at] ?? { ok: false, error: 'no reply' })
        at += 1
      }
    })
  )
}

/** `MOVED 3999 127.0.0.1:6381` / `ASK 3999 127.0.0.1:6381` -> where to go. */
function redirectOf(reply: Reply): { to: string; ask: boolean } | undefined {
  if (reply.ok) return undefined
  const m = /^(MOVED|ASK) \d{1,5} (\S{1,300}:\d{1,5})$/.exec(reply.error)
  return m ? { to: m[2]!, ask: m[1] === 'ASK' } : undefined
}
