import type { RedisTransport } from '../transport/transport'
import type { Command, InfoRecord, Reply } from '../types'
import { parseInfo } from '../parse/info'
import { parseConfigGet } from '../parse/config-get'
import type { PlanOptions, ServerFacts, Step, StepKey } from './plan'
import { PLAN, factsFromInfo } from './plan'
import type { TargetState } from './target-state'
import { UNAVAILABLE_RETRY_MS, isUnavailableError } from './target-state'

export interface Snapshot {
  /** true when the connection and INFO succeeded. */
  readonly up: boolean
  /** Error text for `redis_exporter_last_scrape_error{err}`; '' when up. */
  readonly error: string
  readonly info: InfoRecord
  /** CONFIG GET values (fresh or cached on this connection); undefined when CONFIG is unavailable. */
  readonly config?: Readonly<Record<string, string>>
  /** Replies per optional step that was sent in this scrape. */
  readonly replies: ReadonlyMap<StepKey, readonly Reply[]>
  /** Optional steps known to be unavailable on this server (left out of this scrape). */
  readonly unavailable: readonly StepKey[]
  readonly connectSeconds: number
  readonly roundTrips: number
}

export interface CollectOptions extends PlanOptions {
  readonly signal: AbortSignal
  /** Milliseconds clock (injected for tests). */
  readonly now: () => number
  readonly configRefreshSeconds: number
}

/** One scrape of one target. Never throws: failures become `up: false` with a reason. */
export async function collect(
  transport: RedisTransport,
  state: TargetState,
  opts: CollectOptions
): Promise<Snapshot> {
  const replies = new Map<StepKey, readonly Reply[]>()
  let connectSeconds = 0
  let roundTrips = 0
  const down = (error: unknown): Snapshot => ({
    up: false,
    error: errorText(error),
    info: {},
    replies,
    unavailable: [],
    connectSeconds,
    roundTrips,
  })

  try {
    if (transport.connect) {
      const t0 = opts.now()
      try {
        await transport.connect({ signal: opts.signal })
      } finally {
        connectSeconds = (opts.now() - t0) / 1000
      }
    }
    const connectionId = transport.connectionId?.()
    const nowMs = opts.now()

    const sent = new Set<StepKey>()
    const run = async (steps: readonly Step[], facts: ServerFacts | undefined): Promise<void> => {
      const commands: Command[] = []
      const spans: [StepKey, number, number][] = []
      for (const step of steps) {
        const cmds = step.commands(opts, facts)
        spans.push([step.key, commands.length, cmds.length])
        commands.push(...cmds)
        sent.add(step.key)
      }
      if (commands.length === 0) return
      roundTrips += 1
      const out = await transport.send(commands, { signal: opts.signal })
      for (const [key, start, count] of spans) replies.set(key, out.slice(start, start + count))
    }
    const select = (facts: ServerFacts | undefined): Step[] =>
      PLAN.filter((step) => {
        if (sent.has(step.key)) return false
        if (step.enabled && !step.enabled(opts)) return false
        if (
          step.key === 'config' &&
          configIsFresh(state, connectionId, nowMs, opts.configRefreshSeconds)
        ) {
          return false
        }
        const until = state.unavailable.get(step.key)
        if (until !== undefined && until > nowMs) return false
        if (step.needs) return facts !== undefined && step.needs(facts)
        return true
      })

    await run(select(state.facts), state.facts)

    let infoReply = replies.get('info')?.[0]
    if (infoReply && !infoReply.ok && !/^(NOAUTH|WRONGPASS|NOPERM|LOADING)/.test(infoReply.error)) {
      // Some proxies refuse `INFO ALL`; plain INFO is the fallback redis_exporter uses too.
      roundTrips += 1
      infoReply = (await transport.send([['INFO']], { signal: opts.signal }))[0]
    }
    if (!infoReply) return down('no reply to INFO')
    if (!infoReply.ok) return down(infoReply.error)
    if (typeof infoReply.value !== 'string' || infoReply.value.trim() === '') {
      return down('INFO returned no data')
    }
    let info: Record<string, string> = { ...parseInfo(infoReply.value) }

    const facts = factsFromInfo(info)
    if (facts && (!state.facts || state.facts.runId !== facts.runId)) {
      // A new or restarted server (or a different node behind a balanced endpoint).
      state.config = undefined
      state.unavailable.clear()
    }
    state.facts = facts
    const followUp = select(facts)
    if (followUp.length > 0 && !opts.signal.aborted) await run(followUp, facts)

    for (const [key, rs] of replies) {
      if (key === 'info') continue
      const refused = rs.find((r) => !r.ok && isUnavailableError(r.error))
      if (refused) state.unavailable.set(key, nowMs + UNAVAILABLE_RETRY_MS)
    }

    const configReplies = replies.get('config')
    if (configReplies && !configReplies.every((r) => r.ok)) {
      // Refused or failed on this connection: stale values from another connection must not linger.
      state.config = undefined
    } else if (configReplies && facts) {
      const values: Record<string, string> = {}
      for (const r of configReplies)
        Object.assign(values, parseConfigGet(r.ok ? r.value : undefined))
      state.config = { values, connectionId, runId: facts.runId, fetchedAtMs: nowMs }
    }

    const cluster = replies.get('cluster_info')?.[0]
    if (cluster?.ok && typeof cluster.value === 'string') {
      info = { ...info, ...parseInfo(cluster.value) }
    }

    const unavailable = [...state.unavailable.entries()]
      .filter(([key, until]) => until > nowMs && !replies.has(key))
      .map(([key]) => key)
    return {
      up: true,
      error: '',
      info,
      ...(state.config ? { config: state.config.values } : {}),
      replies,
      unavailable,
      connectSeconds,
      roundTrips,
    }
  } catch (err) {
    return down(err)
  }
}

function configIsFresh(
  state: TargetState,
  connectionId: number | undefined,
  nowMs: number,
  refreshSeconds: number
): boolean {
  const c = state.config
  if (!c) return false
  if (c.connectionId !== connectionId) return false
  if (state.facts && c.runId !== state.facts.runId) return false
  return nowMs - c.fetchedAtMs < refreshSeconds * 1000
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name
  return String(err)
}
