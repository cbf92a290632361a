import type { Command } from '../types'

/** What the exporter knows about a server from its last INFO; gates version-dependent commands. */
export interface ServerFacts {
  readonly runId: string
  readonly major: number
  readonly minor: number
  readonly clusterEnabled: boolean
}

export type StepKey =
  | 'info'
  | 'config'
  | 'latency_latest'
  | 'latency_histogram'
  | 'slowlog_len'
  | 'slowlog_get'
  | 'cluster_info'

export interface PlanOptions {
  /** The CONFIG command's name (renamed on some services); undefined: never send CONFIG. */
  readonly configCommand?: string
  readonly excludeLatency: boolean
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
  /** A failed required step fails the scrape (`redis_up 0`); an optional one only drops its families. */
  readonly required: boolean
  /** Present when the step depends on what INFO says; without known facts the step waits for INFO. */
  readonly needs?: (facts: ServerFacts) => boolean
  readonly enabled?: (opts: PlanOptions) => boolean
  /** The commands of this step (usually one). */
  readonly commands: (opts: PlanOptions, facts: ServerFacts | undefined) => readonly Command[]
}

/**
 * The command plan, as data. Everything listed here goes to Redis in one pipelined round trip.
 * Steps with `needs` are sent in that same round trip once the server's facts are known (every
 * scrape after the first of a target); on first contact they follow in one extra round trip.
 */
export const PLAN: readonly Step[] = [
  { key: 'info', required: true, commands: () => [['INFO', 'ALL']] },
  {
    key: 'config',
    required: false,
    needs: () => true,
    enabled: (o) => o.configCommand !== undefined,
    // Redis 7 takes several parameters in one CONFIG GET; older servers one at a time.
    commands: (o, f) =>
      f && f.major >= 7
        ? [[o.configCommand!, 'GET', ...CONFIG_PARAMETERS]]
        : CONFIG_PARAMETERS.map((p) => [o.configCommand!, 'GET', p] as const),
  },
  {
    key: 'latency_latest',
    required: false,
    enabled: (o) => !o.excludeLatency,
    commands: () => [['LATENCY', 'LATEST']],
  },
  {
    key: 'latency_histogram',
    required: false,
    needs: (f) => f.major >= 7,
    enabled: (o) => !o.excludeLatency,
    commands: () => [['LATENCY', 'HISTOGRAM']],
  },
  { key: 'slowlog_len', required: false, commands: () => [['SLOWLOG', 'LEN']] },
  { key: 'slowlog_get', required: false, commands: () => [['SLOWLOG', 'GET', '1']] },
  {
    key: 'cluster_info',
    required: false,
    needs: (f) => f.clusterEnabled,
    commands: () => [['CLUSTER', 'INFO']],
  },
]

/** Facts from an INFO record; undefined when INFO carried no version. */
export function factsFromInfo(info: Readonly<Record<string, string>>): ServerFacts | undefined {
  const version = info['redis_version'] ?? info['valkey_version']
  if (!version) return undefined
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0)
  return {
    runId: info['run_id'] ?? '',
    major,
    minor,
    clusterEnabled: info['cluster_enabled'] === '1',
  }
}
