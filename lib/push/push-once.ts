import type { Config } from '../config'
import { RequestError } from '../errors'
import { BoundedMap } from '../primitives/bounded-map'
import type { Target } from '../target'
import type { RedisTransport } from '../transport/transport'
import type { DiscoveryState } from './expand-targets'
import { expandTargets, newDiscoveryState } from './expand-targets'
import type { PushConfig } from './push-config'
import type { PushTargetSpec } from './push-targets'
import type { PushResult, PushState } from './run-push'
import { newPushState, runPush } from './run-push'
import type { ScheduleTrigger } from './schedule-event'
import { parseScheduleEvent, pushTimestamp } from './schedule-event'
import { shardMetricsDocument } from './shard-metrics'
import { WHOLE, shardLabel, targetsOfShard } from './shards'
import type { PushSink, PushTarget, SinkReport } from './types'

/** What a warm process remembers between pushes: per target and per seed. Keep one at module scope. */
export interface PushOnceState {
  readonly targets: PushState
  readonly seeds: DiscoveryState
  /** The (shard, scheduled time) pairs this process pushed, so a duplicate delivery is skipped. */
  readonly delivered: BoundedMap<string, true>
}

/** How many delivered (shard, scheduled time) pairs a warm process remembers. */
export const MAX_DELIVERED = 256

export function newPushOnceState(): PushOnceState {
  return {
    targets: newPushState(),
    seeds: newDiscoveryState(),
    delivered: new BoundedMap(MAX_DELIVERED),
  }
}

/** Everything a push needs, built once by the runtime. */
export interface PushOnceDeps {
  readonly config: Config
  readonly push: Pick<PushConfig, 'targets' | 'discoverNodes'> &
    Partial<Pick<PushConfig, 'sinks' | 'cloudwatch'>>
  readonly sinks: readonly PushSink[]
  /** Fills in a target's credentials (credentialResolver). */
  readonly prepare: (spec: PushTargetSpec) => PushTarget | Promise<PushTarget>
  readonly getTransport: (target: Target) => RedisTransport
  readonly state: PushOnceState
  readonly log: (entry: Readonly<Record<string, unknown>>) => void
  /** Milliseconds clock; defaults to Date.now. */
  readonly now?: () => number
  /** Writes one line of EMF (Lambda: stdout): the push's own metrics, when the emf sink is used. */
  readonly write?: (line: string) => Promise<void>
  /** CPU time of the process so far, ms, where the runtime can tell (Node: process.cpuUsage). */
  readonly cpuMs?: () => number
}

export interface PushOnceOptions {
  readonly trigger: ScheduleTrigger
  /** Epoch ms the push ends by, sinks included. */
  readonly deadlineMs: number
  /** Timestamp of the data points. Default: the schedule's time when plausible (pushTimestamp). */
  readonly timestampMs?: number
}

/** What one push did, as the handler returns it and its log line shows it. */
export type PushOutcome = Omit<PushResult, 'sinks'> & {
  readonly trigger: ScheduleTrigger
  readonly sinks: readonly Pick<SinkReport, 'sink' | 'ok' | 'sent' | 'warnings'>[]
  /** This process already pushed this shard for this scheduled time: nothing was pushed again. */
  readonly duplicate?: true
}

/**
 * One push, the same on every runtime: keeps the targets of the trigger's shard (all when it
 * names none), replaces seeds by their nodes (expandTargets), collects every target and hands the
 * results to every sink (runPush), then writes one log line with the outcome (`push finished`, or
 * `push finished with failures` at level error) and, with the emf sink, the shard's self-metrics.
 * A second delivery of a (shard, scheduled time) this process already pushed is skipped. Never
 * throws.
 */
export async function pushOnce(deps: PushOnceDeps, opts: PushOnceOptions): Promise<PushOutcome> {
  const now = deps.now ?? Date.now
  const started = now()
  const cpuStarted = deps.cpuMs?.()
  const shard = opts.trigger.shard ?? WHOLE
  const key = deliveryKey(opts.trigger)
  if (key !== undefined && deps.state.delivered.has(key)) return skipDuplicate(deps, opts.trigger)
  const { config, prepare, getTransport, log } = deps
  const common = { config, prepare, getTransport, deadlineMs: opts.deadlineMs, now, log }
  const targets = await expandTargets({
    ...common,
    targets: targetsOfShard(deps.push.targets, shard),
    mode: deps.push.discoverNodes,
    state: deps.state.seeds,
  })
  const timestampMs = opts.timestampMs ?? pushTimestamp(opts.trigger, started)
  const result = await runPush({
    ...common,
    targets,
    sinks: deps.sinks,
    state: deps.state.targets,
    timestampMs,
  })
  const outcome: PushOutcome = {
    ok: result.ok,
    trigger: opts.trigger,
    targets: result.targets,
    sinks: result.sinks.map(({ sink, ok, sent, warnings }) => ({
      sink,
      ok,
      sent,
      ...(warnings ? { warnings } : {}),
    })),
    failures: result.failures,
  }
  // Remembered only once every sink delivered: a retry after a failed sink pushes again.
  if (key !== undefined && result.sinks.every((s) => s.ok)) deps.state.delivered.set(key, true)
  const cpuMs = cpuStarted === undefined ? undefined : (deps.cpuMs?.() ?? cpuStarted) - cpuStarted
  const run = { shard, targets: result.targets.length, durationMs: now() - started, timestampMs }
  await writeShardMetrics(deps, {
    ...run,
    up: result.targets.filter((t) => t.up).length,
    ...(cpuMs === undefined ? {} : { cpuMs }),
  })
  log({
    level: result.ok ? 'info' : 'error',
    msg: result.ok ? 'push finished' : 'push finished with failures',
    ...(opts.trigger.shard ? { shard: shardLabel(shard) } : {}),
    ...outcome,
  })
  return outcome
}

/**
 * `index/of@scheduled time` of a shard's trigger (a schedule's Input or a queue message naming
 * its shard and time); undefined otherwise (a rule, a cron run, a direct push now: not deduplicated).
 */
function deliveryKey(trigger: ScheduleTrigger): string | undefined {
  if (trigger.scheduledTimeMs === undefined || trigger.shard === undefined) return undefined
  return `${shardLabel(trigger.shard)}@${trigger.scheduledTimeMs}`
}

function skipDuplicate(deps: PushOnceDeps, trigger: ScheduleTrigger): PushOutcome {
  const shard = shardLabel(trigger.shard ?? WHOLE)
  const at = new Date(trigger.scheduledTimeMs ?? 0).toISOString()
  deps.log({ level: 'warn', msg: 'duplicate delivery skipped', shard, scheduledTime: at })
  return { ok: true, duplicate: true, trigger, targets: [], sinks: [], failures: [] }
}

/** The shard's self-metrics as one EMF line, when the emf sink is configured and can write. */
async function writeShardMetrics(
  deps: PushOnceDeps,
  run: Parameters<typeof shardMetricsDocument>[0]
): Promise<void> {
  const { write } = deps
  const { sinks, cloudwatch } = deps.push
  if (!write || !cloudwatch || !sinks?.includes('emf')) return
  try {
    await write(`${shardMetricsDocument(run, cloudwatch)}\n`)
  } catch (err) {
    deps.log({ level: 'warn', msg: 'push self-metrics not written', error: String(err) })
  }
}

/** Time kept back from the invocation's remaining time for returning the result. */
const RETURN_MARGIN_MS = 500

/**
 * The Lambda push: a schedule event (or a direct invoke) pushes within the invocation's
 * `remainingMs`; an HTTP event meant for the scrape function is refused with one log line,
 * nothing pushed.
 */
export async function pushOnEvent(
  deps: PushOnceDeps,
  event: unknown,
  remainingMs: number | undefined
): Promise<PushOutcome> {
  let trigger: ScheduleTrigger
  try {
    trigger = parseScheduleEvent(event)
  } catch (err) {
    if (!(err instanceof RequestError)) throw err
    deps.log({ level: 'error', msg: 'bad event', error: err.message })
    return {
      ok: false,
      trigger: { kind: 'refused' },
      targets: [],
      sinks: [],
      failures: [err.message],
    }
  }
  const now = deps.now ?? Date.now
  const deadlineMs = now() + Math.max(100, (remainingMs ?? 60_000) - RETURN_MARGIN_MS)
  return pushOnce(deps, { trigger, deadlineMs })
}
