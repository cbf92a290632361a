import { clip } from '../bounds'
import { classifyError, isEmptyReply } from '../capabilities/classify'
import { parseInfo, readInfo } from '../parse/info'
import type { RedisTransport } from '../transport/transport'
import type { Command, InfoRecord, Reply } from '../types'
import { applyLatencyCache, latencyIsFresh, rememberLatency, sendsLeanInfo } from './latency-cache'
import { configIsFresh, storeConfig } from './config-cache'
import { availability, learnServer, logOnce, recordOutcomes, unavailableSteps } from './outcomes'
import type { ServerFacts, Step, StepKey } from './plan'
import { PLAN, factsFromInfo, sentName, stepCommands } from './plan'
import { pingSeconds } from './ping'
import type { CollectOptions, Snapshot } from './snapshot'
import type { TargetState } from './target-state'
import { UNAVAILABLE_RETRY_MS } from './target-state'

export type { CollectOptions, Snapshot } from './snapshot'

/** What one scrape has sent and learned so far; `down` reports it when the scrape fails. */
interface Scrape {
  readonly transport: RedisTransport
  readonly state: TargetState
  readonly opts: CollectOptions
  readonly replies: Map<StepKey, readonly Reply[]>
  /** The commands each step sent, as text, for logs. */
  readonly sentText: Map<StepKey, string>
  readonly sent: Set<StepKey>
  connectSeconds: number
  pingSeconds?: number
  roundTrips: number
  connectionId?: number | undefined
  nowMs: number
  ttlMs: number
  /** False while the server is known to refuse `INFO ALL`: plain INFO is sent instead. */
  infoAll: boolean
  /** The target's latency statistics are reused (lib/collect/latency-cache). */
  latencyFresh: boolean
  /** ...and INFO is the shorter one, without latencystats. */
  leanInfo: boolean
}

/** One scrape of one target. Never throws: failures become `up: false` with a reason. */
export async function collect(
  transport: RedisTransport,
  state: TargetState,
  opts: CollectOptions
): Promise<Snapshot> {
  const scrape: Scrape = {
    transport,
    state,
    opts,
    replies: new Map(),
    sentText: new Map(),
    sent: new Set(),
    connectSeconds: 0,
    roundTrips: 0,
    nowMs: 0,
    ttlMs: 0,
    infoAll: true,
    latencyFresh: false,
    leanInfo: false,
  }
  try {
    await connect(scrape)
    await run(scrape, select(scrape, state.facts), state.facts)
    const { reply, refusal } = await infoReply(scrape)
    if (!reply) return down(scrape, 'no reply to INFO')
    if (!reply.ok) return down(scrape, reply.error)
    if (typeof reply.value !== 'string' || reply.value.trim() === '') {
      return down(scrape, 'INFO returned no data')
    }
    return await afterInfo(scrape, reply.value, refusal)
  } catch (err) {
    return down(scrape, err)
  }
}

/** Connects (when the transport connects explicitly) and fixes the scrape's clock and connection. */
async function connect(scrape: Scrape): Promise<void> {
  const { transport, opts, state } = scrape
  if (transport.connect) {
    const t0 = opts.now()
    let opened = true
    try {
      // The transport names the phase that hung (TCP, TLS handshake, AUTH/SELECT) and which
      // bound ran out (the scrape deadline or REDIS_EXPORTER_CONNECTION_TIMEOUT).
      opened = await transport.connect({ signal: opts.signal })
    } finally {
      // A reused warm connection cost no connect: 0, not the microseconds of the check.
      scrape.connectSeconds = opened ? (opts.now() - t0) / 1000 : 0
    }
  }
  scrape.connectionId = transport.connectionId?.()
  if (opts.optIns?.pingOnConnect) {
    scrape.pingSeconds = await pingSeconds(transport, opts)
    scrape.roundTrips += 1
  }
  scrape.nowMs = opts.now()
  scrape.ttlMs = (opts.capabilityTtlSeconds ?? UNAVAILABLE_RETRY_MS / 1000) * 1000
  const refusedUntil = state.infoAllRefusedUntil
  const refused = refusedUntil !== undefined && refusedUntil > scrape.nowMs
  scrape.infoAll = opts.infoDefault !== true && !refused
  scrape.latencyFresh = latencyIsFresh(state, state.facts, scrape.nowMs, {
    refreshSeconds: opts.latencyRefreshSeconds,
    infoAll: scrape.infoAll,
  })
  scrape.leanInfo = sendsLeanInfo(state, scrape.latencyFresh)
}

/** The PLAN steps to send now: not sent yet, turned on, due, and applicable to what INFO said. */
function select(scrape: Scrape, facts: ServerFacts | undefined): Step[] {
  const { state, opts, connectionId, nowMs } = scrape
  return PLAN.filter((step) => {
    if (scrape.sent.has(step.key)) return false
    if (step.key === 'latency_histogram' && scrape.latencyFresh && state.latency?.histogram) {
      return false
    }
    if (step.enabled && !step.enabled(opts)) return false
    if (step.after && !scrape.replies.get(step.after)?.every((r) => r.ok)) return false
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
}

/** Sends the steps' commands in one pipelined round trip and files the replies per step. */
async function run(
  scrape: Scrape,
  steps: readonly Step[],
  facts: ServerFacts | undefined
): Promise<void> {
  const commands: Command[] = []
  const spans: [StepKey, number, number][] = []
  for (const step of steps) {
    const { opts, infoAll, leanInfo, replies } = scrape
    const ctx = { opts, facts, infoAll, latencyFresh: leanInfo, replies }
    const cmds = stepCommands(step, ctx)
    spans.push([step.key, commands.length, cmds.length])
    commands.push(...cmds)
    scrape.sentText.set(step.key, cmds.map((c) => c.join(' ')).join('; '))
    scrape.sent.add(step.key)
  }
  if (commands.length === 0) return
  scrape.roundTrips += 1
  const out = await scrape.transport.send(commands, { signal: scrape.opts.signal })
  for (const [key, start, count] of spans) scrape.replies.set(key, out.slice(start, start + count))
}

/** INFO; where `INFO ALL` is refused (proxies), plain INFO in one more round trip, as upstream. */
async function infoReply(scrape: Scrape): Promise<{ reply?: Reply; refusal?: string }> {
  const reply = scrape.replies.get('info')?.[0]
  if (!reply || reply.ok || !scrape.infoAll || !canFallBack(reply.error)) return { reply }
  scrape.roundTrips += 1
  const infoName = sentName(PLAN[0]!, scrape.opts) ?? 'INFO'
  const [plain] = await scrape.transport.send([[infoName]], { signal: scrape.opts.signal })
  return plain?.ok ? { reply: plain, refusal: reply.error } : { reply: plain }
}

/** Everything after a good INFO: facts, the follow-up round trip, outcomes, CONFIG, CLUSTER INFO. */
async function afterInfo(scrape: Scrape, text: string, refusal?: string): Promise<Snapshot> {
  const { state, opts, replies, nowMs } = scrape
  // readInfo returns a fresh record: copying its ~600 fields again cost as much as parsing them.
  const read = readInfo(text)
  let info = read.info
  const sections = read.sections
  const facts = learnFacts(scrape, info, refusal)
  if (scrape.latencyFresh && state.latency?.runId === facts?.runId) {
    const lean = scrape.leanInfo
    applyLatencyCache(state, { info, sections, replies, lean, refused: refusal !== undefined })
  } else if (scrape.latencyFresh) {
    // Another server answered: its own LATENCY HISTOGRAM goes in the follow-up round trip.
    scrape.latencyFresh = false
    state.latency = undefined
  }
  // The steps INFO made applicable, then those built from their replies (`after`): at most two.
  for (let i = 0; i < 2; i++) {
    const followUp = select(scrape, facts)
    if (followUp.length === 0 || opts.signal.aborted) break
    await run(scrape, followUp, facts)
  }
  // Loaded only when key checks are configured: a chunk of its own in the Lambda scrape bundle.
  const phase = opts.keyChecks ? await import('../keys/key-phase') : undefined
  const keys = await phase?.keyPhase(scrape.transport, state, opts, info)

  const { ttlMs, connectionId, sentText } = scrape
  recordOutcomes(state, replies, { nowMs, ttlMs, connectionId, log: opts.log, sentText })
  if (!scrape.latencyFresh) {
    const refreshSeconds = opts.latencyRefreshSeconds
    rememberLatency(state, facts, { info, sections, replies, nowMs, refreshSeconds })
  }
  storeConfig(state, facts, scrape)
  const cluster = replies.get('cluster_info')?.[0]
  if (cluster?.ok && typeof cluster.value === 'string' && !isEmptyReply(cluster.value)) {
    info = { ...info, ...parseInfo(cluster.value) }
  }
  // No section headers at all (a proxy's INFO): nothing to say.
  const missing = EXPECTED_SECTIONS.filter((s) => sections.length > 0 && !sections.includes(s))
  if (missing.length > 0) {
    logOnce(state, opts.log, 'info_sections', {
      level: 'info',
      msg: 'INFO lacks sections on this target; the metrics from them are absent',
      sections: missing,
    })
  }
  const available = availability(state, opts, nowMs, sections)
  // The key checks' entries after the collectors' (a name in both keeps its place, takes theirs).
  for (const [name, yes] of keys?.available ?? []) available.set(name, yes)
  return {
    up: true,
    error: '',
    info,
    ...(state.config ? { config: state.config.values } : {}),
    replies,
    unavailable: unavailableSteps(state, nowMs),
    connectSeconds: scrape.connectSeconds,
    ...(scrape.pingSeconds === undefined ? {} : { pingSeconds: scrape.pingSeconds }),
    roundTrips: scrape.roundTrips,
    available,
    ...(keys && phase ? { keys, addKeyFamilies: phase.addKeyFamilies } : {}),
  }
}

/** Learns the server from INFO (a new server is probed afresh) and remembers an `INFO ALL` refusal. */
function learnFacts(
  scrape: Scrape,
  info: InfoRecord,
  refusal: string | undefined
): ServerFacts | undefined {
  const { state, opts, nowMs, ttlMs } = scrape
  const facts = factsFromInfo(info)
  if (facts) learnServer(state, facts, nowMs, ttlMs, opts.log)
  else state.facts = undefined
  // A refused `INFO default commandstats` says nothing of INFO ALL: that server only loses the
  // shorter INFO (lib/collect/latency-cache).
  if (refusal !== undefined && !scrape.leanInfo) {
    state.infoAllRefusedUntil = nowMs + ttlMs
    logOnce(state, opts.log, 'info_all', {
      level: 'warn',
      msg: 'INFO ALL refused; plain INFO is sent instead (no commandstats, latencystats)',
      error: clip(refusal),
    })
  }
  return facts
}

/** The snapshot of a failed scrape, with what was learned before it failed. */
function down(scrape: Scrape, error: unknown): Snapshot {
  // Clipped here, once: the err label and every log line that prints it stay bounded.
  const text = clip(errorText(error))
  return {
    up: false,
    error: text,
    info: {},
    replies: scrape.replies,
    unavailable: [],
    connectSeconds: scrape.connectSeconds,
    ...(scrape.pingSeconds === undefined ? {} : { pingSeconds: scrape.pingSeconds }),
    roundTrips: scrape.roundTrips,
    failure: classifyError(text),
  }
}

/** A failed `INFO ALL` worth retrying as plain INFO: not an auth, permission or busy-server error. */
function canFallBack(error: string): boolean {
  const cls = classifyError(error)
  return cls === 'error' || (cls === 'unavailable' && !/^\s*NOPERM/i.test(error))
}

const EXPECTED_SECTIONS = ['server', 'clients', 'memory', 'stats', 'replication', 'commandstats']

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name
  return String(err)
}
