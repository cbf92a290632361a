import { clip } from '../bounds'
import type { ErrorClass } from '../capabilities/classify'
import { classifyError, isEmptyReply } from '../capabilities/classify'
import { parseConfigGet } from '../parse/config-get'
import { infoSections, parseInfo } from '../parse/info'
import type { RedisTransport } from '../transport/transport'
import type { Command, InfoRecord, Reply } from '../types'
import type { LogFn } from './outcomes'
import { availability, learnServer, logOnce, recordOutcomes } from './outcomes'
import type { PlanOptions, ServerFacts, Step, StepKey } from './plan'
import { PLAN, factsFromInfo, sentName, stepCommands } from './plan'
import type { TargetState } from './target-state'
import { UNAVAILABLE_RETRY_MS } from './target-state'

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
  /** Optional steps known to be unavailable on this server (refused now or left out of this scrape). */
  readonly unavailable: readonly StepKey[]
  readonly connectSeconds: number
  readonly roundTrips: number
  /** When down: what kind of failure (`auth`: credentials refused; `transient`: timeout, reset...). */
  readonly failure?: ErrorClass
  /**
   * Per optional collector (`config`, `slowlog`...) and INFO section (`info_commandstats`): offered
   * by this target (true) or not (false). Collectors not probed yet or not applicable are absent.
   */
  readonly available?: ReadonlyMap<string, boolean>
}

export interface CollectOptions extends PlanOptions {
  readonly signal: AbortSignal
  /** Milliseconds clock (injected for tests). */
  readonly now: () => number
  readonly configRefreshSeconds: number
  /** How long a command found unavailable is left out before it is probed again; default 600. */
  readonly capabilityTtlSeconds?: number
  /** Receives what the collector finds (a blocked command), each at most once per target. */
  readonly log?: LogFn
}

/** One scrape of one target. Never throws: failures become `up: false` with a reason. */
export async function collect(
  transport: RedisTransport,
  state: TargetState,
  opts: CollectOptions
): Promise<Snapshot> {
  const replies = new Map<StepKey, readonly Reply[]>()
  const sentText = new Map<StepKey, string>()
  let connectSeconds = 0
  let roundTrips = 0
  const down = (error: unknown): Snapshot => {
    // Clipped here, once: the err label and every log line that prints it stay bounded.
    const text = clip(errorText(error))
    return {
      up: false,
      error: text,
      info: {},
      replies,
      unavailable: [],
      connectSeconds,
      roundTrips,
      failure: classifyError(text),
    }
  }

  try {
    if (transport.connect) {
      const t0 = opts.now()
      try {
        // The transport names the phase that hung (TCP, TLS handshake, AUTH/SELECT) and which
        // bound ran out (the scrape deadline or REDIS_EXPORTER_CONNECTION_TIMEOUT).
        await transport.connect({ signal: opts.signal })
      } finally {
        connectSeconds = (opts.now() - t0) / 1000
      }
    }
    const connectionId = transport.connectionId?.()
    const nowMs = opts.now()
    const ttlMs = (opts.capabilityTtlSeconds ?? UNAVAILABLE_RETRY_MS / 1000) * 1000
    const infoAll = !(state.infoAllRefusedUntil !== undefined && state.infoAllRefusedUntil > nowMs)

    const sent = new Set<StepKey>()
    const run = async (steps: readonly Step[], facts: ServerFacts | undefined): Promise<void> => {
      const commands: Command[] = []
      const spans: [StepKey, number, number][] = []
      for (const step of steps) {
        const cmds = stepCommands(step, { opts, facts, infoAll })
        spans.push([step.key, commands.length, cmds.length])
        commands.push(...cmds)
        sentText.set(step.key, cmds.map((c) => c.join(' ')).join('; '))
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
        if (sentName(step, opts) === undefined) return false
        if (
          step.key === 'config' &&
          configIsFresh(state, connectionId, nowMs, opts.configRefreshSeconds)
        ) {
          return false
        }
        if (
          step.key === 'client_setname' &&
          (connectionId === undefined || state.namedConnectionId === connectionId)
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
    let infoAllRefusal: string | undefined
    if (infoReply && !infoReply.ok && infoAll && canFallBack(infoReply.error)) {
      // Some proxies refuse `INFO ALL`; plain INFO is the fallback redis_exporter uses too.
      const refusal = infoReply.error
      roundTrips += 1
      const infoName = sentName(PLAN[0]!, opts) ?? 'INFO'
      infoReply = (await transport.send([[infoName]], { signal: opts.signal }))[0]
      if (infoReply?.ok) infoAllRefusal = refusal
    }
    if (!infoReply) return down('no reply to INFO')
    if (!infoReply.ok) return down(infoReply.error)
    if (typeof infoReply.value !== 'string' || infoReply.value.trim() === '') {
      return down('INFO returned no data')
    }
    // parseInfo returns a fresh record: copying its ~600 fields again cost as much as parsing them.
    let info: Record<string, string> = parseInfo(infoReply.value)
    const sections = infoSections(infoReply.value)

    const facts = factsFromInfo(info)
    if (facts) learnServer(state, facts, nowMs, ttlMs, opts.log)
    else state.facts = undefined
    if (infoAllRefusal !== undefined) {
      state.infoAllRefusedUntil = nowMs + ttlMs
      logOnce(state, opts.log, 'info_all', {
        level: 'warn',
        msg: 'INFO ALL refused; plain INFO is sent instead (no commandstats, latencystats)',
        error: clip(infoAllRefusal),
      })
    }
    const followUp = select(facts)
    if (followUp.length > 0 && !opts.signal.aborted) await run(followUp, facts)

    recordOutcomes(state, replies, { nowMs, ttlMs, connectionId, log: opts.log, sentText })

    const configReplies = replies.get('config')
    if (configReplies && (!configReplies.every((r) => r.ok) || state.unavailable.has('config'))) {
      // Refused, empty or failed on this connection: stale values from another connection must not linger.
      state.config = undefined
    } else if (configReplies && facts) {
      const values: Record<string, string> = {}
      for (const r of configReplies)
        Object.assign(values, parseConfigGet(r.ok ? r.value : undefined))
      state.config = { values, connectionId, runId: facts.runId, fetchedAtMs: nowMs }
    }

    const cluster = replies.get('cluster_info')?.[0]
    if (cluster?.ok && typeof cluster.value === 'string' && !isEmptyReply(cluster.value)) {
      info = { ...info, ...parseInfo(cluster.value) }
    }

    const missing = sections.length > 0 ? missingSections(sections) : []
    if (missing.length > 0) {
      logOnce(state, opts.log, 'info_sections', {
        level: 'info',
        msg: 'INFO lacks sections on this target; the metrics from them are absent',
        sections: missing,
      })
    }

    const unavailable = [...state.unavailable.entries()]
      .filter(([, until]) => until > nowMs)
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
      available: availability(state, opts, nowMs, sections),
    }
  } catch (err) {
    return down(err)
  }
}

/** A failed `INFO ALL` worth retrying as plain INFO: not an auth, permission or busy-server error. */
function canFallBack(error: string): boolean {
  const cls = classifyError(error)
  return cls === 'error' || (cls === 'unavailable' && !/^\s*NOPERM/i.test(error))
}

const EXPECTED_SECTIONS = ['server', 'clients', 'memory', 'stats', 'replication', 'commandstats']

function missingSections(sections: readonly string[]): string[] {
  return EXPECTED_SECTIONS.filter((s) => !sections.includes(s))
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
