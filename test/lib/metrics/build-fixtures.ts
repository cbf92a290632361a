/** Snapshots and options shared by the builder tests: real captures from test/fixtures/parse. */
import { readFileSync } from 'node:fs'
import type { Snapshot } from '../../../lib/collect/collect'
import type { StepKey } from '../../../lib/collect/plan'
import { buildFamilies, buildPage } from '../../../lib/metrics/build'
import type { BuildOptions, SelfMetrics } from '../../../lib/metrics/build'
import { parseConfigGet } from '../../../lib/parse/config-get'
import { parseInfo } from '../../../lib/parse/info'
import { renderPrometheus } from '../../../lib/render/prometheus'
import type { InfoRecord, Reply } from '../../../lib/types'
import { parsePromText } from '../../helpers/prom-text'
import type { ParsedFamily } from '../../helpers/prom-text'

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/parse/${name}`, import.meta.url), 'utf8')
}
export function fixtureReply(name: string): Reply {
  return { ok: true, value: JSON.parse(fixtureText(name)) }
}

/** Scrape time: one second after the standalone capture's server_time_usec. */
export const NOW_SECONDS = 1_795_319_047

export const SELF: SelfMetrics = {
  durationSeconds: 0.0042,
  scrapesTotal: 3,
  scrapeDurationSum: 0.0125,
  targetScrapeRequestErrors: 0,
  buildInfo: {
    version: '1.2.3',
    commitSha: '0123abc',
    buildDate: '2025-01-01T00:00:00Z',
    runtimeVersion: 'node-v20.19.0',
  },
}

export const OPTS: BuildOptions = {
  namespace: 'redis',
  includeSystemMetrics: false,
  includeMetricsForEmptyDatabases: true,
  nowSeconds: NOW_SECONDS,
}

/** What `CONFIG GET maxmemory maxclients ... databases` answers on the captured servers. */
export const CONFIG: Readonly<Record<string, string>> = {
  maxmemory: '0',
  maxclients: '10000',
  'io-threads': '1',
  'repl-backlog-size': '1048576',
  databases: '16',
  ...parseConfigGet(
    JSON.parse(fixtureText('config-get-client-output-buffer-limit-redis-7.0.json'))
  ),
}

export interface SnapshotParts {
  readonly info?: InfoRecord
  readonly config?: Readonly<Record<string, string>>
  readonly replies?: readonly [StepKey, readonly Reply[]][]
  readonly unavailable?: readonly StepKey[]
}

export function upSnapshot(parts: SnapshotParts): Snapshot {
  return {
    up: true,
    error: '',
    info: parts.info ?? {},
    ...(parts.config ? { config: parts.config } : {}),
    replies: new Map(parts.replies ?? []),
    unavailable: parts.unavailable ?? [],
    connectSeconds: 0.0015,
    roundTrips: 1,
  }
}

export const ALL_REPLIES: [StepKey, Reply[]][] = [
  ['latency_latest', [fixtureReply('latency-latest-redis-7.0.json')]],
  ['latency_histogram', [fixtureReply('latency-histogram-redis-7.0.json')]],
  ['slowlog_len', [fixtureReply('slowlog-len-redis-7.0.json')]],
  ['slowlog_get', [fixtureReply('slowlog-get-1-redis-7.0.json')]],
]

export const DOWN: Snapshot = {
  up: false,
  error: 'connect ECONNREFUSED 127.0.0.1:6379',
  info: {},
  replies: new Map(),
  unavailable: [],
  connectSeconds: 0.0031,
  roundTrips: 0,
}

export const SCENARIOS: readonly [file: string, snapshot: Snapshot][] = [
  [
    'redis-7.0-standalone.prom',
    upSnapshot({
      info: parseInfo(fixtureText('info-redis-7.0.txt')),
      config: CONFIG,
      replies: ALL_REPLIES,
    }),
  ],
  [
    // A replica where CONFIG and LATENCY are refused (as on managed services): config_maxclients
    // and config_maxmemory come from INFO, the collectors report 0. The slowlog is empty.
    'redis-7.0-replica.prom',
    upSnapshot({
      info: parseInfo(fixtureText('info-redis-7.0-replica.txt')),
      replies: [
        ['latency_latest', [{ ok: false, error: "ERR unknown command 'LATENCY'" }]],
        ['slowlog_len', [{ ok: true, value: 0 }]],
        ['slowlog_get', [fixtureReply('slowlog-get-1-empty-redis-7.0.json')]],
      ],
      unavailable: ['config', 'latency_histogram'],
    }),
  ],
  [
    // The master once its replica is online, configured with `databases 4`.
    'redis-7.0-master-with-replica.prom',
    upSnapshot({
      info: parseInfo(fixtureText('info-redis-7.0-master-with-replica.txt')),
      config: { ...CONFIG, databases: '4' },
      replies: ALL_REPLIES,
    }),
  ],
  ['redis-7.0-down.prom', DOWN],
]

export const GOLDEN_DIR = new URL('../../golden/', import.meta.url)

/**
 * The page of `snapshot` as /metrics writes it (buildPage, one pass); throws when the object
 * path (buildFamilies then renderPrometheus, what the pushes read) gives other bytes.
 */
export function render(snapshot: Snapshot, opts: Partial<BuildOptions> = {}): string {
  const page = buildPage(snapshot, SELF, { ...OPTS, ...opts })
  const objects = renderPrometheus(buildFamilies(snapshot, SELF, { ...OPTS, ...opts }))
  if (page !== objects)
    throw new Error(`buildPage and buildFamilies differ:\n${firstDiff(page, objects)}`)
  return page
}

function firstDiff(a: string, b: string): string {
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return `page: ${JSON.stringify(a.slice(i - 80, i + 80))}\nobjects: ${JSON.stringify(b.slice(i - 80, i + 80))}`
}

export function parsed(
  snapshot: Snapshot,
  opts: Partial<BuildOptions> = {}
): Map<string, ParsedFamily> {
  return parsePromText(render(snapshot, opts))
}

export function scenario(file: string): Snapshot {
  const found = SCENARIOS.find(([f]) => f === file)
  if (!found) throw new Error(`no scenario ${file}`)
  return found[1]
}

export function dbLabels(families: Map<string, ParsedFamily>): string[] {
  return (families.get('redis_db_keys')?.samples ?? []).map((s) => s.labels['db'] ?? '')
}
