import type { RenamedCommands } from '../capabilities/renamed-commands'
import { commandName } from '../capabilities/renamed-commands'
import type { CollectorSettings } from '../settings/collector-settings'
import type { Command, Reply } from '../types'
import type { OptInStepKey } from './opt-in-steps'
import { OPT_IN_STEPS } from './opt-in-steps'
import { detached } from '../primitives/detached'

/** What the exporter knows about a server from its last INFO; gates version-dependent commands. */
export interface ServerFacts {
  readonly runId: string
  /** `redis_version` (or `valkey_version`) as reported. */
  readonly version: string
  readonly major: number
  readonly minor: number
  readonly clusterEnabled: boolean
  /** INFO `redis_mode:sentinel`: the target is a Sentinel. */
  readonly sentinel: boolean
}

export type StepKey =
  | 'info'
  | 'client_setname'
  | 'config'
  | 'latency_latest'
  | 'latency_histogram'
  | 'slowlog_len'
  | 'slowlog_get'
  | 'cluster_info'
  | OptInStepKey

export interface PlanOptions {
  /** The CONFIG command's name (renamed on some services); undefined: never send CONFIG. */
  readonly configCommand?: string
  readonly excludeLatency: boolean
  /** Other renamed commands (`LATENCY` -> name, or null: never sent). CONFIG comes from configCommand. */
  readonly renamedCommands?: RenamedCommands
  /** Optional collectors turned off by the user (names of PLAN steps' `collector`). */
  readonly disabledCollectors?: readonly string[]
  /** Send `CLIENT SETNAME redis_exporter` once per new connection. */
  readonly setClientName?: boolean
  /** redis_exporter's opt-in collectors; all off when absent. */
  readonly optIns?: CollectorSettings
}

/** What a step's commands may depend on. */
export interface PlanContext {
  readonly opts: PlanOptions
  readonly facts: ServerFacts | undefined
  /** False once the server refused `INFO ALL` (some proxies): plain INFO is sent instead. */
  readonly infoAll: boolean
  /** The latency statistics are reused (lib/collect/latency-cache): INFO leaves out latencystats. */
  readonly latencyFresh?: boolean
  /** The replies of the steps already sent in this scrape (what `after` steps are built from). */
  readonly replies?: ReadonlyMap<StepKey, readonly Reply[]>
}

/** CONFIG parameters the metrics use; asked by name, never `CONFIG GET *`. */
export const CONFIG_PARAMETERS = [
  'maxmemory',
  'maxclients',
  'io-threads',
  'repl-backlog-size',
  'client-output-buffer-limit',
  'databases',
] as const

export interface Step {
  readonly key: StepKey
  /**
   * The optional collector the step belongs to (absent for INFO): what
   * REDIS_EXPORTER_DISABLED_COLLECTORS names and `exporter_collector_success{collector}` reports.
   */
  readonly collector?: string
  /** A failed required step fails the scrape (`redis_up 0`); an optional one only drops its families. */
  readonly required: boolean
  /** The command the step sends before renaming (`CONFIG`, `LATENCY`...). */
  readonly command: string
  /** An empty reply means "not offered here" (Upstash answers CONFIG GET with an empty list). */
  readonly expectsData?: boolean
  /** Present when the step depends on what INFO says; without known facts the step waits for INFO. */
  readonly needs?: (facts: ServerFacts) => boolean
  readonly enabled?: (opts: PlanOptions) => boolean
  /** Sent only after this step answered in the same scrape (its commands are built from the reply). */
  readonly after?: StepKey
  /** The commands of this step (usually one), before renaming. */
  readonly commands: (ctx: PlanContext) => readonly Command[]
}

/** What the two LATENCY steps share: optional, and both left out when latency is excluded. */
const LATENCY_STEP = {
  required: false,
  command: 'LATENCY',
  enabled: (o: PlanOptions) => !o.excludeLatency,
} as const

/**
 * The command plan, as data. Everything listed here goes to Redis in one pipelined round trip.
 * Steps with `needs` are sent in that same round trip once the server's facts are known (every
 * scrape after the first of a target); on first contact they follow in one extra round trip.
 * `client_setname` goes out only on a new connection; `config` only when its cache is stale.
 */
const STEPS = [
  {
    key: 'info',
    required: true,
    command: 'INFO',
    commands: (ctx) => [
      !ctx.infoAll
        ? ['INFO']
        : ctx.latencyFresh
          ? ['INFO', 'default', 'commandstats']
          : ['INFO', 'ALL'],
    ],
  },
  {
    key: 'client_setname',
    collector: 'client',
    required: false,
    command: 'CLIENT',
    enabled: (o) => o.setClientName === true,
    commands: () => [['CLIENT', 'SETNAME', 'redis_exporter']],
  },
  {
    key: 'config',
    collector: 'config',
    required: false,
    command: 'CONFIG',
    expectsData: true,
    needs: () => true,
    enabled: (o) => o.configCommand !== undefined,
    // Redis 7 takes several parameters in one CONFIG GET; older servers one at a time.
    commands: ({ facts, opts }) =>
      opts.optIns?.includeConfigMetrics
        ? [['CONFIG', 'GET', '*']]
        : facts && facts.major >= 7
          ? [['CONFIG', 'GET', ...CONFIG_PARAMETERS]]
          : CONFIG_PARAMETERS.map((p) => ['CONFIG', 'GET', p] as const),
  },
  {
    key: 'latency_latest',
    collector: 'latency_latest',
    ...LATENCY_STEP,
    commands: () => [['LATENCY', 'LATEST']],
  },
  {
    key: 'latency_histogram',
    collector: 'latency_histogram',
    ...LATENCY_STEP,
    needs: (f) => f.major >= 7,
    commands: () => [['LATENCY', 'HISTOGRAM']],
  },
  {
    key: 'slowlog_len',
    collector: 'slowlog',
    required: false,
    command: 'SLOWLOG',
    commands: () => [['SLOWLOG', 'LEN']],
  },
  {
    key: 'slowlog_get',
    collector: 'slowlog',
    required: false,
    command: 'SLOWLOG',
    commands: () => [['SLOWLOG', 'GET', '1']],
  },
  {
    key: 'cluster_info',
    collector: 'cluster_info',
    required: false,
    command: 'CLUSTER',
    expectsData: true,
    needs: (f) => f.clusterEnabled,
    commands: () => [['CLUSTER', 'INFO']],
  },
  ...OPT_IN_STEPS,
] as const satisfies readonly Step[]

export const PLAN: readonly Step[] = STEPS

/** An optional collector: the `collector` of a PLAN step. */
export type Collector = CollectorOf<(typeof STEPS)[number]>
type CollectorOf<S> = S extends { readonly collector: infer C } ? C : never

/** The optional collectors in plan order, each with the steps that make it up. */
export const COLLECTOR_STEPS: readonly (readonly [Collector, readonly StepKey[]])[] = (() => {
  const out = new Map<Collector, StepKey[]>()
  for (const step of STEPS) {
    if (!('collector' in step)) continue
    const keys = out.get(step.collector) ?? []
    out.set(step.collector, [...keys, step.key])
  }
  return [...out]
})()

/** The server-side name of a step's command; undefined when the user renamed it away or turned it off. */
export function sentName(step: Step, opts: PlanOptions): string | undefined {
  if (step.collector && opts.disabledCollectors?.includes(step.collector)) return undefined
  if (step.command === 'CONFIG') return opts.configCommand
  return commandName(opts.renamedCommands ?? {}, step.command)
}

/** The step's commands as sent: its command renamed (`CONFIG GET ...` -> `xyz GET ...`). */
export function stepCommands(step: Step, ctx: PlanContext): Command[] {
  const name = sentName(step, ctx.opts)
  if (name === undefined) return []
  return step.commands(ctx).map(([, ...args]) => [name, ...args] as const)
}

/**
 * Facts from an INFO record; undefined when INFO carried no version. They are remembered between
 * scrapes (TargetState), so their texts are copies (detached): a 40-character `run_id` cut from the
 * reply would keep the whole INFO text alive until the next scrape or push.
 */
export function factsFromInfo(info: Readonly<Record<string, string>>): ServerFacts | undefined {
  const version = info['redis_version'] ?? info['valkey_version']
  if (!version) return undefined
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0)
  return {
    runId: detached(info['run_id'] ?? ''),
    version: detached(version),
    major,
    minor,
    clusterEnabled: info['cluster_enabled'] === '1',
    sentinel: info['redis_mode'] === 'sentinel',
  }
}
