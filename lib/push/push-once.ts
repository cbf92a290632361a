import type { Config } from '../config'
import { RequestError } from '../errors'
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
import type { PushSink, PushTarget, SinkReport } from './types'

/** What a warm process remembers between pushes: per target and per seed. Keep one at module scope. */
export interface PushOnceState {
  readonly targets: PushState
  readonly seeds: DiscoveryState
}

export function newPushOnceState(): PushOnceState {
  return { targets: newPushState(), seeds: newDiscoveryState() }
}

/** Everything a push needs, built once by the runtime. */
export interface PushOnceDeps {
  readonly config: Config
  readonly push: Pick<PushConfig, 'targets' | 'discoverNodes'>
  readonly sinks: readonly PushSink[]
  /** Fills in a target's credentials (credentialResolver). */
  readonly prepare: (spec: PushTargetSpec) => Promise<PushTarget>
  readonly getTransport: (target: Target) => RedisTransport
  readonly state: PushOnceState
  readonly log: (entry: Readonly<Record<string, unknown>>) => void
  /** Milliseconds clock; defaults to Date.now. */
  readonly now?: () => number
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
}

/**
 * One push, the same on every runtime: replaces seeds by their nodes (expandTargets), collects
 * every target and hands the results to every sink (runPush), then writes one log line with the
 * outcome (`push finished`, or `push finished with failures` at level error). Never throws.
 */
export async function pushOnce(deps: PushOnceDeps, opts: PushOnceOptions): Promise<PushOutcome> {
  const now = deps.now ?? Date.now
  const started = now()
  const { config, prepare, getTransport, log } = deps
  const common = { config, prepare, getTransport, deadlineMs: opts.deadlineMs, now, log }
  const targets = await expandTargets({
    ...common,
    targets: deps.push.targets,
    mode: deps.push.discoverNodes,
    state: deps.state.seeds,
  })
  const result = await runPush({
    ...common,
    targets,
    sinks: deps.sinks,
    state: deps.state.targets,
    timestampMs: opts.timestampMs ?? pushTimestamp(opts.trigger, started),
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
  log({
    level: result.ok ? 'info' : 'error',
    msg: result.ok ? 'push finished' : 'push finished with failures',
    ...outcome,
  })
  return outcome
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
